import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, run, tempDir } from './lint-helpers.js';

const LEXICON = path.join(FIXTURES, 'lexicon-basic');
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at |Error:/);

describe('plainly lint', () => {
  const dir = tempDir({
    'clean.txt': 'We will look at your spending with you.\n',
    'bad.txt': 'Hello.\nThe money was misspent. We will audit it.\n',
    'warn.md': '# Checkup\n\nWe will audit your account.\n',
    'easy.md': '---\nid: x\nkind: letter\nprofile: easy-read\n---\nWe pay you every four weeks {{name}}.\n',
  });

  it('exits 0 when there are no error findings', async () => {
    const { code, stdout, stderr } = await run(['lint', '--lexicon', LEXICON, 'clean.txt'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/nothing to change/);
  });

  it('exits 1 with an error finding and prints file:line:col severity reason ruleId', async () => {
    const { code, stdout } = await run(['lint', '--lexicon', LEXICON, 'bad.txt', 'warn.md'], { cwd: dir });
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^bad\.txt:2:15 error Makes people feel suspected of cheating\. Try “spent on things not in your support plan”\. lexicon\/misspent$/);
    expect(lines).toContainEqual(expect.stringMatching(/^warn\.md:3:9 warning .* lexicon\/audit$/));
  });

  it('exits 0 with only warnings', async () => {
    expect((await run(['lint', '--lexicon', LEXICON, 'warn.md'], { cwd: dir })).code).toBe(0);
  });

  it('prints JSON in the documented shape', async () => {
    const { code, stdout } = await run(['lint', '--format', 'json', '--lexicon', LEXICON, 'bad.txt'], { cwd: dir });
    expect(code).toBe(1);
    const json = JSON.parse(stdout);
    expect(json.files[0].path).toBe('bad.txt');
    expect(json.files[0].findings[0]).toEqual({
      ruleId: 'lexicon/misspent',
      source: 'lexicon',
      severity: 'error',
      reason: 'Makes people feel suspected of cheating.',
      actual: 'misspent',
      expected: ['spent on things not in your support plan'],
      start: { line: 2, column: 15, offset: 21 },
      end: { line: 2, column: 23, offset: 29 },
    });
  });

  it('reads standard input for -', async () => {
    const { code, stdout } = await run(['lint', '--lexicon', LEXICON, '-'], { cwd: dir, stdin: Buffer.from('It was misspent.') });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^-:1:8 error/);
  });

  it("uses a template's own profile and never flags its placeholders", async () => {
    const { stdout } = await run(['lint', '--lexicon', LEXICON, 'easy.md'], { cwd: dir });
    expect(stdout).toMatch(/easy\.md:6:18 warning .* council\/easy-read-digits/);
    expect(stdout).not.toMatch(/name/);
  });
});

describe('plainly lint: bad input exits 2 with one clear message and no stack trace', () => {
  const dir = tempDir({
    'empty.txt': '',
    'blank.txt': '  \n\n',
    'binary.txt': Buffer.from([0x48, 0x00, 0x01, 0x02, 0xff]),
    'latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
    'huge.txt': Buffer.alloc(10 * 1024 * 1024, 0x61),
    'ok.txt': 'Fine.\n',
  });
  const cases: Array<[string, string[], RegExp]> = [
    ['an empty file', ['empty.txt'], /empty\.txt: the file is empty/],
    ['a blank file', ['blank.txt'], /blank\.txt: the file has only spaces/],
    ['a binary file', ['binary.txt'], /binary\.txt: this is a binary file/],
    ['invalid UTF-8', ['latin1.txt'], /latin1\.txt: the file is not valid UTF-8/],
    ['a 10 MB file', ['huge.txt'], /huge\.txt: the file is 10\.0 MB/],
    ['a missing file', ['nope.txt'], /nope\.txt: there is no such file/],
    ['a folder', ['.'], /\.: this is a folder/],
    ['an unknown profile', ['--profile', 'large', 'ok.txt'], /--profile must be one of standard, easy-read/],
    ['an unknown format', ['--format', 'xml', 'ok.txt'], /--format must be text or json/],
    ['a duplicate lexicon id', ['--lexicon', path.join(FIXTURES, 'lexicon-dup'), 'ok.txt'], /b\.yml:7:3: entry "audit": the id is also used at .*a\.yml:1:3/],
    ['an unknown severity', ['--lexicon', path.join(FIXTURES, 'lexicon-bad-severity'), 'ok.txt'], /a\.yml:4:13: entry "audit", severity: must be one of/],
    ['an empty term', ['--lexicon', path.join(FIXTURES, 'lexicon-empty-term'), 'ok.txt'], /a\.yml:2:\d+: entry "audit", terms\[1\]: must not be empty/],
    ['a punctuation-only term', ['--lexicon', path.join(FIXTURES, 'lexicon-punct-term'), 'ok.txt'], /a\.yml:8:\d+: entry "dashes", terms\[0\]: must contain at least one letter/],
    ['an entry whose examples fail', ['--lexicon', path.join(FIXTURES, 'lexicon-failing-examples'), 'ok.txt'], /a\.yml:1:3 entry "audit" should flag this example/],
    ['a missing lexicon folder', ['--lexicon', 'no-such-dir', 'ok.txt'], /lexicon folder .*no-such-dir does not exist/],
    ['no file at all', [], /missing required argument/],
  ];
  it.each(cases)('%s', async (_, args, message) => {
    const { code, stdout, stderr } = await run(['lint', ...args], { cwd: dir });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    noStack(stderr);
  });
});
