/**
 * `npm run bench:http`: requests/s and p50/p99 latency of the real service on loopback.
 *
 * 1. POST /api/lint with a 300-word letter (every request's text differs, so nothing is
 *    served from a cache), against one process and against one process per core
 *    (node:cluster on the shared SQLite WAL file); as plain text (the default format) and as
 *    Markdown (which is parsed first and costs more).
 * 2. A final PDF render (POST /api/templates/:id/render, recorded in the document log).
 *
 * 3. The shared rate limit's cost per request: one take from the token bucket in
 *    rate-limits.sqlite (a prepared better-sqlite3 statement, as the service does it) against
 *    the same upsert through Kysely, in this process.
 *
 * The service runs as a child process (`plainly serve`) so the load generator (autocannon,
 * in this process) and the server compete for the same cores, as they would on one box.
 * Set BENCH_SECONDS to change the duration (default 10 s per run). Besides throughput and
 * latency it prints the server's CPU time per request (from /proc), which does not depend on
 * what else the machine is doing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { RateCounters, rateLimitFile } from '../src/store/index.js';
import { serverTicks, startService, stopService } from './lib/service.js';

const TOKEN = 'bench-admin-token-0123456789abcdef';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

/** About 300 words: a financial checkup letter with a few things lint will flag. */
const LETTER = `# Your financial checkup

Dear Ms Example,

Our reference: DP-[<id>]

We are writing about the direct payment you receive for your care and support. Every year we
look at how direct payments are being used. We call this a financial checkup. It is not an
audit and it does not mean we think anything is wrong.

Please could you send us copies of your bank statements for the direct payment account from
1 April 2020 to 31 March 2021. Please also send receipts or invoices for anything you bought
with the money, and the time sheets for your personal assistants. If it is easier, you can
send photos of these instead of paper copies.

Please send them to us by 31.01.21. If you need more time, or if you would like some help to
find or copy the papers, please call us. We are happy to help and we can visit you at home if
that would suit you better.

When we have looked at the papers, we will write to you to tell you what we found. If we have
any questions, we will ask you first. Most checkups find that everything is fine. Sometimes we
find that money has been spent on things that are not in the support plan. If that happens we
will talk to you about it and agree together what to do next.

If you have more money in the account than you need, we may ask you to return some of it, so
that it can be used to help other people. We will always explain why and talk to you before we
do this.

If you want to talk to someone about this letter, please call the direct payments team on
0123 456 7890, Monday to Friday, 9am to 5pm. You can also email us. You can ask a family
member, a friend or an advocate to help you or to speak to us for you.

Thank you for your help.

Yours sincerely,

The Direct Payments Team
`;

interface Row {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** CPU time the server processes used per request (user + system): independent of other load. */
  cpuMsPerRequest: number;
}

async function run(name: string, pid: number, options: autocannon.Options): Promise<Row> {
  const before = serverTicks(pid);
  const result = await autocannon({ duration: SECONDS, ...options });
  const cpuMs = (serverTicks(pid) - before) * 10;
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    cpuMsPerRequest: Math.round((cpuMs / Math.max(1, result.requests.total)) * 100) / 100,
  };
}

async function warm(url: string, options: autocannon.Options): Promise<void> {
  // Long enough for the JIT to settle in every worker.
  await autocannon({ ...options, url, duration: 4 });
}

/** CPU microseconds per call of `fn`, over `n` calls. */
async function cpuMicros(n: number, fn: (i: number) => unknown): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) await fn(i);
  const used = process.cpuUsage(start);
  return Math.round(((used.user + used.system) / n) * 10) / 10;
}

/**
 * What the shared rate limit costs a request: one bucket take, with the service's prepared
 * statement and with the same upsert through Kysely (which builds and prepares it each time).
 */
async function rateLimitCost(): Promise<{ prepared: number; kysely: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-bench-rate-'));
  const counters = RateCounters.open(dataDir);
  const raw = new BetterSqlite3(rateLimitFile(dataDir));
  raw.pragma('synchronous = OFF');
  const db = new Kysely<Record<string, never>>({ dialect: new SqliteDialect({ database: raw }) });
  try {
    const n = 20_000;
    const cap = 1e9;
    const perMs = cap / 60_000;
    const prepared = await cpuMicros(n, (i) => counters.take(`requests|token:${i % 10}`, cap, Date.now()));
    const kysely = await cpuMicros(n, (i) => {
      const key = `requests|token:${i % 10}`;
      const now = Date.now();
      const refilled = sql`min(${cap}, tokens + max(0, ${now} - updated_ms) * ${perMs})`;
      return sql`insert into rate_buckets (key, tokens, updated_ms, allowed) values (${key}, ${cap - 1}, ${now}, 1)
        on conflict (key) do update set tokens = case when ${refilled} >= 1 then ${refilled} - 1 else ${refilled} end,
        allowed = ${refilled} >= 1, updated_ms = max(updated_ms, ${now}) returning tokens, allowed`.execute(db);
    });
    return { prepared, kysely };
  } finally {
    await db.destroy();
    counters.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const cores = os.availableParallelism();
  const lintRequest = {
    method: 'POST' as const,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
  };
  const words = LETTER.split(/\s+/).filter(Boolean).length;
  console.log(`Plainly HTTP benchmark: ${cores} cores, ${SECONDS} s per run, lint letter of ${words} words\n`);

  for (const workers of [1, cores]) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-bench-'));
    const { child, port } = await startService(dataDir, workers, { PLAINLY_BOOTSTRAP_TOKEN: TOKEN, PLAINLY_RATE_LIMIT_PER_MINUTE: '100000000' });
    try {
      const url = `http://127.0.0.1:${port}/api/lint`;
      // The default format (text), and Markdown (parsed first: it costs more).
      for (const format of workers === 1 ? ['text'] : ['text', 'markdown']) {
        // A different reference number in every letter, so every request is linted afresh.
        let sequence = 0;
        const options: autocannon.Options = {
          url,
          connections: 10,
          requests: [
            {
              ...lintRequest,
              setupRequest: (request) => ({
                ...request,
                body: JSON.stringify({ text: LETTER.replace('[<id>]', String(100000 + ++sequence)), ...(format === 'markdown' ? { format } : {}) }),
              }),
            },
          ],
        };
        await warm(url, options);
        rows.push(await run(`POST /api/lint (${format}), ${workers} process${workers === 1 ? '' : 'es'}`, child.pid!, options));
      }

      const renderUrl = `http://127.0.0.1:${port}/api/templates/financial-checkup/render`;
      const example = await fetch(`http://127.0.0.1:${port}/api/templates/financial-checkup`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      if (example.ok) {
        const template = (await example.json()) as { example: Record<string, unknown> };
        const renderOptions = {
          url: renderUrl,
          connections: 4,
          method: 'POST' as const,
          headers: lintRequest.headers,
          body: JSON.stringify({ data: template.example, format: 'pdf' }),
        };
        await warm(renderUrl, renderOptions);
        rows.push(await run(`POST render (final PDF, recorded), ${workers} process${workers === 1 ? '' : 'es'}`, child.pid!, renderOptions));
      } else {
        console.log(`(render skipped: GET /api/templates/financial-checkup answered ${example.status})`);
      }
    } finally {
      await stopService(child);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }

  console.log('| run | requests/s | p50 ms | p99 ms | server CPU ms/request | non-2xx | errors |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) console.log(`| ${row.name} | ${row.requestsPerSecond} | ${row.p50} | ${row.p99} | ${row.cpuMsPerRequest} | ${row.non2xx} | ${row.errors} |`);
  const rate = await rateLimitCost();
  console.log(`\nshared rate limit, CPU per request (one bucket take in rate-limits.sqlite): ${rate.prepared} µs with the prepared statement, ${rate.kysely} µs through Kysely`);
  const [load1] = os.loadavg();
  console.log(`\nload average (1 min) at the end: ${load1.toFixed(2)} on ${cores} cores${load1 > cores ? ' — the machine was busy with other work; figures are lower than on an idle machine' : ''}`);
  const best = rows.filter((r) => r.name.startsWith('POST /api/lint (text)')).sort((a, b) => b.requestsPerSecond - a.requestsPerSecond)[0];
  console.log(`\nlint target: >= 500 requests/s with p99 < 50 ms: ${best && best.requestsPerSecond >= 500 && best.p99 < 50 ? 'met' : 'NOT met'} (best: ${best?.name})`);
}

await main();
