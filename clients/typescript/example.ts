/**
 * A worked example of the typed client, and the code the end-to-end test drives
 * (tests/http/client-e2e.test.ts): an administrator makes a token for a finance system, which
 * checks a text, renders a letter from a published template and fetches the recorded PDF
 * again. It also type-checks (tsc -p clients/typescript): the calls in `wouldNotCompile` are
 * mistakes the types must refuse.
 */
import { type PlainlyClient, type Schemas, createPlainlyClient } from './index.js';

/** A problem+json answer, thrown as an Error that names its code. */
export class PlainlyError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<Schemas['Problem']> | undefined,
  ) {
    super(`${status} ${problem?.code ?? 'unknown'}: ${problem?.detail ?? 'no detail'}`);
    this.name = 'PlainlyError';
  }
}

/** An administrator makes a token for a system, with one role; its secret is in this answer only. */
export async function createToken(admin: PlainlyClient, name: string, role: Schemas['Role']): Promise<string> {
  const { data, error, response } = await admin.POST('/api/tokens', { body: { name, role } });
  if (error !== undefined) throw new PlainlyError(response.status, error);
  return data.token;
}

/** Checks a text for plain, respectful language. */
export async function lintText(plainly: PlainlyClient, text: string): Promise<Schemas['LintResult']> {
  const { data, error, response } = await plainly.POST('/api/lint', { body: { text, profile: 'standard' } });
  if (error !== undefined) throw new PlainlyError(response.status, error);
  return data;
}

/** A final PDF and the id it is recorded under. */
export interface RenderedLetter {
  documentId: string;
  templateVersion: number;
  contentType: string | null;
  pdf: Uint8Array;
}

/**
 * Renders a final letter as PDF from a template's published version, with the template's own
 * example data unless `data` is given. The service records it and says its id in X-Document-Id.
 */
export async function renderLetter(plainly: PlainlyClient, templateId: string, data?: Record<string, unknown>): Promise<RenderedLetter> {
  const template = await plainly.GET('/api/templates/{id}', { params: { path: { id: templateId } } });
  if (template.error !== undefined) throw new PlainlyError(template.response.status, template.error);
  const rendered = await plainly.POST('/api/templates/{id}/render', {
    params: { path: { id: templateId } },
    // 'as const' keeps the literal, so openapi-fetch infers the options and types data by parseAs.
    body: { data: data ?? template.data.example, format: 'pdf' as const },
    parseAs: 'arrayBuffer',
  });
  if (rendered.error !== undefined) throw new PlainlyError(rendered.response.status, rendered.error);
  const documentId = rendered.response.headers.get('X-Document-Id');
  if (!documentId) throw new Error('A final document came without X-Document-Id.');
  return {
    documentId,
    templateVersion: Number(rendered.response.headers.get('X-Template-Version')),
    contentType: rendered.response.headers.get('Content-Type'),
    pdf: new Uint8Array(rendered.data),
  };
}

/** A recorded document and its PDF made again from the record (checked against its sha256 by the service). */
export async function fetchDocument(
  plainly: PlainlyClient,
  documentId: string,
): Promise<{ record: Schemas['DocumentRecord']; contentType: string | null; pdf: Uint8Array }> {
  const path = { id: documentId };
  const record = await plainly.GET('/api/documents/{id}', { params: { path } });
  if (record.error !== undefined) throw new PlainlyError(record.response.status, record.error);
  const pdf = await plainly.GET('/api/documents/{id}/pdf', { params: { path }, parseAs: 'arrayBuffer' });
  if (pdf.error !== undefined) throw new PlainlyError(pdf.response.status, pdf.error);
  return { record: record.data, contentType: pdf.response.headers.get('Content-Type'), pdf: new Uint8Array(pdf.data) };
}

/** The whole round: a finance token, a lint, a letter, its record and PDF. */
export async function financeRound(baseUrl: string, adminToken: string, templateId: string, text: string) {
  const admin = createPlainlyClient({ baseUrl, token: adminToken });
  const token = await createToken(admin, 'finance system (client example)', 'finance');
  const finance = createPlainlyClient({ baseUrl, token });
  const me = await finance.GET('/api/me');
  if (me.error !== undefined) throw new PlainlyError(me.response.status, me.error);
  const lint = await lintText(finance, text);
  const letter = await renderLetter(finance, templateId);
  const stored = await fetchDocument(finance, letter.documentId);
  return { token, me: me.data, lint, letter, stored };
}

/** Never called: each line is a mistake that must not compile (tsc fails on an unused expectation). */
export function wouldNotCompile(plainly: PlainlyClient): void {
  // @ts-expect-error: there is no such path
  void plainly.GET('/api/letters');
  // @ts-expect-error: the text to lint is a string
  void plainly.POST('/api/lint', { body: { text: 42 } });
  // @ts-expect-error: a file to lint needs its content (base64)
  void plainly.POST('/api/lint', { body: { file: { name: 'letter.docx' } } });
  // @ts-expect-error: a profile the API does not have
  void plainly.POST('/api/lint', { body: { text: 'Hello', profile: 'simple' } });
  // @ts-expect-error: render needs the template id in the path
  void plainly.POST('/api/templates/{id}/render', { body: { format: 'pdf' } });
  // @ts-expect-error: docx is not an output format
  void plainly.POST('/api/templates/{id}/render', { params: { path: { id: 'financial-checkup' } }, body: { format: 'docx' } });
  // @ts-expect-error: publishing is a POST, not a GET
  void plainly.GET('/api/templates/{id}/versions/{version}/publish', { params: { path: { id: 'x', version: 1 } } });
  void (async () => {
    const { data } = await plainly.POST('/api/lint', { body: { text: 'Hello' } });
    // @ts-expect-error: a finding's severity is a string, not a number
    const severity: number | undefined = data?.findings[0]?.severity;
    return severity;
  });
}
