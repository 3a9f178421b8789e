/**
 * Reading Word files, PDFs and HTML pages that the tests build, linting them with the real
 * linter, and pointing each finding at its page, heading and paragraph.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkDocument, docxBlocks, extractDocument, filesInZip, htmlBlocks, type LintOutcome } from '../../src/ingest/index.js';
import { type CompiledLexicon, lintText, loadCheckedLexicon } from '../../src/pipeline/index.js';
import { buildDocx, buildPdf, buildScannedPdf, buildZip, encryptedOfficeFile, oldWordFile } from './build.js';

const LEXICON = path.resolve(import.meta.dirname, '../fixtures/lexicon-basic');
let lexicon: CompiledLexicon;
beforeAll(() => {
  lexicon = loadCheckedLexicon(LEXICON).compiled;
});
const lint = (text: string): LintOutcome => lintText(text, { profile: 'standard', format: 'text', lexicon });

describe('Word files', () => {
  it('locates findings by nearest heading and paragraph under it', async () => {
    const bytes = await buildDocx([
      { text: 'Dear Sam,' },
      { text: 'If the money was misspent we will contact you.' },
      { heading: 'What happens next' },
      { text: 'We will write to you soon.' },
      { text: 'Nothing else is needed from you.' },
      { text: 'We will audit your account next month.' },
    ]);
    const doc = await checkDocument(bytes, 'letter.docx', lint);
    expect(doc.format).toBe('docx');
    const misspent = doc.findings.find((f) => f.ruleId === 'lexicon/misspent')!;
    expect(misspent.where).toEqual({ paragraph: 2, text: 'paragraph 2' });
    expect(misspent.sentence).toEqual({ before: 'If the money was ', actual: 'misspent', after: ' we will contact you.' });
    const audit = doc.findings.find((f) => f.ruleId === 'lexicon/audit')!;
    expect(audit.where).toEqual({ paragraph: 3, heading: 'What happens next', text: 'under ‘What happens next’, paragraph 3' });
    expect(audit.expected).toEqual(['financial checkup']);
  });

  it('names a finding in a heading as in the heading', async () => {
    const bytes = await buildDocx([{ heading: 'Your audit' }, { text: 'We will look at your spending with you.' }]);
    const doc = await checkDocument(bytes, 'guide.docx', lint);
    expect(doc.findings.map((f) => f.where.text)).toEqual(['in the heading ‘Your audit’']);
  });

  it('checks only the accepted text of tracked changes, and says so', async () => {
    const bytes = await buildDocx([
      { heading: 'Your payments' },
      { runs: [{ text: 'We will ' }, { deleted: 'audit' }, { inserted: 'look at' }, { text: ' your account.' }] },
      { runs: [{ text: 'The money was ' }, { inserted: 'misspent' }, { deleted: 'spent' }, { text: '.' }] },
    ]);
    const read = await docxBlocks(bytes, 'changes.docx');
    expect(read.trackedChanges).toBe(true);
    expect(read.blocks.map((b) => b.text)).toEqual(['Your payments', 'We will look at your account.', 'The money was misspent.']);
    expect(read.notes).toEqual(['This Word document has tracked changes (2 insertions, 2 deletions). Only the text as it reads with every change accepted was checked.']);
    const doc = await checkDocument(bytes, 'changes.docx', lint);
    // The deleted "audit" is not flagged; the inserted "misspent" is.
    expect(doc.findings.map((f) => f.ruleId)).toEqual(['lexicon/misspent']);
    expect(doc.notes[0]).toMatch(/tracked changes/);
  });

  it('has no note when there are no tracked changes', async () => {
    const read = await docxBlocks(await buildDocx([{ text: 'Hello.' }]), 'plain.docx');
    expect(read.trackedChanges).toBe(false);
    expect(read.notes).toEqual([]);
  });
});

describe('PDFs', () => {
  it('locates findings by page, nearest heading and paragraph', async () => {
    const bytes = await buildPdf([
      { heading: 'Your financial checkup' },
      { text: 'We are writing about your direct payment.' },
      { pageBreak: true },
      { heading: 'What happens next' },
      { text: 'We will write to you soon.' },
      { text: 'Please keep your receipts.' },
      { text: 'If the money was misspent we will talk to you first.' },
    ]);
    const doc = await checkDocument(bytes, 'letter.pdf', lint);
    const misspent = doc.findings.find((f) => f.ruleId === 'lexicon/misspent')!;
    expect(misspent.where).toEqual({ page: 2, paragraph: 3, heading: 'What happens next', text: 'page 2, under ‘What happens next’, paragraph 3' });
  });

  it('counts from the top of the page when the heading is on an earlier page', async () => {
    const bytes = await buildPdf([{ heading: 'Money' }, { text: 'First.' }, { pageBreak: true }, { text: 'Second.' }, { text: 'We will audit it.' }]);
    const doc = await checkDocument(bytes, 'long.pdf', lint);
    expect(doc.findings.map((f) => f.where.text)).toEqual(['page 2, paragraph 2 from the top, in the part ‘Money’ (from page 1)']);
  });

  it('joins lines of a wrapped paragraph into one paragraph', async () => {
    const long = 'We are writing to you about the direct payment you get from us every four weeks, and about the plan we made together last year for your care and support at home.';
    const read = await extractDocument(await buildPdf([{ text: long }, { text: 'Second.' }]), 'wrap.pdf');
    expect(read.blocks.map((b) => b.text)).toEqual([long, 'Second.']);
  });
});

describe('HTML pages', () => {
  it('reads only visible text, with headings and source lines', () => {
    const html = `<!doctype html><html><head><title>Hidden title</title><style>p{color:red}</style></head>
<body>
<h1>Your <em>checkup</em></h1>
<p>We will audit it.</p>
<script>document.write('misspent')</script>
<p hidden>hidden misspent</p>
<div aria-hidden="true">aria misspent</div>
<p style="display: none">none misspent</p>
<p style="visibility:hidden">invisible misspent</p>
<noscript>no script misspent</noscript>
<template><p>template misspent</p></template>
<ul><li>One thing</li><li>Another <a href="/x">link</a></li></ul>
<table><tr><th>Cell one</th><td>Cell two</td></tr></table>
</body></html>`;
    expect(htmlBlocks(html)).toEqual([
      { text: 'Your checkup', heading: true, line: 3 },
      { text: 'We will audit it.', heading: false, line: 4 },
      { text: 'One thing', heading: false, line: 12 },
      { text: 'Another link', heading: false, line: 12 },
      { text: 'Cell one', heading: false, line: 13 },
      { text: 'Cell two', heading: false, line: 13 },
    ]);
  });

  it('locates findings by heading, paragraph and source line', async () => {
    const html = '<h1>Help</h1>\n<p>Hello.</p>\n<p>We will audit it.</p>';
    const doc = await checkDocument(Buffer.from(html), 'page.html', lint);
    expect(doc.findings[0].where).toEqual({ heading: 'Help', paragraph: 2, line: 3, text: 'under ‘Help’, paragraph 2, line 3 of the HTML' });
  });

  it('decodes the charset the page declares', async () => {
    const bytes = Buffer.from('<meta charset="windows-1252"><p>Caf\xe9 audit.</p>', 'latin1');
    const read = await extractDocument(bytes, 'old.htm');
    expect(read.blocks[0].text).toBe('Café audit.');
  });
});

describe('bad input', () => {
  const cases: Array<[string, () => Promise<Buffer> | Buffer, string, RegExp]> = [
    ['a password-protected Word file', encryptedOfficeFile, 'locked.docx', /locked\.docx: this Word document is protected with a password/],
    ['an old Word .doc', oldWordFile, 'old.doc', /old\.doc: this is an old Word document \(\.doc\)\. .*save it as "Word Document \(\.docx\)"/],
    ['an old Word file named .docx', oldWordFile, 'renamed.docx', /renamed\.docx: this is an old Word document/],
    ['a corrupt Word file', () => Buffer.from('this is not a zip file at all'), 'broken.docx', /broken\.docx: could not be read as a Word document \(\.docx\): it is not a Word file inside/],
    ['a ZIP without a document', () => buildZip({ 'hello.txt': 'hello' }), 'empty.docx', /empty\.docx: could not be read as a Word document \(\.docx\): it has no document in it/],
    ['a scanned PDF', buildScannedPdf, 'scan.pdf', /scan\.pdf: this PDF has no text to check: it may be a scan/],
    ['a damaged PDF', () => Buffer.from('%PDF-1.7\nnot really'), 'bad.pdf', /bad\.pdf: could not be read as a PDF/],
    ['an empty HTML page', () => Buffer.from('<html><body><script>x</script></body></html>'), 'empty.html', /empty\.html: there is no text in this page to check/],
    ['a file over the size limit', () => Buffer.alloc(21 * 1024 * 1024), 'big.pdf', /big\.pdf: the file is 21\.0 MB; Plainly reads documents up to 20\.0 MB/],
  ];
  it.each(cases)('%s gets a clear message', async (_, build, name, message) => {
    const bytes = await build();
    await expect(extractDocument(bytes, name)).rejects.toThrow(message);
  });

  it('refuses a Word file that is a ZIP bomb before mammoth reads it', async () => {
    const bomb = await buildZip({ 'word/document.xml': Buffer.alloc(5 * 1024 * 1024, 0x20) });
    expect(bomb.length).toBeLessThan(50_000);
    await expect(docxBlocks(bomb, 'bomb.docx')).rejects.toMatchObject({ code: 'INPUT_LIMIT_EXCEEDED', details: { limit: 'maxRatio' } });
    await expect(docxBlocks(await buildZip({ 'word/document.xml': Buffer.alloc(600_000, 0x20) }), 'big.docx', { maxEntries: 10, maxInflatedBytes: 500_000, maxRatio: 100 })).rejects.toMatchObject({
      code: 'INPUT_LIMIT_EXCEEDED',
      details: { limit: 'maxInflatedBytes' },
    });
  });

  it('catches a ZIP whose table of contents lies about a size', async () => {
    const zip = await buildZip({ 'word/document.xml': Buffer.alloc(400_000, 0x20) });
    // Make the table of contents say the entry unpacks to 1,000 bytes.
    const central = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(1000, central + 24);
    await expect(docxBlocks(zip, 'liar.docx')).rejects.toThrow(/liar\.docx: could not be read as a Word document \(\.docx\): a part of it is damaged or bigger than its table of contents says/);
  });

  it('a ZIP of documents: a bomb is refused as a whole, a damaged entry alone', async () => {
    await expect(async () => filesInZip(await buildZip({ 'a.txt': Buffer.alloc(5 * 1024 * 1024, 0x61) }), 'bomb.zip', () => true)).rejects.toMatchObject({ code: 'INPUT_LIMIT_EXCEEDED' });
    const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}.txt`, 'x']));
    expect(() => filesInZip(Buffer.alloc(0), 'nothing.zip', () => true)).toThrow(/nothing\.zip: could not be read as a ZIP file/);
    await expect(async () => filesInZip(await buildZip(many), 'many.zip', () => true, { maxEntries: 10, maxInflatedBytes: 1e6, maxRatio: 100 })).rejects.toThrow(/many\.zip has 12 parts \(the most Plainly reads is 10 parts\)/);
    const files = filesInZip(await buildZip({ 'b.docx': 'x', 'a.pdf': 'y', '__MACOSX/a.pdf': 'z', '.hidden.txt': 'h', 'skip.png': 'p' }), 'letters.zip', (name) => !name.endsWith('.png'));
    expect(files.map((f) => f.name)).toEqual(['letters.zip/a.pdf', 'letters.zip/b.docx']);
  });
});
