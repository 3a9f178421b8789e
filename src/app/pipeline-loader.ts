/**
 * The one way `app/` reaches the heavy stages (the linter with compromise and retext, the
 * lexicon compiler, the PDF writer with pdfkit and fontkit): a memoised dynamic import. The
 * service's main process starts without them (issue 13 item 7) and loads them on the first use
 * case that needs them — a lint, a render, a check. Light things (schemas, file formats,
 * template parsing) come from `pipeline/light.ts` and are imported normally.
 */
export type Pipeline = typeof import('../pipeline/index.js');

let loading: Promise<Pipeline> | undefined;

/** The pipeline module, imported on first call; every later call gets the same promise. */
export function loadPipeline(): Promise<Pipeline> {
  loading ??= import('../pipeline/index.js').catch((error: unknown) => {
    loading = undefined; // a failed import (say, a missing file) is tried again next time
    throw error;
  });
  return loading;
}
