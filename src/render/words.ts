/**
 * The few fixed words the writers put around a document's own text — "Page 1 of 2", "Our
 * reference", "Phone", "Date", "From" — in the document's language, so a Welsh letter is
 * Welsh all through. Languages not listed get English. The draft mark stays English: it is
 * for staff and never reaches a reader, and the picture credit follows its licence's wording.
 */

/** The fixed words for one language. */
export interface DocumentWords {
  page(number: number, total: number): string;
  ourReference: string;
  phone: string;
  date: string;
  from: string;
}

const WORDS: Record<string, DocumentWords> = {
  en: { page: (n, total) => `Page ${n} of ${total}`, ourReference: 'Our reference', phone: 'Phone', date: 'Date', from: 'From' },
  cy: { page: (n, total) => `Tudalen ${n} o ${total}`, ourReference: 'Ein cyfeirnod', phone: 'Ffôn', date: 'Dyddiad', from: 'Oddi wrth' },
};

/** The fixed words for a BCP 47 tag (`cy-GB` → Welsh), English for a language not listed. */
export function documentWords(lang: string | undefined): DocumentWords {
  return WORDS[(lang ?? 'en').split('-')[0].toLowerCase()] ?? WORDS.en;
}
