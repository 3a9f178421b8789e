/** Helpers for batch tests over HTTP (supertest on the real app). */
import request from 'supertest';
import type { TestApp } from '../helpers/app.js';

/** Polls a batch until it is done or failed (or the time is up), as a finance token. */
export async function waitForBatch(t: TestApp, id: string, timeoutMs = 90_000): Promise<request.Response> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await request(t.app).get(`/api/batches/${id}`).set(t.auth('finance'));
    if (res.body.status === 'done' || res.body.status === 'failed' || Date.now() > until) return res;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** supertest collects a binary body (a ZIP, a PDF) into a Buffer with this parser. */
export function binary(res: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}
