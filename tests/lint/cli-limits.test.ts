/**
 * `plainly lint` on Markdown past a limit: exit 2 at once, naming file:line:col and the limit,
 * never a crash or minutes of work; the same text as a .txt file is prose and is checked.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, run, tempDir } from '../cli/lint-helpers.js';

const LEXICON = path.join(FIXTURES, 'lexicon-basic');

describe('plainly lint and the Markdown limits', () => {
  it.each([
    ['deep.md', '- '.repeat(5_000), /^plainly: deep\.md:1:33: quotes, lists and :::boxes are nested more than 16 levels deep here \(the most Plainly reads is 16\)/m],
    ['boxes.md', 'Dear Sam,\n\n' + ':::a\n'.repeat(20_000), /^plainly: boxes\.md:12000:5: the Markdown is longer than 60,000 characters/m],
    ['quotes.hbs', '>'.repeat(2_000) + ' {{name}}', /^plainly: quotes\.hbs:1:17: quotes, lists and :::boxes are nested more than 16 levels deep/m],
  ])('%s: exit 2 naming file:line:col and the limit', async (name, text, message) => {
    const dir = tempDir({ [name]: text });
    const started = performance.now();
    const { code, stdout, stderr } = await run(['lint', '--lexicon', LEXICON, name], { cwd: dir });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at |node_modules/);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('the same characters in a .txt file are prose, and are checked', async () => {
    const dir = tempDir({ 'deep.txt': '- '.repeat(5_000) });
    const { code } = await run(['lint', '--lexicon', LEXICON, 'deep.txt'], { cwd: dir });
    expect(code).toBe(0);
  });
});
