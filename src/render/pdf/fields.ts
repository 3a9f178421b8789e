/**
 * Fillable text fields (AcroForm) for the blank rows of the form layout, kept in the
 * structure tree so the PDF stays tagged (PDF/UA 7.18): each field's widget annotation is the
 * only child of a Form structure element (an OBJR that points at it), inside the table cell
 * it fills; the widget's /StructParent leads back to that element through the parent tree;
 * the field has an alternate name (/TU: "Date, line 3") for screen readers; and pages with
 * fields use the structure order for tabbing (/Tabs /S).
 *
 * Typed text is set in Atkinson Hyperlegible, embedded whole once per document as the form's
 * default resource (see form-font.ts), so no font is left to the viewer; each field has its
 * own (empty) appearance stream naming that font, so viewers need not make one up
 * (no /NeedAppearances).
 *
 * pdfkit 0.20 cannot do this through `formText()`: it drops the `structParent` option on
 * the way to `annotate()`, has no option for /TU (foliojs/pdfkit#1803), and puts the current
 * font (Helvetica unless told otherwise) in the form's resources without embedding it. So
 * this module makes the form dictionary and each field itself, and uses pdfkit's own
 * `annotate()` (which links widget and structure element both ways) and `_addToParent`.
 * Names are made from the table's position and the column's heading, so they are the same
 * every time (the output stays deterministic).
 */
import type { PdfCanvas } from './canvas.js';
import { embedFormFont, FORM_FONT_NAME, type RefMaker } from './form-font.js';

/** pdfkit internals used to build a form (not in @types/pdfkit). */
interface FormInternals extends RefMaker {
  _acroform?: { fonts: Record<string, unknown>; defaultFont: string };
  _root: { data: Record<string, unknown> };
  _addToParent(ref: unknown): void;
  annotate(x: number, y: number, w: number, h: number, options: Record<string, unknown>): void;
  page: { annotations: unknown[]; dictionary: { data: Record<string, unknown> } };
}

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

/** Per document: the embedded form font, and one empty appearance per field size. */
interface FormState {
  font: unknown;
  appearances: Map<string, unknown>;
}
const forms = new WeakMap<object, FormState>();

/** The document's form: made (with its font) on the first field. */
function formOf(doc: FormInternals): FormState {
  let state = forms.get(doc);
  if (state) return state;
  const font = embedFormFont(doc);
  const fonts = { [FORM_FONT_NAME]: font };
  // pdfkit's endAcroForm() copies `_acroform.fonts` into /DR and ends the form at doc.end().
  doc._acroform = { fonts, defaultFont: FORM_FONT_NAME };
  doc._root.data.AcroForm = doc.ref({ Fields: [], DA: new String(`/${FORM_FONT_NAME} 0 Tf 0 g`), DR: { Font: { ...fonts } } });
  state = { font, appearances: new Map() };
  forms.set(doc, state);
  return state;
}

/**
 * An empty text field's normal appearance (`/Tx BMC EMC`) for a box size, with the form font
 * in its resources; fields of one column share it.
 */
function appearance(doc: FormInternals, state: FormState, width: number, height: number): unknown {
  const key = `${width.toFixed(3)}x${height.toFixed(3)}`;
  let ref = state.appearances.get(key);
  if (!ref) {
    const stream = doc.ref({ Type: 'XObject', Subtype: 'Form', BBox: [0, 0, width, height], Resources: { Font: { [FORM_FONT_NAME]: state.font } } });
    stream.end(new TextEncoder().encode('/Tx BMC\nEMC'));
    state.appearances.set(key, (ref = stream));
  }
  return ref;
}

/**
 * Adds a text field inside the structure element that is open on the canvas (a table
 * cell), as Form > OBJR. Does nothing on a layout-only canvas.
 */
export function addTextField(canvas: PdfCanvas, field: TextField): void {
  if (canvas.layoutOnly) return;
  const doc = canvas.doc as unknown as FormInternals;
  const state = formOf(doc);
  const form = canvas.open('Form');
  doc.annotate(field.x, field.y, field.width, field.height, {
    Subtype: 'Widget',
    FT: 'Tx',
    T: new String(field.name),
    TU: new String(field.label),
    DA: new String(`/${FORM_FONT_NAME} ${field.size} Tf 0 g`),
    F: 4, // print
    AP: { N: appearance(doc, state, field.width, field.height) },
    structParent: form,
  });
  canvas.close();
  doc._addToParent(doc.page.annotations[doc.page.annotations.length - 1]);
  doc.page.dictionary.data.Tabs = 'S';
}
