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

describe('plainly lint on templates, folders and patterns, as a policy officer types it', () => {
  const dir = tempDir({
    'templates/letters/checkup.md': '---\nid: checkup\nkind: letter\nprofile: standard\n---\nDear {{recipient.name}},\n\nWe will audit {{#if card}}your card{{else}}your account{{/if}}.\n',
    'templates/letters/deep/reminder.md': '---\nid: reminder\nkind: guide\n---\nWe will audit it.\n',
    'templates/partials/sign.md': 'With best wishes\n\n{{council.team}}\n',
    'templates/notes.txt': 'Dear {{name}}, the money was misspent.\n',
    'templates/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47]),
    'draft.txt': 'We will audit your account.\n',
  });
  const paths = (stdout: string) => JSON.parse(stdout).files.map((f: { path: string }) => f.path);

  it('expands a quoted pattern itself, at any depth (a shell without globstar would stop at one folder)', async () => {
    const { code, stdout } = await run(['lint', '--format', 'json', '--lexicon', LEXICON, 'templates/**/*.md'], { cwd: dir });
    expect(code).toBe(0);
    expect(paths(stdout)).toEqual(['templates/letters/checkup.md', 'templates/letters/deep/reminder.md', 'templates/partials/sign.md']);
  });

  it('checks every .md, .txt and template file in a folder, once each', async () => {
    const { stdout } = await run(['lint', '--format', 'json', '--lexicon', LEXICON, 'templates', 'templates/letters/checkup.md'], { cwd: dir });
    expect(paths(stdout)).toEqual(['templates/letters/checkup.md', 'templates/letters/deep/reminder.md', 'templates/notes.txt', 'templates/partials/sign.md']);
  });

  it('reads templates as templates: front matter skipped, placeholders and blocks opaque, their own kind', async () => {
    const { code, stdout } = await run(['lint', '--format', 'json', '--lexicon', LEXICON, 'templates'], { cwd: dir });
    expect(code).toBe(1); // notes.txt: "misspent"
    const files = JSON.parse(stdout).files as Array<{ path: string; format: string; kind: string | null; findings: Array<{ ruleId: string; actual: string; start: { line: number; column: number } }> }>;
    const byPath = Object.fromEntries(files.map((f) => [f.path, f]));
    expect(byPath['templates/letters/checkup.md']).toMatchObject({ format: 'template', kind: 'letter' });
    expect(byPath['templates/letters/checkup.md'].findings.map((f) => [f.ruleId, f.actual, f.start.line, f.start.column])).toEqual([['lexicon/audit', 'audit', 8, 9]]);
    // A partial (no front matter) and a .txt with placeholders are templates too; no placeholder is ever flagged.
    expect(byPath['templates/partials/sign.md']).toMatchObject({ format: 'template', kind: null, findings: [] });
    expect(byPath['templates/notes.txt'].format).toBe('template');
    expect(byPath['templates/notes.txt'].findings.map((f) => f.actual)).toEqual(['misspent']);
    // The fixture's "audit" entry is for letters and guides only: a template's own kind decides.
    expect(byPath['templates/letters/deep/reminder.md'].findings.map((f) => f.ruleId)).toEqual(['lexicon/audit']);
  });

  it('--kind: a plain file has no kind, so every entry applies, unless --kind says which kind it is', async () => {
    const all = await run(['lint', '--format', 'json', '--lexicon', LEXICON, 'draft.txt'], { cwd: dir });
    expect(JSON.parse(all.stdout).files[0]).toMatchObject({ kind: null, findings: [expect.objectContaining({ ruleId: 'lexicon/audit' })] });
    const agreement = await run(['lint', '--format', 'json', '--kind', 'agreement', '--lexicon', LEXICON, 'draft.txt'], { cwd: dir });
    expect(JSON.parse(agreement.stdout).files[0]).toMatchObject({ kind: 'agreement', findings: [] });
    const letter = await run(['lint', '--kind', 'letter', '--lexicon', LEXICON, 'draft.txt'], { cwd: dir });
    expect(letter.stdout).toMatch(/lexicon\/audit/);
    // --kind overrides a template's own kind, as --profile does.
    const template = await run(['lint', '--format', 'json', '--kind', 'agreement', '--lexicon', LEXICON, 'templates/letters/checkup.md'], { cwd: dir });
    expect(JSON.parse(template.stdout).files[0]).toMatchObject({ kind: 'agreement', findings: [] });
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
    'sub/picture.png': Buffer.from([0x89, 0x50, 0x4e, 0x47]),
  });
  const cases: Array<[string, string[], RegExp]> = [
    ['an empty file', ['empty.txt'], /empty\.txt: the file is empty/],
    ['a blank file', ['blank.txt'], /blank\.txt: the file has only spaces/],
    ['a binary file', ['binary.txt'], /binary\.txt: this is a binary file/],
    ['invalid UTF-8', ['latin1.txt'], /latin1\.txt: the file is not valid UTF-8/],
    ['a 10 MB file', ['huge.txt'], /huge\.txt: the file is 10\.0 MB/],
    ['a missing file', ['nope.txt'], /nope\.txt: there is no such file/],
    ['a folder with nothing to check', ['sub'], /sub: this folder has no \.md, \.markdown, \.txt, \.hbs, \.handlebars, \.docx, \.pdf, \.html, \.htm, \.doc files to check/],
    ['a pattern that matches nothing', ['nothing/**/*.md'], /nothing\/\*\*\/\*\.md: no files match this pattern/],
    ['an unknown kind', ['--kind', 'memo', 'ok.txt'], /--kind must be one of letter, agreement, guide, leaflet, form/],
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
