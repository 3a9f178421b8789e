/**
 * The generated TypeScript client (clients/typescript) against the real app on a loopback
 * port with a temporary SQLite store: an admin makes a finance token, which checks a text,
 * renders a letter from a shipped template and fetches its PDF again. Every JSON answer is
 * checked against the zod schema its route declares (the schema the OpenAPI document and so
 * the client's types come from), so the types describe what really comes back.
 */
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATION_IDS, operationKey } from '../../src/http/openapi.js';
import { allRoutes } from '../../src/http/routes/index.js';
import { createPlainlyClient } from '../../clients/typescript/index.js';
import { PlainlyError, financeRound, lintText, renderLetter } from '../../clients/typescript/example.js';
import { type TestApp, createTestApp } from '../helpers/app.js';

let t: TestApp;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  t = await createTestApp();
  server = t.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.dispose();
});

/** The zod schema a route declares for a response, found by its operationId. */
function declared(operationId: string, status: number): z.ZodType {
  const key = Object.entries(OPERATION_IDS).find(([, id]) => id === operationId)?.[0];
  const schema = allRoutes().find((route) => operationKey(route) === key)?.responses[status]?.schema;
  if (!schema) throw new Error(`${operationId} declares no JSON schema for ${status}`);
  return schema;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('the generated client, end to end', () => {
  it('makes a token, lints, renders a shipped letter and fetches its PDF, each answer as declared', async () => {
    const text = 'If the money was misspent we will contact you.';
    const round = await financeRound(baseUrl, t.adminToken, 'financial-checkup', text);

    expect(round.token).toMatch(/^plainly_/);
    expect(declared('getMe', 200).safeParse(round.me).error).toBeUndefined();
    expect(round.me).toMatchObject({ role: 'finance' });

    expect(declared('lintText', 200).safeParse(round.lint).error).toBeUndefined();
    const misspent = round.lint.findings.find((f) => f.ruleId === 'lexicon/misspent');
    expect(misspent).toMatchObject({ severity: 'error', actual: 'misspent' });
    expect(text.slice(misspent!.start.offset, misspent!.end.offset)).toBe('misspent');
    expect(round.lint.summary.error).toBeGreaterThanOrEqual(1);

    expect(round.letter.contentType).toMatch(/^application\/pdf/);
    expect(Buffer.from(round.letter.pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(round.letter.documentId).toMatch(/^[0-9a-f-]{36}$/);
    expect(round.letter.templateVersion).toBe(1);

    const { record, pdf, contentType } = round.stored;
    expect(declared('getDocument', 200).safeParse(record).error).toBeUndefined();
    expect(record).toMatchObject({ id: round.letter.documentId, templateId: 'financial-checkup', templateVersion: 1, format: 'pdf' });
    expect(record.outputs.pdf?.sha256).toBe(sha256(round.letter.pdf));
    expect(contentType).toMatch(/^application\/pdf/);
    // Made again from the record, byte for byte what was sent.
    expect(sha256(pdf)).toBe(sha256(round.letter.pdf));
  }, 120_000);

  it('gives typed problems: a viewer may lint but not render, and a wrong token is refused', async () => {
    const viewer = createPlainlyClient({ baseUrl, token: t.tokens.viewer });
    const lint = await lintText(viewer, 'We will check your spending with you.');
    expect(lint.findings.filter((f) => f.severity === 'error')).toEqual([]);

    const refused = await renderLetter(viewer, 'financial-checkup').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(PlainlyError);
    expect(refused).toMatchObject({ status: 403, problem: { code: 'FORBIDDEN', status: 403 } });

    const stranger = createPlainlyClient({ baseUrl, token: 'plainly_nobody_notasecret' });
    const { data, error, response } = await stranger.POST('/api/lint', { body: { text: 'Hello' } });
    expect(data).toBeUndefined();
    expect(response.status).toBe(401);
    expect(response.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
    expect(error?.code).toBe('UNAUTHENTICATED');
  }, 120_000);
});
