/**
 * How much text one lint takes through the service (the API and the check page): a long guide
 * is about 30,000 characters. The CLI reads text files up to 2 MB; Word, PDF and HTML files
 * have their own limits (src/ingest/check.ts).
 */
export const MAX_LINT_CHARACTERS = 200_000;
