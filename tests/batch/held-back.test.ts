/**
 * held-back.csv has one writer and one column set, whether the batch ran in the CLI (files on
 * disk) or in the service (the store, then the ZIP download). They used to write 7 and 6
 * columns.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELD_BACK_HEADER, runBatch } from '../../src/batch/index.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { CHECKUP_HEADINGS, checkupRow, loadTemplate, tempDir } from './helpers.js';
import { binary, waitForBatch } from './http-helpers.js';
import { readZip } from './zip.js';

const NOTE = CHECKUP_HEADINGS.indexOf('Note');
const temp = tempDir();
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.dispose();
  temp.cleanup();
});

function rows(): string[][] {
  const list = [checkupRow(1), checkupRow(2), checkupRow(3)];
  list[1][NOTE] = 'We think the money was misspent.'; // row 3: held back
  return list;
}

function lines(csv: Buffer): string[][] {
  return parse(csv, { bom: true, relaxColumnCount: true }) as string[][];
}

describe('held-back.csv', () => {
  it('has the same heading and columns from the CLI and from the service', async () => {
    const file = path.join(temp.dir, 'held.csv');
    writeFileSync(file, stringify([CHECKUP_HEADINGS, ...rows()]));

    const out = path.join(temp.dir, 'cli.zip');
    const result = await runBatch({ template: loadTemplate(), source: { path: file }, out, worker: { templateId: 'financial-checkup' }, workerModule: new URL('../fixtures/batch/test-letter-worker.ts', import.meta.url), threads: 1 });
    expect(result.held).toBe(1);
    const cli = lines(readZip(readFileSync(out)).get('held-back.csv')!);

    const accepted = await request(t.app).post('/api/batches').set(t.auth('finance')).field('templateId', 'financial-checkup').attach('file', readFileSync(file), 'held.csv');
    expect(accepted.status).toBe(202);
    expect((await waitForBatch(t, accepted.body.id)).body.totals).toMatchObject({ produced: 2, heldBack: 1 });
    const zip = await request(t.app).get(`/api/batches/${accepted.body.id}/output`).set(t.auth('finance')).buffer(true).parse(binary);
    const service = lines(readZip(zip.body as Buffer).get('held-back.csv')!);

    expect(cli[0]).toEqual([...HELD_BACK_HEADER]);
    expect(service[0]).toEqual(cli[0]);
    for (const table of [cli, service]) {
      expect(table.length).toBeGreaterThan(1);
      for (const line of table) expect(line).toHaveLength(HELD_BACK_HEADER.length);
      // row, reference, rule, words, …, where: the same cells from both paths
      expect(table[1].slice(0, 4)).toEqual(['3', 'DP-000002', 'lexicon/misspent', 'misspent']);
      expect(table[1][6]).toBe('data: note');
    }
  }, 180_000);
});
