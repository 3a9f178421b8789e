/**
 * One HTML escape for everything Plainly writes as HTML (the documents' web versions, the
 * report over many documents, the editor's preview frame): data placed into a page must never
 * become markup, so there is one place that decides how.
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}
