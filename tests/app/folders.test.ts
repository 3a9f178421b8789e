/**
 * The CLI's use cases over the project's folders (src/app/folders.ts): a blocked document is an
 * outcome with its findings; the data is read only once the template is found.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderFromFolders, scanTemplateFolder, testLexiconFolder } from '../../src/app/index.js';
import { PROJECT_ROOT, isAppError } from '../../src/core/index.js';

describe('use cases over the folders', () => {
  it('renders the example; the same letter with a word to avoid is blocked, as a draft it renders', async () => {
    const produced = await renderFromFolders({}, 'financial-checkup', 'example', { format: 'text' });
    expect(produced.status).toBe('produced');
    const example = scanTemplateFolder(path.join(PROJECT_ROOT, 'templates')).get('financial-checkup').example;
    const blocked = await renderFromFolders({}, 'financial-checkup', () => ({ ...example, note: 'The money was misspent.' }), { format: 'text' });
    expect(blocked.status).toBe('blocked');
    if (blocked.status === 'blocked') expect(blocked.findings.some((f) => f.ruleId === 'lexicon/misspent')).toBe(true);
    const draft = await renderFromFolders({}, 'financial-checkup', () => ({ ...example, note: 'The money was misspent.' }), { format: 'text', draft: true });
    expect(draft.status === 'produced' && draft.document.draft).toBe(true);
  }, 120_000);

  it('an unknown template is named before the data is read', async () => {
    let read = false;
    const error = await renderFromFolders({}, 'no-such-template', () => {
      read = true;
      return {};
    }, { format: 'pdf' }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('TEMPLATE_NOT_FOUND');
    expect(read).toBe(false);
  }, 60_000);

  it("runs a lexicon folder's own examples and lists the ones that fail", async () => {
    const shipped = await testLexiconFolder(path.join(PROJECT_ROOT, 'lexicon'));
    expect(shipped.failures).toEqual([]);
    expect(shipped.examples).toBeGreaterThan(shipped.entries);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-lexicon-'));
    try {
      fs.writeFileSync(path.join(dir, 'words.yml'), '- id: scold\n  terms: [scold]\n  replace: [talk to]\n  severity: warning\n  reason: Sounds like telling off.\n  examples:\n    flag: ["Nothing here."]\n    pass: ["We will talk to you."]\n');
      const result = await testLexiconFolder(dir);
      expect(result).toMatchObject({ entries: 1, examples: 2 });
      expect(result.failures).toHaveLength(1);
      expect(result.failures[0]).toContain('Nothing here.');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
