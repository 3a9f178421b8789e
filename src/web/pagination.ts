/**
 * Long lists in pages (the words to avoid, their history) are shown a page at a time with
 * GOV.UK's pagination component: a page of 200 table rows is hard to find your way around
 * with a screen reader or a magnifier, and slow to load on an old computer.
 */
import { z } from 'zod';

/** Rows on one page of a list. */
export const PAGE_SIZE = 50;

/** The `page` query value: a whole number from 1; anything else is page 1. */
export const PageQuery = z.coerce.number().int().min(1).max(100_000).catch(1).default(1);

/** The parameters of GOV.UK's `govukPagination` macro, or undefined when everything fits on one page. */
export interface PaginationView {
  /** What screen readers call the navigation ("Pages of words"). */
  landmarkLabel: string;
  previous?: { href: string };
  next?: { href: string };
  items: ({ number: number; href: string; current?: boolean } | { ellipsis: true })[];
}

/** One page of a list, which page it is, and the links to the others. */
export interface Paged<T> {
  items: T[];
  page: number;
  pages: number;
  /** 1-based numbers of the first and last item shown (0 and 0 when the list is empty). */
  from: number;
  to: number;
  pagination?: PaginationView;
}

/**
 * Takes page `page` (clamped to the pages there are) of `items`. `hrefFor(n)` is the link to
 * page n (it keeps the search and filters). Page numbers shown: the first, the last, and the
 * ones next to the current page, with an ellipsis for gaps (as GOV.UK's pattern advises).
 * `numbered: false` gives only "Previous" and "Next", for lists read only up to the page asked
 * for (one item more says whether there is a next page), whose last page is not known.
 */
export function paginate<T>(items: readonly T[], page: number, hrefFor: (page: number) => string, options: { label: string; size?: number; numbered?: boolean }): Paged<T> {
  const size = options.size ?? PAGE_SIZE;
  const pages = Math.max(1, Math.ceil(items.length / size));
  const current = Math.min(Math.max(1, page), pages);
  const start = (current - 1) * size;
  const shown = items.slice(start, start + size);
  const paged: Paged<T> = { items: shown, page: current, pages, from: shown.length ? start + 1 : 0, to: start + shown.length };
  if (pages === 1) return paged;
  const links: PaginationView['items'] = [];
  if (options.numbered !== false) {
    const numbers = [...new Set([1, current - 1, current, current + 1, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
    numbers.forEach((n, i) => {
      if (i > 0 && n - numbers[i - 1] > 1) links.push({ ellipsis: true });
      links.push({ number: n, href: hrefFor(n), ...(n === current ? { current: true } : {}) });
    });
  }
  paged.pagination = {
    landmarkLabel: options.label,
    items: links,
    ...(current > 1 ? { previous: { href: hrefFor(current - 1) } } : {}),
    ...(current < pages ? { next: { href: hrefFor(current + 1) } } : {}),
  };
  return paged;
}

/** A link to `path` with `query` (empty values left out), for page links that keep a search. */
export function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '' && !(key === 'page' && value === 1)) params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}
