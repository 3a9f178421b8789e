/**
 * `npm run bench:scale` (issue 17 item 5): one batch of financial checkup letters (10,000 rows,
 * `BENCH_ROWS` to change it) on 1, 2 and 3 instances of `plainly serve` sharing one PostgreSQL
 * database (and one data folder, as instances behind a load balancer share a volume). The batch
 * is sent to the first instance; every instance claims its rows from the shared queue
 * (src/batch/pg-queue.ts). For each count it reports letters per second (from the 202 to
 * `done`), each instance's peak RSS, and CPU ms per letter: the instances' own (every thread,
 * from /proc) and PostgreSQL's (every `postgres` process on the machine, so other users of the
 * server count too: an upper bound).
 *
 * On a machine with few cores the gain from more instances is capped by the cores, not by the
 * queue: CPU ms per letter says what more cores would give (letters/s ≤ cores × 1000 / CPU ms).
 *
 * Needs a PostgreSQL role that may create databases: `BENCH_DATABASE_URL` or
 * `PLAINLY_TEST_DATABASE_URL` (as `.ci/run` sets it), e.g.
 * `postgres://plainly_ci:plainly_ci@127.0.0.1:5432/postgres`. Each run gets a fresh database,
 * dropped afterwards. Options: BENCH_ROWS (default 10000), BENCH_INSTANCES (default `1,2,3`).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { excelSafeCsvLine } from '../src/batch/index.js';
import { memoryOf, type Service, serverTicks, startService, stopService } from './lib/service.js';
import { HEADINGS, row } from './lib/checkup-rows.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const COUNTS = (process.env.BENCH_INSTANCES ?? '1,2,3').split(',').map((n) => Number(n.trim()));
const ADMIN_URL = process.env.BENCH_DATABASE_URL?.trim() || process.env.PLAINLY_TEST_DATABASE_URL?.trim();
const TOKEN = 'bench-scale-admin-token-0123456789abcdef';


async function writeInput(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write('\ufeff' + excelSafeCsvLine(HEADINGS));
  for (let i = 1; i <= ROWS; i++) if (!out.write(excelSafeCsvLine(row(i)))) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * CPU ticks (1/100 s) of each `postgres` process on the machine (the server and its backends),
 * by process id. Sampled while the batch runs, so a backend that ends still counts (its last sample).
 */
function postgresTicks(into = new Map<number, number>()): Map<number, number> {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (!stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).startsWith('postgres')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      into.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    } catch {
      // ended while we looked
    }
  }
  return into;
}

/** Ticks used since `before` by the processes in `after` (new ones from zero). */
function ticksSince(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ticks] of after) total += ticks - (before.get(pid) ?? 0);
  return total;
}

interface Result {
  instances: number;
  rows: number;
  seconds: number;
  lettersPerSecond: number;
  cpuMsPerLetter: number;
  postgresCpuMsPerLetter: number;
  peakRssMb: number[];
  load: [number, number];
}

async function runWith(count: number, input: string): Promise<Result> {
  const name = `plainly_bench_${randomBytes(5).toString('hex')}`;
  await admin((client) => client.query(`create database ${name} template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`));
  const url = new URL(ADMIN_URL!);
  url.pathname = `/${name}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'plainly-scale-'));
  const env = { PLAINLY_DATABASE_URL: url.toString(), PLAINLY_BOOTSTRAP_TOKEN: TOKEN, LOG_LEVEL: 'warn' };
  const services: Service[] = [];
  try {
    // The first start seeds the store; the others then join it.
    services.push(await startService(dataDir, 1, env));
    services.push(...(await Promise.all(Array.from({ length: count - 1 }, () => startService(dataDir, 1, env)))));
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const ticksBefore = services.map((s) => serverTicks(s.child.pid!));
    const pgBefore = postgresTicks();
    const pgSeen = new Map(pgBefore);
    const load0 = os.loadavg()[0];
    const form = new FormData();
    form.append('templateId', 'financial-checkup');
    form.append('file', new Blob([readFileSync(input)]), 'checkups.csv');
    const started = performance.now();
    const accepted = await fetch(`${services[0].base}/api/batches`, { method: 'POST', body: form, headers: auth });
    if (accepted.status !== 202) throw new Error(`POST /api/batches answered ${accepted.status}: ${await accepted.text()}`);
    const { id } = (await accepted.json()) as { id: string };
    let status: { status: string; totals: { produced: number } };
    let lastPrint = 0;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      status = (await (await fetch(`${services[0].base}/api/batches/${id}`, { headers: auth })).json()) as typeof status;
      postgresTicks(pgSeen);
      if (status.status === 'done' || status.status === 'failed') break;
      if (performance.now() - lastPrint > 30_000) {
        lastPrint = performance.now();
        process.stderr.write(`  ${count} instance(s): ${status.totals.produced} of ${ROWS} letters after ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    if (status.status !== 'done' || status.totals.produced !== ROWS) throw new Error(`the batch ended ${status.status} with ${status.totals.produced} of ${ROWS} letters`);
    const cpuSeconds = services.reduce((sum, s, i) => sum + (serverTicks(s.child.pid!) - ticksBefore[i]) / 100, 0);
    const pgSeconds = ticksSince(pgBefore, postgresTicks(pgSeen)) / 100;
    return {
      instances: count,
      rows: ROWS,
      seconds,
      lettersPerSecond: ROWS / seconds,
      cpuMsPerLetter: (cpuSeconds * 1000) / ROWS,
      postgresCpuMsPerLetter: (pgSeconds * 1000) / ROWS,
      peakRssMb: services.map((s) => memoryOf(s.child.pid!)?.peak ?? Number.NaN),
      load: [load0, os.loadavg()[0]],
    };
  } finally {
    await Promise.all(services.map((s) => stopService(s.child)));
    rmSync(dataDir, { recursive: true, force: true });
    await admin((client) => client.query(`drop database if exists ${name} with (force)`));
  }
}

async function main(): Promise<void> {
  if (!ADMIN_URL) {
    process.stderr.write('bench:scale needs PostgreSQL: set BENCH_DATABASE_URL (or PLAINLY_TEST_DATABASE_URL) to a role that may create databases, e.g. postgres://plainly_ci:plainly_ci@127.0.0.1:5432/postgres\n');
    process.exit(2);
  }
  if (!Number.isInteger(ROWS) || ROWS < 1 || COUNTS.some((n) => !Number.isInteger(n) || n < 1 || n > 8)) {
    process.stderr.write('BENCH_ROWS must be a whole number of rows, BENCH_INSTANCES a list of instance counts from 1 to 8 (e.g. 1,2,3)\n');
    process.exit(2);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'plainly-scale-input-'));
  const input = path.join(dir, 'checkups.csv');
  await writeInput(input);
  process.stderr.write(`bench:scale: ${ROWS.toLocaleString('en-GB')} financial checkup letters on ${COUNTS.join(', ')} instance(s) sharing PostgreSQL, ${os.cpus().length} cores\n`);
  const results: Result[] = [];
  try {
    for (const count of COUNTS) {
      const result = await runWith(count, input);
      results.push(result);
      process.stderr.write(
        `${count} instance(s): ${result.lettersPerSecond.toFixed(1)} letters/s (${result.seconds.toFixed(1)} s), ` +
          `${result.cpuMsPerLetter.toFixed(1)} CPU ms/letter in the instances + ${result.postgresCpuMsPerLetter.toFixed(1)} in PostgreSQL, ` +
          `peak RSS ${result.peakRssMb.map((mb) => `${mb.toFixed(0)} MB`).join(' / ')}, load ${result.load.map((l) => l.toFixed(1)).join(' → ')}\n`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const cores = os.cpus().length;
  const perLetter = results.reduce((sum, r) => sum + r.cpuMsPerLetter + r.postgresCpuMsPerLetter, 0) / results.length;
  process.stdout.write(
    `${JSON.stringify({ rows: ROWS, cores, results, ceiling: { cpuMsPerLetter: perLetter, lettersPerSecondPerCore: 1000 / perLetter, lettersPerSecondOnThisMachine: (cores * 1000) / perLetter } }, null, 2)}\n`,
  );
}

await main();
