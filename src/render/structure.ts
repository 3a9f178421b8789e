/**
 * Structure rules: checks on the shape of a document rather than its words. They are
 * findings (source `structure`), not exceptions, and go through the same gate as lint:
 * an error blocks a final document.
 */
import { type Finding, LineIndex, type Severity } from '../core/index.js';
import { ADDRESS_FORBIDDEN_START, type Template } from '../templates/index.js';
import type { FilledDocument } from './fill.js';
import { type Block, plainText, WRITE_IN, walkBlocks } from './model.js';
import { addressFontSize } from './pdf/letterhead.js';
import { unprintableGraphemes } from './pdf/fonts.js';
import { EASY_READ_MIN_PT, smallestContentSize } from './pdf/styles.js';
import type { PictureCatalogue } from './pictures.js';

/** The most lines a Notify letter address may have, name included. */
export const MAX_ADDRESS_LINES = 7;
/** Letters longer than this get a warning: people do not read long letters. */
export const MAX_LETTER_PAGES = 2;

interface Reporter {
  (ruleId: string, severity: Severity, reason: string, start: number, end: number, origin?: Finding['origin']): void;
}

function reporter(filled: FilledDocument, out: Finding[]): Reporter {
  const lines = new LineIndex(filled.text);
  return (ruleId, severity, reason, start, end, origin) => {
    const finding: Finding = {
      ruleId: `structure/${ruleId}`,
      source: 'structure',
      severity,
      reason,
      actual: filled.text.slice(start, end).slice(0, 200),
      expected: [],
      start: lines.position(start),
      end: lines.position(end),
    };
    const where = origin ?? filled.originAt(start);
    if (where) finding.origin = where;
    out.push(finding);
  };
}

/** Share of letters that are capitals, among blocks long enough to judge. */
function isAllCaps(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length < 12) return false;
  const upper = letters.replace(/[^\p{Lu}]/gu, '').length;
  return upper / letters.length > 0.8;
}

/** What the structure rules need to know besides the tree. */
export interface StructureInput {
  template: Template;
  filled: FilledDocument;
  blocks: readonly Block[];
  pictures: PictureCatalogue;
  /** The letter's address block (name first), when the template is a letter. */
  addressLines?: string[];
  /** Pages and smallest type size, when a PDF has been laid out. */
  pdf?: { pages: number; smallestContentSize: number };
}

/** Runs every structure rule. */
export function structureFindings(input: StructureInput): Finding[] {
  const { template, filled, blocks } = input;
  const findings: Finding[] = [];
  const report = reporter(filled, findings);
  const easyRead = template.layout === 'easy-read';

  // One headline.
  const h1s: Block[] = [];
  let lastDepth = 0;
  walkBlocks(blocks, (block) => {
    if (block.type !== 'heading') return;
    if (block.depth === 1) h1s.push(block);
    if (lastDepth && block.depth > lastDepth + 1) {
      report('heading-order', 'warning', `This heading skips from level ${lastDepth} to level ${block.depth}. Screen reader users move by heading level, so go down one level at a time.`, block.start, block.end);
    }
    lastDepth = block.depth;
  });
  if (h1s.length === 0) report('one-headline', 'error', 'The document needs one main heading (a line starting with "# "). It is the headline people read first and the title screen readers announce.', 0, 0);
  for (const extra of h1s.slice(1)) report('one-headline', 'error', 'A document has exactly one main heading. Make this one a level-2 heading ("## ").', extra.start, extra.end);

  walkBlocks(blocks, (block, insideRow) => {
    if (block.type === 'unknown') {
      if (block.name === WRITE_IN) report('unknown-directive', 'error', `":::${WRITE_IN}" holds a table whose empty cells are spaces to write in, and this one holds no table.`, block.start, block.end);
      else report('unknown-directive', 'error', `":::${block.name}" is not a block Plainly knows. Easy Read rows are written ":::row{picture=\"money\"}"; tables to write in are put in ":::${WRITE_IN}".`, block.start, block.end);
    }
    if (!easyRead) return;
    if (block.type === 'row') {
      const picture = block.picture ? input.pictures.get(block.picture) : undefined;
      if (!block.picture) report('row-picture', 'error', 'Every Easy Read row needs a picture: add picture="…" with a name from the picture list.', block.start, block.end);
      else if (!picture) report('row-picture', 'error', `There is no picture called "${block.picture}" in the picture list (config/pictures.yml).`, block.start, block.end);
      const alt = block.alt ?? picture?.alt;
      if (block.picture && (alt === undefined || alt.trim() === '')) report('row-alt', 'error', 'Every picture needs alt text, so people using a screen reader know what it shows.', block.start, block.end);
    }
    if (!insideRow && (block.type === 'paragraph' || block.type === 'list' || block.type === 'table' || block.type === 'quote' || block.type === 'code')) {
      report('row-picture', 'error', 'In Easy Read every piece of text sits in a row with a picture beside it. Put this inside ":::row{picture=\"…\"}".', block.start, block.end);
    }
    if (block.type === 'table' && block.header.length > 3) {
      report('small-text', 'error', 'A table with more than 3 columns cannot be shown at 16pt in Easy Read. Split it, or use a list.', block.start, block.end);
    }
    const runs = 'inlines' in block ? block.inlines : [];
    if (runs.some((run) => run.kind === 'text' && run.italic)) report('italic', 'error', 'Easy Read does not use italic text: it is harder to read. Use bold for the few words that matter most.', block.start, block.end);
    const text = plainText(runs);
    if (/<\/?(u|ins)\b/i.test(text)) report('underline', 'error', 'Easy Read does not underline words: underlining looks like a link and is harder to read.', block.start, block.end);
    if ((block.type === 'paragraph' || block.type === 'heading') && isAllCaps(text)) report('all-caps', 'error', 'Easy Read does not use capital letters for whole sentences: they are harder to read. Use normal sentence case.', block.start, block.end);
  });

  if (easyRead && smallestContentSize(template.layout) < EASY_READ_MIN_PT) {
    report('small-text', 'error', `Easy Read text must be at least ${EASY_READ_MIN_PT}pt; this layout uses ${smallestContentSize(template.layout)}pt.`, 0, 0);
  }

  // Images in Markdown are not supported: pictures come from the catalogue, with alt text.
  const images = /!\[[^\]]*\]\([^)]*\)/g;
  for (const match of filled.text.matchAll(images)) {
    report('image', 'error', 'Images cannot be added with Markdown. Use an Easy Read row with a picture from the picture list.', match.index ?? 0, (match.index ?? 0) + match[0].length);
  }

  // Characters no bundled font can print would come out as boxes or question marks.
  const missing = new Set(unprintableGraphemes(filled.text));
  if (missing.size) {
    for (const grapheme of missing) {
      let from = 0;
      for (;;) {
        const at = filled.text.indexOf(grapheme, from);
        if (at < 0) break;
        const code = [...grapheme].map((c) => 'U+' + c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')).join(' ');
        report('unprintable', 'error', `"${grapheme}" (${code}) cannot be printed with the fonts Plainly has, so it would not show on paper. Check the spelling, or write it in letters Plainly can print.`, at, at + grapheme.length);
        from = at + grapheme.length;
      }
    }
  }

  // Letters: the address must suit a window envelope and GOV.UK Notify.
  if (input.addressLines) {
    const span = filled.dataSpans.find((s) => s.path?.startsWith('recipient.address')) ?? filled.dataSpans.find((s) => s.path === 'recipient.name');
    const origin = { kind: 'data' as const, path: 'recipient.address' };
    const at = span?.start ?? 0;
    // The name is the first line of the address block too, and Notify checks every line.
    const formula = input.addressLines.findIndex((line) => ADDRESS_FORBIDDEN_START.includes(line.trim()[0]));
    if (formula >= 0) {
      const nameSpan = filled.dataSpans.find((s) => s.path === 'recipient.name');
      const onName = formula === 0 && nameSpan !== undefined;
      report(
        'address',
        'error',
        `${onName ? 'The name' : `Line ${formula + 1} of the name and address`} starts with "${input.addressLines[formula].trim()[0]}", which GOV.UK Notify refuses on a posted letter (a spreadsheet could read it as a formula). Remove the character or write the line another way.`,
        onName ? nameSpan.start : at,
        onName ? nameSpan.end : at,
        onName ? { kind: 'data', path: 'recipient.name' } : origin,
      );
    }
    if (input.addressLines.length > MAX_ADDRESS_LINES) {
      report('address', 'error', `With the name, the address has ${input.addressLines.length} lines; a posted letter can have at most ${MAX_ADDRESS_LINES} (GOV.UK Notify). Shorten the address.`, at, at, origin);
    } else if (addressFontSize(input.addressLines) === undefined) {
      report('address', 'error', 'The name and address do not fit in the envelope window (95.4 × 26.8 mm) even in small type. Shorten the longest line.', at, at, origin);
    }
  }
  if (input.pdf) findings.push(...pdfStructureFindings(template, filled, input.pdf));
  return findings;
}

/** Rules that need the laid-out PDF: letter length, and the type size actually drawn in Easy Read. */
export function pdfStructureFindings(template: Template, filled: FilledDocument, pdf: { pages: number; smallestContentSize: number; addressFitsCustomWindow?: boolean }): Finding[] {
  const findings: Finding[] = [];
  const report = reporter(filled, findings);
  if (pdf.addressFitsCustomWindow === false) {
    const nameSpan = filled.dataSpans.find((s) => s.path === 'recipient.name');
    report('address', 'error', 'The name and address do not fit in the address block set in config/branding.yml (letter.addressBlock) even in small type. Shorten the longest line.', nameSpan?.start ?? 0, nameSpan?.end ?? 0);
  }
  if (template.kind === 'letter' && pdf.pages > MAX_LETTER_PAGES) {
    report('letter-length', 'warning', `This letter runs to ${pdf.pages} pages. People are more likely to read a letter of 1 or 2 pages: put the headline first and cut what is not needed.`, 0, 0);
  }
  if (template.layout === 'easy-read' && pdf.smallestContentSize < EASY_READ_MIN_PT) {
    report('small-text', 'error', `Easy Read text must be at least ${EASY_READ_MIN_PT}pt; this document has text at ${pdf.smallestContentSize}pt.`, 0, 0);
  }
  return findings;
}
