/**
 * The Handlebars helpers templates may use (docs/templates.md, "Body"). Kept in one table so
 * the loader can refuse any other helper name at `file:line:col` before anything renders.
 */
import { formatDate, formatList, formatPlural } from './format.js';
import { formatPence } from './values.js';

type HelperOptions = { data?: { lang?: string }; hash?: Record<string, unknown> };

/** Everything but the trailing Handlebars options object. */
function args(list: unknown[]): unknown[] {
  return list.slice(0, -1);
}

function options(list: unknown[]): HelperOptions {
  return (list[list.length - 1] ?? {}) as HelperOptions;
}

function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** Handlebars treats [] as falsy in #if; the comparison helpers agree. */
function truthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

function compare(test: (a: number | string, b: number | string) => boolean) {
  return (...list: unknown[]): boolean => {
    const [a, b] = args(list);
    const x = num(a) ?? (typeof a === 'string' ? a : undefined);
    const y = num(b) ?? (typeof b === 'string' ? b : undefined);
    return x !== undefined && y !== undefined && typeof x === typeof y && test(x, y);
  };
}

function arithmetic(fold: (a: number, b: number) => number) {
  return (...list: unknown[]): number | string => {
    const values = args(list).map(num);
    if (values.length === 0 || values.some((v) => v === undefined)) return '';
    return (values as number[]).reduce(fold);
  };
}

/** Titles people put before their name ("Mr George Adeyemi"). */
const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'professor', 'rev', 'revd', 'reverend', 'sir', 'dame', 'lady', 'lord']);
const DEAR: Record<string, string> = { en: 'Dear', cy: 'Annwyl' };

/**
 * The greeting of a letter from the name on the envelope: "Dear Amina Patel" (no title: the
 * name as written), "Dear Mr Adeyemi" (a title: the title and the last word of the name,
 * never the whole envelope line), "Dear Mr and Mrs Kowalski" (two titles: as written). A
 * title given separately is put before the last word of the name.
 */
export function salutationFor(name: unknown, title?: unknown, lang?: string): string {
  const dear = DEAR[(lang ?? 'en').split('-')[0].toLowerCase()] ?? DEAR.en;
  const words = typeof name === 'string' ? name.trim().split(/\s+/).filter(Boolean) : [];
  if (words.length === 0) return dear;
  const isTitle = (word: string | undefined) => word !== undefined && TITLES.has(word.replace(/\.$/, '').toLowerCase());
  const given = typeof title === 'string' ? title.trim() : '';
  if (given && !isTitle(words[0])) return `${dear} ${given} ${words[words.length - 1]}`;
  if (!isTitle(words[0]) || words.length <= 2 || /^(and|&)$/i.test(words[1])) return `${dear} ${words.join(' ')}`;
  return `${dear} ${words[0]} ${words[words.length - 1]}`;
}

/** Helpers by name. Each returns a plain value; the filler turns it into text. */
export const TEMPLATE_HELPERS: Record<string, (...list: unknown[]) => unknown> = {
  /** `{{date letterDate}}` → "31 January 2021" */
  date: (...list) => formatDate(args(list)[0], options(list).data?.lang),
  /** `{{money amount}}` (integer pence) → "£1,234.56" or "£75" */
  money: (...list) => {
    const pence = num(args(list)[0]);
    return pence === undefined ? '' : formatPence(Math.round(pence));
  },
  /** `{{dear recipient.name}}` → "Dear Amina Patel", "Dear Mr Adeyemi" (see `salutationFor`); `{{dear recipient.name title}}` */
  dear: (...list) => {
    const [name, title] = args(list);
    return salutationFor(name, title, options(list).data?.lang);
  },
  /** `{{plural count "day" "days"}}` → "1 day" / "3 days" */
  plural: (...list) => {
    const [count, singular, plural] = args(list);
    return formatPlural(count, String(singular ?? ''), String(plural ?? singular ?? ''));
  },
  /** `{{list documents}}` → "a, b and c"; `{{list xs conjunction="or"}}` → "a, b or c" */
  list: (...list) => formatList(args(list)[0], options(list).data?.lang, options(list).hash?.conjunction === 'or' ? 'or' : 'and'),
  /**
   * `{{asLines council.addressLines}}` → each item on a line of its own (a postal address);
   * empty items are left out. The line breaks are kept in every format, like those typed into
   * a text field.
   */
  asLines: (...list) => {
    const value = args(list)[0];
    const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
    return items.map((item) => (typeof item === 'string' ? item : typeof item === 'number' ? String(item) : '')).map((line) => line.trim()).filter(Boolean).join('\n');
  },
  eq: (...list) => {
    const [a, b] = args(list);
    return a === b || (num(a) !== undefined && num(a) === num(b));
  },
  ne: (...list) => {
    const [a, b] = args(list);
    return !(a === b || (num(a) !== undefined && num(a) === num(b)));
  },
  gt: compare((a, b) => a > b),
  gte: compare((a, b) => a >= b),
  lt: compare((a, b) => a < b),
  lte: compare((a, b) => a <= b),
  and: (...list) => args(list).every(truthy),
  or: (...list) => args(list).some(truthy),
  not: (...list) => !truthy(args(list)[0]),
  add: arithmetic((a, b) => a + b),
  subtract: arithmetic((a, b) => a - b),
  multiply: arithmetic((a, b) => a * b),
};

/** Block helpers built into Handlebars that templates may use. */
export const BLOCK_HELPERS = ['if', 'unless', 'each', 'with'] as const;

/** Every helper name a template may call (for error messages). */
export const HELPER_NAMES = [...Object.keys(TEMPLATE_HELPERS), 'lookup'].sort();
