/**
 * Bounds on the Markdown Plainly will parse, checked by one cheap linear pass over the source
 * before the parser sees it.
 *
 * Why: the Markdown parser (micromark) re-checks every open container (quote, list item,
 * `:::` directive, footnote) on every line, and some of its structures cost far more than
 * their size: 10 KB of `"- "` (5,000 lists inside each other) took 13 s, 100 KB of `":::a\n"`
 * held a process for over 10 minutes, and 2,000 nested quotes overflowed the stack. No
 * letter, guide or template nests more than a few levels, so anything past these limits is
 * refused with INPUT_LIMIT_EXCEEDED naming the limit and the line and column where it was
 * crossed, before any parsing.
 *
 * The pass reads the syntax as written and errs on the side of counting too much, never too
 * little: a `>`, bullet, number or `[^note]:` at the start of a line counts even inside a code
 * block, leading spaces before a bullet count as the nesting they could make (two columns a
 * level), a `:::` line never closes a directive opened before a code fence, and a paragraph's
 * marks are counted on through any line that might continue it.
 */
import { AppError } from './errors.js';

/** The bounds. docs/lint.md ("Limits on Markdown") says what each one means to a writer. */
export interface MarkdownLimits {
  /** Characters of Markdown (a plain-text lint may be longer). */
  maxCharacters: number;
  /** Containers (quotes, list items, `:::` directives, footnotes) open inside each other at once. */
  maxDepth: number;
  /** Container marks in the whole text: every `>`, list bullet or number, `:::name` and `[^note]:` at the start of a line. */
  maxContainers: number;
  /** Lines in the whole text (the parser's work grows with the lines more than with their length). */
  maxLines: number;
  /**
   * Headings underlined with `===` or `---` ("setext" headings). Each one makes the parser go
   * over everything before it again, so their cost grows with the square of their number.
   */
  maxUnderlinedHeadings: number;
  /**
   * Emphasis and link marks (`*`, `_`, `~`, `[`, `]`) in one paragraph. The parser pairs them
   * up per paragraph, and that work grows with the square of their number.
   */
  maxMarksPerParagraph: number;
  /** Emphasis and link marks in the whole text. */
  maxMarks: number;
  /** Table cell borders (`|`) in the whole text: each cell costs the parser a good deal. */
  maxTableBars: number;
}

/** The limits every parse of user Markdown uses (lint, templates, rendering). */
export const MARKDOWN_LIMITS: Readonly<MarkdownLimits> = Object.freeze({
  maxCharacters: 60_000,
  maxDepth: 16,
  maxContainers: 1_000,
  maxLines: 2_000,
  maxUnderlinedHeadings: 100,
  maxMarksPerParagraph: 300,
  maxMarks: 10_000,
  maxTableBars: 5_000,
});

/** Which limit a text crossed, and where (1-based line and column, 0-based offset). */
export interface MarkdownLimitBreach {
  limit: keyof MarkdownLimits;
  max: number;
  /** What was counted when the limit was crossed (at least `max + 1`). */
  found: number;
  offset: number;
  line: number;
  column: number;
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;

function isLineEnd(code: number): boolean {
  return code === LF || code === CR || Number.isNaN(code);
}

function isBlankOrEnd(code: number): boolean {
  return code === SPACE || code === TAB || isLineEnd(code);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** True when the line from `i` is a setext underline: `=` or `-` repeated, then only spaces. */
function isUnderline(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code !== 61 /* = */ && code !== 45 /* - */) return false;
  let j = i;
  while (text.charCodeAt(j) === code) j++;
  return restIsBlank(text, j);
}

/** True when the line from `i` is an ATX heading: 1 to 6 `#`, then a space or the end of the line. */
function isAtxHeading(text: string, i: number): boolean {
  let j = i;
  while (j - i < 7 && text.charCodeAt(j) === 35 /* # */) j++;
  return j > i && j - i <= 6 && isBlankOrEnd(text.charCodeAt(j));
}

/** True when only spaces and tabs are left on the line from `i`. */
function restIsBlank(text: string, i: number): boolean {
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === LF || code === CR) return true;
    if (code !== SPACE && code !== TAB) return false;
  }
  return true;
}

/**
 * The first limit `text` crosses, from offset `from` on (a template's body after its front
 * matter), or undefined when it keeps within all of them. Linear in the length of the text.
 */
export function findMarkdownLimitBreach(text: string, limits: Readonly<MarkdownLimits> = MARKDOWN_LIMITS, from = 0): MarkdownLimitBreach | undefined {
  const directives: number[] = []; // colons of each open `:::` fence
  // Directives opened before a code fence line: a `:::` that might be inside that code never
  // closes them here (the parser may read it as code), so nesting is never counted too low.
  let sealed = 0;
  let containers = 0;
  let line = 1;
  for (let k = 0; k < from && k < text.length; k++) if (text.charCodeAt(k) === LF) line++;
  let paragraph = -1; // marks in the paragraph the line is in (-1: none open)
  let marks = 0;
  let underlined = 0;
  let bars = 0;
  let i = from;
  const breach = (limit: keyof MarkdownLimits, found: number, at: number, lineStart: number): MarkdownLimitBreach => ({ limit, max: limits[limit], found, offset: at, line, column: at - lineStart + 1 });
  if (text.length - from > limits.maxCharacters) {
    // Where the limit falls: count lines up to it (linear, and only once).
    const at = from + limits.maxCharacters;
    for (let k = from; k < at; k++) if (text.charCodeAt(k) === LF) line++;
    return breach('maxCharacters', text.length - from, at, text.lastIndexOf('\n', at - 1) + 1);
  }

  while (i <= text.length) {
    const lineStart = i;
    let indent = 0;
    let markers = 0;
    let leading = 0; // spaces before the first mark: the levels of earlier lines they could continue
    let startsItem = false; // a bullet, or a list numbered 1, followed by text: always a new list item
    // Container marks at the start of the line: `>`, `-`/`*`/`+`, `1.`/`1)`, `[^note]:`.
    for (;;) {
      let code = text.charCodeAt(i);
      while (code === SPACE || code === TAB) {
        indent += code === TAB ? 4 - (indent % 4) : 1;
        code = text.charCodeAt(++i);
      }
      let next = i;
      if (code === 62 /* > */) next = i + 1;
      else if ((code === 45 /* - */ || code === 42 /* * */ || code === 43) /* + */ && isBlankOrEnd(text.charCodeAt(i + 1))) next = i + 1;
      else if (isDigit(code)) {
        let j = i;
        while (j - i < 9 && isDigit(text.charCodeAt(j))) j++;
        const mark = text.charCodeAt(j);
        if ((mark === 46 /* . */ || mark === 41) /* ) */ && isBlankOrEnd(text.charCodeAt(j + 1))) next = j + 1;
      } else if (code === 91 /* [ */ && text.charCodeAt(i + 1) === 94 /* ^ */) {
        let j = i + 2;
        while (j < text.length && !isLineEnd(text.charCodeAt(j)) && text.charCodeAt(j) !== 93 /* ] */) j++;
        if (text.charCodeAt(j) === 93 && text.charCodeAt(j + 1) === 58 /* : */) next = j + 2;
      }
      if (next === i) break;
      // An item numbered other than 1 cannot interrupt a paragraph: it may be part of one.
      const interrupts = code === 45 || code === 42 || code === 43 || (code === 49 /* 1 */ && next - i === 2);
      if (interrupts && !restIsBlank(text, next)) startsItem = true;
      markers++;
      containers++;
      if (containers > limits.maxContainers) return breach('maxContainers', containers, i, lineStart);
      // Nesting so far: directives open around this line, the marks up to this one, and the
      // levels its leading spaces could continue (a nested list item is indented at least 2 more).
      if (markers === 1) leading = indent;
      const depth = directives.length + markers + Math.floor(leading / 2);
      if (depth > limits.maxDepth) return breach('maxDepth', depth, i, lineStart);
      i = next;
    }

    // What the line holds after its marks: a code fence, a directive fence, or text.
    const code = text.charCodeAt(i);
    if (code === 96 /* ` */ || code === 126 /* ~ */) {
      let j = i;
      while (text.charCodeAt(j) === code) j++;
      const size = j - i;
      if (size >= 3) sealed = directives.length;
    } else if (code === 58 /* : */) {
      let j = i;
      while (text.charCodeAt(j) === 58) j++;
      const size = j - i;
      if (size >= 3 && isLetter(text.charCodeAt(j))) {
        directives.push(size);
        containers++;
        if (containers > limits.maxContainers) return breach('maxContainers', containers, i, lineStart);
        const depth = directives.length + markers + Math.floor((markers > 0 ? leading : indent) / 2);
        if (depth > limits.maxDepth) return breach('maxDepth', depth, i, lineStart);
      } else if (size >= 3 && directives.length > sealed && size >= directives[directives.length - 1] && restIsBlank(text, j)) {
        directives.pop();
      }
    }

    // To the end of the line, counting emphasis and link marks. A blank line ends a paragraph,
    // and so does a line that must start a new block (a heading, or a list item that is not
    // indented enough to be a continuation); any other line may continue one, so it counts on.
    const blank = restIsBlank(text, lineStart);
    let first = lineStart;
    while (text.charCodeAt(first) === SPACE || text.charCodeAt(first) === TAB) first++;
    // A lone "-" is an empty list item to the mark count above, but under a paragraph it is an underline.
    const underline = !blank && paragraph >= 0 && isUnderline(text, first);
    if (blank) paragraph = -1;
    else if (underline) {
      paragraph = -1;
      underlined++;
      if (underlined > limits.maxUnderlinedHeadings) return breach('maxUnderlinedHeadings', underlined, i, lineStart);
    } else if (paragraph < 0 || (indent < 4 && (startsItem || isAtxHeading(text, i)))) {
      paragraph = 0;
    }
    let end = i;
    for (; end < text.length; end++) {
      const c = text.charCodeAt(end);
      if (c === LF || c === CR) break;
      if (c === 124 /* | */ && ++bars > limits.maxTableBars) return breach('maxTableBars', bars, end, lineStart);
      if (c === 42 || c === 95 || c === 126 || c === 91 || c === 93) {
        marks++;
        if (marks > limits.maxMarks) return breach('maxMarks', marks, end, lineStart);
        if (paragraph >= 0 && ++paragraph > limits.maxMarksPerParagraph) return breach('maxMarksPerParagraph', paragraph, end, lineStart);
      }
    }
    if (line > limits.maxLines) return breach('maxLines', line, lineStart, lineStart);
    if (end >= text.length) break;
    i = end + (text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === LF ? 2 : 1);
    line++;
  }
  return undefined;
}

/** A sentence for a person about a breach (without where it is: callers add that). */
export function describeMarkdownBreach(breach: MarkdownLimitBreach): string {
  switch (breach.limit) {
    case 'maxCharacters':
      return `the Markdown is longer than ${breach.max.toLocaleString('en-GB')} characters (the most Plainly reads as Markdown is ${breach.max.toLocaleString('en-GB')}); check it in parts`;
    case 'maxTableBars':
      return `the tables have more than ${breach.max.toLocaleString('en-GB')} cell borders (|) (the most Plainly reads is ${breach.max.toLocaleString('en-GB')}); split them into smaller tables, or check the text in parts`;
    case 'maxDepth':
      return `quotes, lists and :::boxes are nested more than ${breach.max} levels deep here (the most Plainly reads is ${breach.max}); no letter or guide needs that many`;
    case 'maxContainers':
      return `the text has more than ${breach.max.toLocaleString('en-GB')} quotes, list items and :::boxes (the most Plainly reads is ${breach.max.toLocaleString('en-GB')}); check it in parts`;
    case 'maxLines':
      return `the text has more than ${breach.max.toLocaleString('en-GB')} lines (the most Plainly reads is ${breach.max.toLocaleString('en-GB')}); check it in parts`;
    case 'maxUnderlinedHeadings':
      return `the text has more than ${breach.max} headings underlined with === or --- (the most Plainly reads is ${breach.max}); start headings with # instead`;
    case 'maxMarksPerParagraph':
      return `this paragraph has more than ${breach.max} emphasis and link marks (* _ ~ [ ]) (the most Plainly reads in one paragraph is ${breach.max}); put blank lines between paragraphs, or use fewer marks`;
    case 'maxMarks':
      return `the text has more than ${breach.max.toLocaleString('en-GB')} emphasis and link marks (* _ ~ [ ]) (the most Plainly reads is ${breach.max.toLocaleString('en-GB')}); check it in parts`;
  }
}

/**
 * Throws INPUT_LIMIT_EXCEEDED when `text` crosses a Markdown limit. The error names the limit
 * (`details.limit`, and its value under that name), and where (`details.location`, with `file`
 * as given: a file name, or a word like "text" for a request body).
 * @throws AppError INPUT_LIMIT_EXCEEDED.
 */
export function assertMarkdownWithinLimits(text: string, file = 'text', from = 0, limits: Readonly<MarkdownLimits> = MARKDOWN_LIMITS): void {
  const breach = findMarkdownLimitBreach(text, limits, from);
  if (breach) throw markdownLimitError(breach, file);
}

/** The INPUT_LIMIT_EXCEEDED error for a breach in `file`. */
export function markdownLimitError(breach: MarkdownLimitBreach, file: string): AppError {
  const where = `${file}:${breach.line}:${breach.column}`;
  return new AppError('INPUT_LIMIT_EXCEEDED', `${where}: ${describeMarkdownBreach(breach)}.`, {
    limit: breach.limit,
    [breach.limit]: breach.max,
    location: { file, line: breach.line, column: breach.column },
  });
}
