/**
 * SVG pictures (Easy Read pictograms, the council logo) in PDFs, converted once per process.
 *
 * svg-to-pdfkit parses the SVG and turns it into PDF drawing operators every time it is
 * called; for an Easy Read letter with a dozen pictures that was most of the render. The
 * operators depend only on the SVG and the box it is drawn in, so each (SVG, box) is drawn
 * once into a scratch document, the operators it wrote are kept, and every later document
 * gets those same operators, moved into place with one `cm`. Output stays deterministic: the
 * operators are the same bytes every time.
 *
 * The opacity states svg-to-pdfkit selects (ExtGState objects, which pdfkit shares across a
 * document) are made again in each document, under that document's names, exactly as pdfkit
 * would. An SVG that needs other resources of its own (gradients and patterns, embedded
 * images or fonts, groups, links) is drawn with svg-to-pdfkit in every document, as before.
 */
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';

type PDFDoc = PDFKit.PDFDocument;

/** How to fit the SVG into its box. */
export interface SvgBox {
  width: number;
  height: number;
  preserveAspectRatio: string;
}

/**
 * A converted drawing: operators with the names of the opacity states they select cut out
 * (`parts[0] name[0] parts[1] …`), each name's pdfkit opacity key, and its dictionary; or
 * `undefined` when it needs other document resources (drawn with svg-to-pdfkit each time).
 */
type Converted = { parts: string[]; states: { key: string; dictionary: Record<string, unknown> }[] } | undefined;

const converted = new Map<string, Map<string, Converted>>();
const MAX_SVGS = 256;
let conversions = 0;

/** pdfkit internals read to capture what svg-to-pdfkit wrote (not in @types/pdfkit). */
interface PageInternals {
  content: { buffer: Uint8Array[] };
  resources: { data: Record<string, unknown> };
  annotations?: unknown[];
  ext_gstates: Record<string, unknown>;
}

/** pdfkit's opacity states: one ExtGState per opacity pair, shared by the whole document. */
interface OpacityInternals {
  _opacityRegistry: Record<string, [{ data: Record<string, unknown>; end(): void }, string]>;
  _opacityCount: number;
  page: PageInternals;
  ref(data: Record<string, unknown>): { data: Record<string, unknown>; end(): void };
}

const OTHER_RESOURCES = ['Font', 'XObject', 'Pattern', 'Shading', 'ColorSpace'];

/** Draws the SVG into a scratch page at the origin and returns the operators it wrote. */
function convert(svg: string, box: SvgBox): Converted {
  conversions++;
  const scratch = new PDFDocument({ autoFirstPage: false, compress: false });
  scratch.addPage({ size: 'A4', margins: { top: 0, right: 0, bottom: 0, left: 0 } });
  const internals = scratch as unknown as OpacityInternals;
  const page = internals.page;
  const before = page.content.buffer.length;
  SVGtoPDF(scratch, svg, 0, 0, { width: box.width, height: box.height, preserveAspectRatio: box.preserveAspectRatio });
  const data = page.resources.data;
  const needsResources = OTHER_RESOURCES.some((key) => data[key] && typeof data[key] === 'object' && Object.keys(data[key] as object).length > 0);
  if (needsResources || (page.annotations?.length ?? 0) > 0) return undefined;
  // svg-to-pdfkit sets fill and stroke opacity (to 1 for OpenMoji), which pdfkit keeps as
  // document-wide ExtGState objects: those are re-made in each document, under its own names.
  const byName = new Map<string, { key: string; dictionary: Record<string, unknown> }>();
  for (const [key, [dictionary, name]] of Object.entries(internals._opacityRegistry)) {
    const { Type, ca, CA, ...other } = dictionary.data;
    if (Object.keys(other).length > 0 || Type !== 'ExtGState') return undefined;
    byName.set(name, { key, dictionary: { Type, ...(ca !== undefined ? { ca } : {}), ...(CA !== undefined ? { CA } : {}) } });
  }
  if (Object.keys(page.ext_gstates).some((name) => !byName.has(name))) return undefined;
  const operators = page.content.buffer.slice(before).map((chunk) => Buffer.from(chunk).toString('latin1')).join('').replace(/\n$/, '');
  const parts: string[] = [];
  const states: { key: string; dictionary: Record<string, unknown> }[] = [];
  let last = 0;
  for (const match of operators.matchAll(/\/(Gs\d+) gs\b/g)) {
    const state = byName.get(match[1]);
    if (!state) return undefined;
    parts.push(operators.slice(last, match.index + 1));
    states.push(state);
    last = match.index + 1 + match[1].length;
  }
  parts.push(operators.slice(last));
  return { parts, states };
}

/** The target document's name for an opacity state, made as pdfkit's `_doOpacity` makes it. */
function opacityState(doc: PDFDoc, state: { key: string; dictionary: Record<string, unknown> }): string {
  const internals = doc as unknown as OpacityInternals;
  let entry = internals._opacityRegistry[state.key];
  if (!entry) {
    const dictionary = internals.ref({ ...state.dictionary });
    dictionary.end();
    entry = [dictionary, `Gs${++internals._opacityCount}`];
    internals._opacityRegistry[state.key] = entry;
  }
  internals.page.ext_gstates[entry[1]] = entry[0];
  return entry[1];
}

function lookup(svg: string, box: SvgBox): Converted {
  let bySize = converted.get(svg);
  if (!bySize) {
    if (converted.size >= MAX_SVGS) converted.delete(converted.keys().next().value!);
    converted.set(svg, (bySize = new Map()));
  }
  const key = `${box.width}x${box.height}:${box.preserveAspectRatio}`;
  if (!bySize.has(key)) bySize.set(key, convert(svg, box));
  return bySize.get(key);
}

/**
 * Draws an SVG with its top-left corner at (x, y), fitted into `box`. Call it where content
 * may be drawn (inside a marked-content sequence or an artifact).
 */
export function drawSvg(doc: PDFDoc, svg: string, x: number, y: number, box: SvgBox): void {
  const drawing = lookup(svg, box);
  if (!drawing) {
    SVGtoPDF(doc, svg, x, y, { width: box.width, height: box.height, preserveAspectRatio: box.preserveAspectRatio });
    return;
  }
  let operators = drawing.parts[0];
  for (let i = 0; i < drawing.states.length; i++) operators += opacityState(doc, drawing.states[i]) + drawing.parts[i + 1];
  doc.save();
  doc.translate(x, y);
  doc.addContent(operators);
  doc.restore();
}

/** How many times an SVG has been converted in this process, and how many drawings are kept (for tests and the benchmark). */
export function svgStats(): { conversions: number; kept: number } {
  let kept = 0;
  for (const bySize of converted.values()) kept += [...bySize.values()].filter(Boolean).length;
  return { conversions, kept };
}
