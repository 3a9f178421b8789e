/**
 * How data is written in a document: dates as "31 January 2021" (never 31.01.21), lists as
 * "a, b and c". Shared by the Handlebars helpers and by messages about data.
 */

const MONTHS: Record<string, readonly string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  cy: ['Ionawr', 'Chwefror', 'Mawrth', 'Ebrill', 'Mai', 'Mehefin', 'Gorffennaf', 'Awst', 'Medi', 'Hydref', 'Tachwedd', 'Rhagfyr'],
};

const AND: Record<string, string> = { en: 'and', cy: 'a' };
const OR: Record<string, string> = { en: 'or', cy: 'neu' };

/** The base language of a tag (`cy-GB` → `cy`), falling back to English for unknown ones. */
function base(lang: string | undefined): string {
  const code = (lang ?? 'en').split('-')[0].toLowerCase();
  return code in MONTHS ? code : 'en';
}

/** "2021-01-31" → "31 January 2021" (Welsh month names for `cy`). Returns '' for no value. */
export function formatDate(iso: unknown, lang?: string): string {
  if (typeof iso !== 'string') return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return iso;
  const month = MONTHS[base(lang)][Number(match[2]) - 1];
  return month ? `${Number(match[3])} ${month} ${match[1]}` : iso;
}

/** ["a","b","c"] → "a, b and c" (no serial comma, as GOV.UK style). */
export function formatList(items: unknown, lang?: string, conjunction: 'and' | 'or' = 'and'): string {
  if (!Array.isArray(items)) return items === undefined || items === null ? '' : String(items);
  const words = items.filter((item) => item !== undefined && item !== null && item !== '').map(String);
  if (words.length <= 1) return words.join('');
  const joiner = (conjunction === 'or' ? OR : AND)[base(lang)];
  return `${words.slice(0, -1).join(', ')} ${joiner} ${words[words.length - 1]}`;
}

/** 1 → "1 day", 3 → "3 days". */
export function formatPlural(count: unknown, singular: string, plural: string): string {
  const n = typeof count === 'number' ? count : Number(count);
  return `${Number.isFinite(n) ? n.toLocaleString('en-GB') : String(count)} ${n === 1 ? singular : plural}`;
}
