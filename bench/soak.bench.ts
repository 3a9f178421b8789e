/**
 * `npm run bench:soak`: a bounded load and fault test of the real service on loopback.
 *
 * After SOAK_WARMUP_SECONDS (default 10) of the same traffic, not counted, for SOAK_SECONDS
 * (default 60) it sends mixed traffic from several tokens — lint (text and
 * Markdown), final PDF renders, template reads, small batches from a spreadsheet, and web
 * pages from a signed-in person — while a hostile client (a valid, low-privilege token) sends
 * the worst inputs it can: the longest accepted texts, Markdown at and past the nesting and
 * container limits, deep JSON, a YAML alias bomb, a spreadsheet "zip bomb". A monitor asks
 * /healthz every 50 ms throughout.
 *
 * It prints /healthz and lint p50/p99, every status code seen per client, the 5xx count and
 * the service's peak resident memory (each process's VmHWM, and their sum). Target: /healthz
 * p99 < 100 ms and no 5xx. Exit code 1 when the target is missed, so it can gate a release.
 *
 * Every request goes to 127.0.0.1; every loop stops by itself when the time is up.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { MARKDOWN_LIMITS } from '../src/core/index.js';
import { memoryOf, processTree, startService, stopService } from './lib/service.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const WARMUP = Number(process.env.SOAK_WARMUP_SECONDS ?? 10);
const ADMIN = 'soak-admin-token-0123456789abcdef';
const PASSWORD = 'soak-password-0123456789';
const HEALTH_TARGET_MS = 100;

/** Latencies and status codes of one kind of request. */
class Tally {
  readonly times: number[] = [];
  readonly statuses = new Map<number | string, number>();
  count(status: number | string, ms: number): void {
    this.times.push(ms);
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }
  percentile(p: number): number {
    if (this.times.length === 0) return Number.NaN;
    const sorted = [...this.times].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  }
  serverErrors(): number {
    let n = 0;
    for (const [status, count] of this.statuses) if (typeof status !== 'number' || status >= 500) n += count;
    return n;
  }
}

const tallies = new Map<string, Tally>();
function tally(name: string): Tally {
  let found = tallies.get(name);
  if (!found) tallies.set(name, (found = new Tally()));
  return found;
}

let base = '';
const deadline = { at: 0 };
const running = () => Date.now() < deadline.at;

/** One request, timed and counted under `name`. A network failure counts as a 5xx ("network"). */
async function call(name: string, url: string, init: RequestInit = {}): Promise<Response | undefined> {
  const started = performance.now();
  try {
    const res = await fetch(base + url, { ...init, signal: AbortSignal.timeout(30_000) });
    const body = await res.arrayBuffer();
    tally(name).count(res.status, performance.now() - started);
    return new Response(body, { status: res.status, headers: res.headers });
  } catch (error) {
    tally(name).count(`network: ${(error as Error).name}`, performance.now() - started);
    return undefined;
  }
}

const json = (token: string, body: unknown, method = 'POST'): RequestInit => ({
  method,
  headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});
const bearer = (token: string): RequestInit => ({ headers: { Authorization: `Bearer ${token}` } });

const LETTER = fs.readFileSync(new URL('./fixtures/letter-300.md', import.meta.url), 'utf8');

/** Tokens for the clients, one per role that sends traffic. */
async function makeToken(role: string): Promise<string> {
  const res = await fetch(`${base}/api/tokens`, json(ADMIN, { name: `soak ${role} ${Math.random().toString(36).slice(2, 8)}`, role }));
  if (res.status !== 201) throw new Error(`could not make a ${role} token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Lint, Markdown lint, template reads and PDF renders, as a finance or policy officer would. */
async function normalClient(token: string, index: number, example: unknown, renders: boolean): Promise<void> {
  let i = 0;
  while (running()) {
    i++;
    // Every text differs, so nothing is answered from a cache.
    const text = `${LETTER}\nOur reference: DP-${index}-${i}\n`;
    await call('lint (text)', '/api/lint', json(token, { text }));
    if (i % 2 === 0) await call('lint (markdown)', '/api/lint', json(token, { text, format: 'markdown' }));
    if (i % 3 === 0) await call('templates', '/api/templates', bearer(token));
    if (renders && i % 4 === 0) await call('render pdf', '/api/templates/financial-checkup/render', json(token, { data: example, format: 'pdf' }));
  }
}

/** Final PDF renders only. */
async function renderClient(token: string, example: unknown): Promise<void> {
  while (running()) await call('render pdf', '/api/templates/financial-checkup/render', json(token, { data: example, format: 'pdf' }));
}

/** A 20-letter batch (JSON rows) every few seconds, polled to the end. */
async function batchClient(token: string, example: Record<string, unknown>): Promise<void> {
  let n = 0;
  while (running()) {
    const rows = Array.from({ length: 20 }, (_, i) => ({ ...example, reference: `DP-SOAK-${n}-${i}` }));
    n++;
    const res = await call('batch start', '/api/batches', json(token, { templateId: 'financial-checkup', rows }));
    const id = res && res.status < 300 ? ((await res.json()) as { id?: string }).id : undefined;
    while (id && running()) {
      const poll = await call('batch poll', `/api/batches/${id}`, bearer(token));
      const status = poll && poll.status === 200 ? ((await poll.json()) as { status?: string }).status : undefined;
      if (!status || status === 'done' || status === 'failed') break;
      await sleep(500);
    }
    await sleep(1000);
  }
}

/** A person on the web pages: signs in, then reads pages. */
async function webClient(username: string): Promise<void> {
  const jar = new Map<string, string>();
  const cookies = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  const page = await fetch(`${base}/sign-in`);
  keep(page);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const signIn = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookies() },
    body: new URLSearchParams({ _csrf: csrf, username, password: PASSWORD, next: '/' }),
  });
  keep(signIn);
  if (signIn.status !== 303 && signIn.status !== 302) throw new Error(`web sign-in failed: ${signIn.status}`);
  // What a policy officer reads, including a page picture of a letter (made with pdftoppm).
  const pages = ['/', '/templates', '/templates/financial-checkup', '/lexicon', '/check', '/help', '/templates/financial-checkup/versions/1/pages/1.png'];
  let i = 0;
  while (running()) {
    await call('web pages', pages[i++ % pages.length], { headers: { Cookie: cookies() }, redirect: 'manual' });
  }
}

/** An XLSX whose shared strings inflate far beyond its size on disk. */
async function spreadsheetBomb(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Letters');
  sheet.addRow(['reference', 'name']);
  const big = 'A'.repeat(1_000_000);
  for (let r = 0; r < 60; r++) sheet.addRow([`DP-${r}`, `${big}${r}`]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The worst inputs a low-privilege client can send, over and over. */
async function hostileClient(token: string, bomb: Buffer): Promise<void> {
  const max = 200_000;
  // Every paragraph of every request differs, so no cache (the per-block lint memo) answers it.
  let sent = 0;
  const prose = (limit = max) => {
    sent++;
    const paragraphs = LETTER.split(/\n\s*\n/);
    const out: string[] = [];
    for (let length = 0, i = 0; length < limit; i++) {
      const paragraph = `${paragraphs[i % paragraphs.length]} (Note ${sent}-${i}.)`;
      out.push(paragraph);
      length += paragraph.length + 2;
    }
    return out.join('\n\n').slice(0, limit);
  };
  const inputs: { name: string; init: () => RequestInit; url: string }[] = [
    { name: 'longest text', url: '/api/lint', init: () => json(token, { text: prose() }) },
    // The longest Markdown accepted (MARKDOWN_LIMITS.maxCharacters), and the same past it (refused at once).
    { name: 'longest markdown', url: '/api/lint', init: () => json(token, { text: prose(MARKDOWN_LIMITS.maxCharacters), format: 'markdown' }) },
    { name: 'too much markdown', url: '/api/lint', init: () => json(token, { text: prose(), format: 'markdown' }) },
    { name: 'list markers', url: '/api/lint', init: () => json(token, { text: '- '.repeat(max / 2), format: 'markdown' }) },
    { name: 'directives', url: '/api/lint', init: () => json(token, { text: ':::a\n'.repeat(max / 5), format: 'markdown' }) },
    { name: 'nested quotes', url: '/api/lint', init: () => json(token, { text: '> '.repeat(2000) + 'hello', format: 'template' }) },
    { name: 'emphasis runs', url: '/api/lint', init: () => json(token, { text: '*a _b '.repeat(max / 6), format: 'markdown' }) },
    { name: 'table', url: '/api/lint', init: () => json(token, { text: `| a | b |\n|---|---|\n${'| x | y |\n'.repeat(max / 10)}`.slice(0, max), format: 'markdown' }) },
    { name: 'deep json', url: '/api/lint', init: () => ({ ...json(token, {}), body: `{"text":${'['.repeat(50_000)}${']'.repeat(50_000)}}` }) },
    {
      name: 'alias bomb',
      url: '/api/lexicon/import',
      init: () => ({
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/yaml', 'If-Match': '*' },
        body: `- a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n${Array.from({ length: 9 }, (_, i) => `  a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`).join('\n')}\n`,
      }),
    },
    {
      name: 'spreadsheet bomb',
      url: '/api/batches',
      init: () => {
        const form = new FormData();
        form.set('templateId', 'financial-checkup');
        form.set('file', new Blob([bomb]), 'people.xlsx');
        return { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form };
      },
    },
  ];
  let i = 0;
  while (running()) {
    const input = inputs[i++ % inputs.length];
    await call(`hostile: ${input.name}`, input.url, input.init());
  }
}

/** /healthz every 50 ms. */
async function monitor(): Promise<void> {
  while (running()) {
    await call('healthz', '/healthz');
    await sleep(50);
  }
}

/** The service's memory, sampled every second (VmHWM per process is kept by the kernel). */
function watchMemory(pid: number): { stop: () => { peakSum: number; peakEach: number; processes: number } } {
  const peaks = new Map<number, number>();
  const sample = () => {
    for (const each of processTree(pid)) {
      const memory = memoryOf(each);
      if (memory) peaks.set(each, Math.max(peaks.get(each) ?? 0, memory.peak));
    }
  };
  const timer = setInterval(sample, 1000);
  return {
    stop: () => {
      sample();
      clearInterval(timer);
      const values = [...peaks.values()];
      return { peakSum: values.reduce((a, b) => a + b, 0), peakEach: Math.max(...values), processes: values.length };
    },
  };
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-soak-'));
  const workers = os.availableParallelism();
  const service = await startService(dataDir, workers, {
    PLAINLY_BOOTSTRAP_TOKEN: ADMIN,
    PLAINLY_BOOTSTRAP_PASSWORD: PASSWORD,
    // Generous, so the run measures the service rather than the per-token limiter; the
    // limits on expensive and concurrent requests still apply.
    PLAINLY_RATE_LIMIT_PER_MINUTE: process.env.SOAK_RATE_LIMIT ?? '100000',
  });
  base = service.base;
  const memory = watchMemory(service.child.pid!);
  try {
    const [finance, policy, viewer, hostile] = [await makeToken('finance'), await makeToken('policy'), await makeToken('viewer'), await makeToken('finance')];
    const user = await fetch(`${base}/api/users`, json(ADMIN, { username: 'soak-policy', displayName: 'Soak Policy', role: 'policy', password: PASSWORD }));
    if (user.status !== 201) throw new Error(`could not make a user: ${user.status} ${await user.text()}`);
    const example = ((await (await fetch(`${base}/api/templates/financial-checkup`, bearer(viewer))).json()) as { example: Record<string, unknown> }).example;
    const bomb = await spreadsheetBomb();

    console.log(`Plainly soak: ${WARMUP} s of warm-up, then ${SECONDS} s measured, on ${workers} worker processes, loopback only`);
    // Warm-up: the same traffic, not counted. Each process's first render, first page and first
    // Markdown lint load fonts, compile templates and start the lint threads (hundreds of ms
    // each); a service that has run for a minute has done all that, and the p99 should say how
    // it behaves then, not how it starts. (How fast it starts is bench:cli's and /readyz's concern.)
    if (WARMUP > 0) {
      deadline.at = Date.now() + WARMUP * 1000;
      await Promise.all([
        normalClient(finance, 9, example, true),
        normalClient(policy, 8, example, true),
        webClient('soak-policy'),
        hostileClient(hostile, bomb),
      ]);
      tallies.clear();
    }
    deadline.at = Date.now() + SECONDS * 1000;
    // SOAK_ONLY=lint,render,batch,web,hostile runs some of the clients (the monitor always runs),
    // to find which traffic holds up /healthz.
    const only = process.env.SOAK_ONLY?.split(',');
    const want = (name: string) => !only || only.includes(name);
    await Promise.all([
      monitor(),
      want('lint') ? normalClient(finance, 1, example, want('render')) : undefined,
      want('lint') ? normalClient(policy, 2, example, want('render')) : undefined,
      want('lint') ? normalClient(viewer, 3, example, false) : undefined,
      !want('lint') && want('render') ? renderClient(finance, example) : undefined,
      want('batch') ? batchClient(finance, example) : undefined,
      want('web') ? webClient('soak-policy') : undefined,
      want('hostile') ? hostileClient(hostile, bomb) : undefined,
      want('hostile') ? hostileClient(hostile, bomb) : undefined,
    ]);
  } finally {
    await stopService(service.child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const peak = memory.stop();
  report(peak);
}

function report(peak: { peakSum: number; peakEach: number; processes: number }): void {
  const health = tally('healthz');
  const lintTimes = new Tally();
  for (const name of ['lint (text)', 'lint (markdown)']) for (const t of tally(name).times) lintTimes.times.push(t);
  let serverErrors = 0;
  console.log('\n| requests | count | p50 ms | p99 ms | statuses |');
  console.log('|---|---:|---:|---:|---|');
  for (const [name, t] of [...tallies].sort(([a], [b]) => a.localeCompare(b))) {
    serverErrors += t.serverErrors();
    const statuses = [...t.statuses].map(([s, n]) => `${s}×${n}`).join(' ');
    console.log(`| ${name} | ${t.times.length} | ${t.percentile(50).toFixed(1)} | ${t.percentile(99).toFixed(1)} | ${statuses} |`);
  }
  const healthP99 = health.percentile(99);
  console.log(`\n/healthz p50 ${health.percentile(50).toFixed(1)} ms, p99 ${healthP99.toFixed(1)} ms (target < ${HEALTH_TARGET_MS} ms)`);
  console.log(`lint p50 ${lintTimes.percentile(50).toFixed(1)} ms, p99 ${lintTimes.percentile(99).toFixed(1)} ms`);
  console.log(`5xx and network failures: ${serverErrors} (target 0)`);
  console.log(`peak RSS: ${peak.peakSum.toFixed(0)} MB over ${peak.processes} processes (largest one ${peak.peakEach.toFixed(0)} MB)`);
  const met = healthP99 < HEALTH_TARGET_MS && serverErrors === 0;
  console.log(met ? 'target met' : 'TARGET MISSED');
  process.exitCode = met ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 2;
});
