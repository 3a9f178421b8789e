import type { Metafile } from 'esbuild';

/** What dist/build.json records (scripts/build.mjs). */
export interface BuildStamp {
  version: number;
  builtAt: string;
  /** Worker task module source -> its prebuilt file in the build folder. */
  workers: Record<string, string>;
  /** node_modules/.package-lock.json's [size, mtimeMs] (the installed packages, most of them bundled), or null. */
  packages: [number, number] | null;
  /** lexiconCodeHash() of the sources it was built from, built into the code (src/lexicon/snapshot.ts). */
  lexiconCodeHash: string;
  /** Every source the build read -> [size, mtimeMs]. */
  inputs: Record<string, [number, number]>;
}
/** Entry points: output name -> source. */
export const ENTRIES: Record<string, string>;
/** Packages left in node_modules (not bundled) -> why each must be. */
export const EXTERNAL: Record<string, string>;
/** Bundled packages whose code mentions `import.meta.url` and the like, checked by hand -> why bundling is right. */
export const REVIEWED: Record<string, string>;
/** Bundled packages (not REVIEWED) whose code looks for files beside itself -> where. */
export function packagesLookingBesideThemselves(metafile: Metafile): Map<string, string>;
/** src/lexicon/snapshot.ts's lexiconCodeHash(), from the sources in the project now. */
export function lexiconCodeHash(): string;
/** Builds dist/ (or `outDir`, a folder inside the project) and returns what build.json records, with esbuild's metafile. */
export function buildDist(options?: { quiet?: boolean; outDir?: string }): Promise<BuildStamp & { metafile: Metafile }>;
