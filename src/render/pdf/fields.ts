/**
 * Fillable text fields (AcroForm) for the blank rows of the form layout, kept in the
 * structure tree so the PDF stays tagged (PDF/UA 7.18): each field's widget annotation is the
 * only child of a Form structure element (an OBJR that points at it), inside the table cell
 * it fills; the widget's /StructParent leads back to that element through the parent tree;
 * the field has an alternate name (/TU: "Date, line 3") for screen readers; and pages with
 * fields use the structure order for tabbing (/Tabs /S).
 *
 * pdfkit 0.20 cannot do this through `formText()`: it drops the `structParent` option on
 * the way to `annotate()` and has no option for /TU (foliojs/pdfkit#1803). So this module
 * builds the field as `formAnnotation()` does (pdfkit's own `_fieldDict`, `annotate`,
 * `_addToParent`), passing the Form element to `annotate()`, which pdfkit then links both
 * ways, and adds /TU and /DA itself.
 *
 * Fields have no appearance streams: the AcroForm asks viewers to make them
 * (/NeedAppearances true, pdfkit's default), and typed text is set in Helvetica, which every
 * viewer has (the embedded Atkinson Hyperlegible is a subset: it lacks letters people may
 * type). Names are made from the table's position and the column's heading, so they are the
 * same every time (the output stays deterministic).
 */
import type { PdfCanvas } from './canvas.js';

/** pdfkit internals used to build a field (not in @types/pdfkit). */
interface FormInternals {
  _acroform?: unknown;
  _font: { id: string; name: string };
  _fieldDict(name: string, type: string, options: Record<string, unknown>): Record<string, unknown>;
  _addToParent(ref: unknown): void;
  initForm(): void;
  font(name: string): unknown;
  annotate(x: number, y: number, w: number, h: number, options: Record<string, unknown>): void;
  page: { annotations: unknown[]; dictionary: { data: Record<string, unknown> } };
}

/** The font typed text is set in (a PDF standard font: every viewer has it). */
const FIELD_FONT = 'Helvetica';

/** A field's name part from a column heading: `Money out` → `money-out`. */
export function fieldSlug(heading: string): string {
  return heading.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'column';
}

/** One fillable text field. */
export interface TextField {
  /** Unique, without periods (they would make a field hierarchy): `sheet-2-line-3-date`. */
  name: string;
  /** What a screen reader says: `Date, line 3`. */
  label: string;
  /** The box, in points from the top left of the page. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Size of typed text. */
  size: number;
}

/**
 * Adds a text field inside the structure element that is open on the canvas (a table
 * cell), as Form > OBJR. Does nothing on a layout-only canvas.
 */
export function addTextField(canvas: PdfCanvas, field: TextField): void {
  if (canvas.layoutOnly) return;
  const doc = canvas.doc as unknown as FormInternals;
  const previous = doc._font;
  doc.font(FIELD_FONT);
  if (!doc._acroform) doc.initForm();
  const fontId = doc._font.id;
  const dictionary = doc._fieldDict(field.name, 'text', {});
  dictionary.Subtype = 'Widget';
  dictionary.F = 4; // print
  dictionary.TU = new String(field.label);
  dictionary.DA = new String(`/${fontId} ${field.size} Tf 0 g`);
  const form = canvas.open('Form');
  doc.annotate(field.x, field.y, field.width, field.height, { ...dictionary, structParent: form });
  canvas.close();
  doc._addToParent(doc.page.annotations[doc.page.annotations.length - 1]);
  doc.page.dictionary.data.Tabs = 'S';
  // Text drawn next uses the face the canvas selects, not Helvetica.
  (doc as unknown as { _font: unknown })._font = previous;
  canvas.resetFace();
}
