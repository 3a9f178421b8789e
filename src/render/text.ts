/**
 * The plain-text writer, for e-mail: headings underlined with = and -, bullets as "-",
 * tables as "Header: value" lines (readable by screen readers and on any phone), pictures as
 * their alt text in brackets, lines wrapped at 72 characters.
 */
import { type Block, type Inline, plainText } from './model.js';
import { PICTURE_CREDIT, type PictureCatalogue } from './pictures.js';
import { DRAFT_MARK } from './pdf/furniture.js';
import { documentWords } from './words.js';

/** What the text writer needs. */
export interface TextInput {
  blocks: readonly Block[];
  title: string;
  draft: boolean;
  pictures: PictureCatalogue;
  letter?: { name: string; address: string[]; date: string; reference: string };
  council: { name: string; team: string };
  creditPictures: boolean;
  /** BCP 47 language of the document (the fixed words follow it). */
  lang: string;
}

const WIDTH = 72;

function runsText(runs: readonly Inline[]): string {
  return runs
    .map((run) => {
      if (run.kind === 'break') return '\n';
      if (run.link) {
        const bare = run.link.replace(/^(mailto:|tel:)/i, '');
        return run.text.trim() === bare || `https://${run.text.trim()}` === bare ? run.text : `${run.text} (${bare})`;
      }
      return run.text;
    })
    .join('');
}

/**
 * Wraps at word boundaries; keeps explicit line breaks. No-break spaces (inside a date, a
 * postcode, a phone number: model.ts) are not places to break, and are written as plain spaces.
 */
function wrap(text: string, width: number, indent = '', firstIndent = indent): string {
  const out: string[] = [];
  for (const paragraphLine of text.split('\n')) {
    let line = '';
    let prefix = out.length === 0 ? firstIndent : indent;
    for (const word of paragraphLine.split(/[^\S\u00a0]+/).filter(Boolean)) {
      if (line && [...(prefix + line + ' ' + word)].length > width) {
        out.push(prefix + line);
        prefix = indent;
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    out.push(prefix + line);
  }
  return out.join('\n').replace(/\u00a0/g, ' ');
}

function blockText(block: Block, input: TextInput, indent = ''): string {
  switch (block.type) {
    case 'heading': {
      const text = plainText(block.inlines).replace(/\s+/g, ' ').trim();
      if (block.depth <= 2) return `${text}\n${(block.depth === 1 ? '=' : '-').repeat(Math.min([...text].length, WIDTH))}`;
      return text;
    }
    case 'paragraph':
      return wrap(runsText(block.inlines), WIDTH, indent);
    case 'list':
      return block.items
        .map((item, i) => {
          const marker = block.ordered ? `${block.startNumber + i}. ` : '- ';
          const inner = item.map((b) => blockText(b, input, indent + ' '.repeat(marker.length))).join('\n\n');
          return indent + marker + inner.slice(indent.length + marker.length);
        })
        .join('\n');
    case 'table':
      // An empty cell is a space to write in (a write-in table, or a blank row of a form):
      // it is shown as a line to write on. Elsewhere (a total row) it is left out.
      return block.rows
        .map((row) => {
          const blankRow = block.header.every((_, i) => !runsText(row[i] ?? []).trim());
          return block.header
            .flatMap((head, i) => {
              const value = runsText(row[i] ?? []);
              if (value.trim()) return [`${runsText(head)}: ${value}`];
              return block.writeIn || blankRow ? [`${runsText(head)}: ____________`] : [];
            })
            .join('\n');
        })
        .join('\n\n');
    case 'row': {
      const picture = block.picture ? input.pictures.get(block.picture) : undefined;
      const alt = block.alt ?? picture?.alt;
      const words = block.blocks.map((b) => blockText(b, input, indent)).join('\n\n');
      return alt ? `[Picture: ${alt}]\n${words}` : words;
    }
    case 'quote':
      return block.blocks.map((b) => blockText(b, input, indent + '> ')).join('\n\n');
    case 'code':
      return block.text;
    case 'rule':
      return '-'.repeat(20);
    case 'unknown':
      return block.blocks.map((b) => blockText(b, input, indent)).join('\n\n');
  }
}

/** Writes the document as plain text (UTF-8, `\n` line ends, ending with a newline). */
export function writeText(input: TextInput): string {
  const parts: string[] = [];
  if (input.draft) parts.push(`*** ${DRAFT_MARK} ***`);
  if (input.letter) {
    parts.push(`${input.letter.date}\n${documentWords(input.lang).ourReference}: ${input.letter.reference}`);
  }
  for (const block of input.blocks) parts.push(blockText(block, input));
  if (input.creditPictures) parts.push(PICTURE_CREDIT);
  if (input.draft) parts.push(`*** ${DRAFT_MARK} ***`);
  return parts.filter((p) => p.trim() !== '').join('\n\n').replace(/\u00a0/g, ' ').replace(/[ \t]+$/gm, '') + '\n';
}
