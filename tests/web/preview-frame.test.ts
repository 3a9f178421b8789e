/**
 * The editor's preview frame documents (issue 15): findings marked in the letter's web version
 * at the same occurrence as in the filled text, escaped, linked both ways with the list; the
 * pages view's pictures and alt text; and the brief in-memory cache of an unsaved preview's
 * page pictures (keyed by the PDF's hash, expiring, a failure not kept).
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/index.js';
import { MARKED_FINDINGS, markedPreview, messagePage, pagesPreview } from '../../src/web/preview-frame.js';
import { PICTURED_PAGES, Previews } from '../../src/web/previews.js';
import type { AppContext } from '../../src/app/index.js';

function finding(text: string, words: string, nth = 0, extra: Partial<Finding> = {}): Finding {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(words, at + 1);
  if (at < 0) throw new Error(`"${words}" is not in the text ${nth + 1} times`);
  return {
    ruleId: 'lexicon/audit',
    source: 'lexicon',
    severity: 'error',
    reason: 'Makes people feel checked for cheating.',
    actual: words,
    expected: ['financial checkup'],
    start: { line: 1, column: at + 1, offset: at },
    end: { line: 1, column: at + words.length + 1, offset: at + words.length },
    ...extra,
  };
}

/** A letter as the HTML writer makes one: furniture around a `<main>` with the filled text. */
function letter(main: string, header = '<header class="letterhead"><p>Audit team</p></header>'): string {
  return `<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8"><title>DRAFT: A letter</title><style>body{}</style></head>\n<body><div class="page">\n${header}\n<main>\n${main}\n</main>\n<footer><p>Council</p></footer>\n</div></body></html>\n`;
}

/** The text of the `<main>` element, tags removed. */
function mainText(html: string): string {
  return html.slice(html.indexOf('<main>'), html.indexOf('</main>')).replace(/<[^>]*>/g, '');
}

describe('findings marked in the web version', () => {
  it('marks the same occurrence as in the filled text, not an earlier one that is fine, and not the letterhead', () => {
    const text = 'An audit trail is fine here.\n\nWe will audit your account.';
    const html = letter('<p>An audit trail is fine here.</p>\n<p>We will audit your account.</p>');
    const out = markedPreview(html, text, [finding(text, 'audit', 1)], 'letter');
    expect(out).toContain('<p>An audit trail is fine here.</p>');
    expect(out).toContain('<p>We will <mark class="plainly-mark plainly-mark--error" id="plainly-mark-1"><span class="plainly-vh">Finding 1, must change: </span>audit</mark><span class="plainly-ref"><a href="#plainly-finding-1"><span class="plainly-vh">See finding </span>1</a></span> your account.</p>');
    expect(out).toContain('<p>Audit team</p>');
    // The list links back to the mark, and the mark's link goes to the list item.
    expect(out).toMatch(/<li id="plainly-finding-1"><strong>Must change:<\/strong> “audit”\. Makes people feel checked for cheating\. Say instead: “financial checkup”\. <a href="#plainly-mark-1">Show finding 1 in the letter<\/a><\/li>/);
    expect(out.indexOf('<aside')).toBeGreaterThan(out.indexOf('</main>'));
    // The words the reader sees are unchanged, apart from the labels and numbers.
    expect(mainText(out).replace(/Finding 1, must change: |See finding 1/g, '')).toBe(mainText(html));
  });

  it('marks words split by tags (bold, a kept-together date) in pieces, with one id and one link', () => {
    const text = 'Please send us **your statements** by 28 February 2021.';
    const html = letter('<p>Please send us <strong>your statements</strong> by <span class="nowrap">28 February 2021</span>.</p>');
    const f = finding(text, 'send us **your statements**', 0, { severity: 'warning', ruleId: 'council/demand', actual: 'send us **your statements**' });
    const out = markedPreview(html, text, [f], 'letter');
    expect(out).toContain('Please <mark class="plainly-mark" id="plainly-mark-1"><span class="plainly-vh">Finding 1, should change: </span>send us </mark><strong><mark class="plainly-mark">your statements</mark><span class="plainly-ref"><a href="#plainly-finding-1">');
    expect(out.match(/id="plainly-mark-1"/g)).toHaveLength(1);
    expect(out.match(/href="#plainly-finding-1"/g)).toHaveLength(1);
  });

  it('keeps data and findings as text: nothing in them becomes markup', () => {
    const text = 'Dear <b>Amina</b> & family, the audit is due.';
    const html = letter('<p>Dear &lt;b&gt;Amina&lt;/b&gt; &amp; family, the audit is due.</p>');
    const f = finding(text, 'audit', 0, { reason: 'Say <script>alert(1)</script> & more', expected: ['"check" <i>'] });
    const out = markedPreview(html, text, [f], 'letter');
    expect(out).toContain('Dear &lt;b&gt;Amina&lt;/b&gt; &amp; family, the <mark');
    expect(out).toContain('Say &lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(out).toContain('“&quot;check&quot; &lt;i&gt;”');
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('<b>');
  });

  it('puts no link inside a link, and marks nothing in a picture', () => {
    const text = 'Email audit@example.org or see the audit picture.';
    const html = letter('<p>Email <a href="mailto:audit@example.org">audit@example.org</a> or see the <svg role="img" aria-label="audit"><title>audit</title></svg>audit picture.</p>');
    const out = markedPreview(html, text, [finding(text, 'audit', 0), finding(text, 'audit', 1)], 'letter');
    expect(out).toContain('<a href="mailto:audit@example.org"><mark class="plainly-mark plainly-mark--error" id="plainly-mark-1"><span class="plainly-vh">Finding 1, must change: </span>audit</mark>@example.org</a>');
    const link = out.slice(out.indexOf('<a href="mailto:'), out.indexOf('</a>', out.indexOf('<a href="mailto:')));
    expect(link.slice(2)).not.toContain('<a ');
    expect(out).toContain('<title>audit</title></svg><mark class="plainly-mark plainly-mark--error" id="plainly-mark-2">');
  });

  it('lists a finding it cannot place (about the whole letter) without a mark, and says when there are none', () => {
    const text = 'A short letter.';
    const html = letter('<p>A short letter.</p>');
    // As the structure rules report one: at offset 0, no words.
    const whole: Finding = { ruleId: 'structure/letter-length', source: 'structure', severity: 'warning', actual: '', reason: 'This letter runs to 3 pages.', expected: [], start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
    // Words the letter does not show as written (say, only in a link's address).
    const hidden = { ...finding(text, 'short'), actual: 'brief', start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
    const out = markedPreview(html, text, [whole, hidden], 'letter');
    expect(out).not.toContain('<mark');
    expect(out).toContain('<li id="plainly-finding-1"><strong>Should change:</strong> This letter runs to 3 pages. (About the whole letter, so not marked in it.)</li>');
    expect(out).toContain('<li id="plainly-finding-2"><strong>Must change:</strong> “brief”. Makes people feel checked for cheating. Say instead: “financial checkup”. (Not marked: these words are not in the letter as written here.)</li>');
    const none = markedPreview(html, text, [], 'agreement');
    expect(none).toContain('The checks found nothing to change in this agreement.');
    expect(none).not.toContain('<ol>');
  });

  it('marks a word inside a long sentence, and leaves the overlapping sentence finding to the list', () => {
    const sentence = 'This is a very long sentence that goes on and on about the audit of your money and what happens after it.';
    const text = `${sentence}\n`;
    const html = letter(`<p>${sentence}</p>`);
    const long = finding(text, sentence, 0, { ruleId: 'retext/long-sentence', severity: 'suggestion', actual: sentence, expected: [] });
    const out = markedPreview(html, text, [long, finding(text, 'audit')], 'letter');
    expect(out.match(/<mark /g)).toHaveLength(1);
    expect(out).toContain('id="plainly-mark-2"');
    expect(out).toContain('<li id="plainly-finding-1"><strong>Could change:</strong>');
    expect(out).toMatch(/<li id="plainly-finding-1"><strong>Could change:<\/strong> “This is a very long sentence[^<”]*after it\.” [^<]*\(Not marked on its own: it includes the words of <a href="#plainly-mark-2">finding 2<\/a>\.\)<\/li>/);
  });

  it('marks at most MARKED_FINDINGS findings and lists them all', () => {
    const text = Array.from({ length: MARKED_FINDINGS + 5 }, () => 'audit').join(' ');
    const html = letter(`<p>${text}</p>`);
    const findings = Array.from({ length: MARKED_FINDINGS + 5 }, (_, i) => finding(text, 'audit', i));
    const out = markedPreview(html, text, findings, 'letter');
    expect(out.match(/<mark [^>]*id=/g)).toHaveLength(MARKED_FINDINGS);
    expect(out.match(/<li id="plainly-finding-/g)).toHaveLength(MARKED_FINDINGS + 5);
  });

  it('says a note first when there is one (why the pictures are not shown)', () => {
    const out = markedPreview(letter('<p>Hello.</p>'), 'Hello.', [], 'letter', 'Pictures were not drawn: <too many>.');
    expect(out).toContain('<body><p class="plainly-note" role="note">Pictures were not drawn: &lt;too many&gt;.</p><div class="page">');
  });
});

describe('pictures of the printed pages', () => {
  it('shows each page as a data: picture with alt text, the first pages of a long one, and the findings', () => {
    const pictures = [Buffer.from('page one'), Buffer.from('page two')];
    const out = pagesPreview({ title: 'DRAFT: Your <checkup>', kindWord: 'letter', pictures, pageCount: 9, findings: [finding('the audit', 'audit')] });
    expect(out).toContain('<title>Pages of DRAFT: Your &lt;checkup&gt;</title>');
    expect(out).toContain(`<img src="data:image/png;base64,${pictures[0].toString('base64')}" alt="Page 1 of 9 of the letter as it will be printed">`);
    expect(out).toContain('alt="Page 2 of 9 of the letter as it will be printed"');
    expect(out).toContain('DRAFT, not saved: 9 pages. These are the first 2 of its 9 pages.');
    expect(out).toContain('They are marked in the web version of the preview.');
    expect(out).toContain('<li id="plainly-finding-1"><strong>Must change:</strong> “audit”.');
    const one = pagesPreview({ title: 'A', kindWord: 'guide', pictures: [Buffer.from('x')], pageCount: 1, findings: [] });
    expect(one).toContain('DRAFT, not saved: one page.</p>');
    expect(one).toContain('nothing to change in this guide');
  });

  it('a message page escapes what it says', () => {
    expect(messagePage('Cannot <show>', 'Enter the <title>')).toContain('<h1 style="font-size: 24px">Cannot &lt;show&gt;</h1><p>Enter the &lt;title&gt;</p>');
  });
});

describe('pictures of an unsaved preview are kept briefly, by content', () => {
  const setup = (fail = () => false) => {
    let now = 1_000_000;
    const drawn: number[] = [];
    const previews = new Previews({} as AppContext, async (pdf, page) => {
      drawn.push(page);
      if (fail()) throw new Error('spawn pdftoppm ENOENT');
      return Buffer.from(`${pdf.toString()} page ${page}`);
    }, () => now);
    return { previews, drawn, advance: (ms: number) => (now += ms) };
  };

  it('draws each page once for the same PDF bytes, again for other bytes and after a few minutes', async () => {
    const { previews, drawn, advance } = setup();
    const pdf = Buffer.from('pdf A');
    expect(previews.hasUnsavedPictures(pdf)).toBe(false);
    expect((await previews.unsavedPictures(pdf, 2)).map(String)).toEqual(['pdf A page 1', 'pdf A page 2']);
    expect(previews.hasUnsavedPictures(Buffer.from('pdf A'))).toBe(true);
    await previews.unsavedPictures(Buffer.from('pdf A'), 2); // the same content, another buffer
    expect(drawn).toEqual([1, 2]);
    await previews.unsavedPictures(Buffer.from('pdf B'), 1);
    expect(drawn).toEqual([1, 2, 1]);
    advance(5 * 60_000);
    expect(previews.hasUnsavedPictures(pdf)).toBe(false);
    await previews.unsavedPictures(pdf, 2);
    expect(drawn).toEqual([1, 2, 1, 1, 2]);
  });

  it(`draws at most ${PICTURED_PAGES} pages`, async () => {
    const { previews, drawn } = setup();
    expect(await previews.unsavedPictures(Buffer.from('long'), 40)).toHaveLength(PICTURED_PAGES);
    expect(drawn).toHaveLength(PICTURED_PAGES);
  });

  it('a drawer that fails says so (NOT_FOUND), and is not remembered', async () => {
    let failing = true;
    const { previews, drawn } = setup(() => failing);
    await expect(previews.unsavedPictures(Buffer.from('pdf'), 1)).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('cannot be drawn on this server') });
    expect(previews.hasUnsavedPictures(Buffer.from('pdf'))).toBe(false);
    failing = false;
    expect(await previews.unsavedPictures(Buffer.from('pdf'), 1)).toHaveLength(1);
    expect(drawn).toEqual([1, 1]);
  });
});
