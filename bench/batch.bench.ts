/**
 * `npm run bench:batch`: letters per second end to end for a 10,000-row financial checkup
 * spreadsheet — validate every row, then fill, lint and render a tagged PDF with the embedded
 * font for each, and write them into a ZIP with the manifest — and the peak resident memory
 * of the whole process (main thread and every worker), measured on the command a finance team
 * runs: `plainly batch financial-checkup <file> --out letters.zip`, in a child process.
 *
 * The same spreadsheet then goes through the service as an integrator or the web page sends
 * it (`POST /api/batches` to `plainly serve`, polled until done), and the service's peak
 * resident memory is reported the same way: the process that ran the batch, and the sum over
 * every process of the service (BENCH_SERVICE=0 leaves this out; BENCH_SERVICE_WORKERS sets
 * the number of HTTP processes, default 1; BENCH_SERVICE_NODE_OPTIONS gives the service's
 * processes Node options; BENCH_SERVICE_RESTART=1 runs the batch in a service started a second
 * time on its seeded store, not on its first start; BENCH_CLI=0 leaves out the command line's run).
 * Both report CPU ms per letter (every thread of the process, from /proc): on a loaded
 * machine letters per second vary with the load, CPU time per letter much less. The service
 * runs with PLAINLY_BATCH_MEMORY_REPORT=1 and the bench prints its memory.json under
 * `service.memory` (each thread's heap, the RSS when the batch was claimed, when rendering
 * started and at its peak: src/batch/memory-probe.ts); the service's own settings, such as
 * PLAINLY_BATCH_THREADS, reach it from this process's environment.
 *
 * Options (environment): BENCH_ROWS (default 10000), BENCH_FORMAT (csv | xlsx, default csv),
 * BENCH_THREADS (default: one per core), BENCH_BREAKDOWN=1 (run the batch again in this
 * process and print each thread's heap and CPU ms per letter).
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { excelSafeCsvLine, runBatch } from '../src/batch/index.js';
import { loadBatchTemplate } from '../src/app/batch-file.js';
import { loadConfig, PROJECT_ROOT } from '../src/core/index.js';
import { memoryOf, processTree, serverTicks, startService, stopService } from './lib/service.js';
import { HEADINGS, row } from './lib/checkup-rows.js';
import type { BatchMemoryReport } from '../src/batch/memory-probe.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const FORMAT = process.env.BENCH_FORMAT === 'xlsx' ? 'xlsx' : 'csv';
const THREADS = process.env.BENCH_THREADS ? Number(process.env.BENCH_THREADS) : undefined;
const MB = 1024 * 1024;


async function writeInput(dir: string): Promise<string> {
  const file = path.join(dir, `checkups.${FORMAT}`);
  if (FORMAT === 'csv') {
    const out = createWriteStream(file);
    out.write('\ufeff' + excelSafeCsvLine(HEADINGS));
    for (let i = 1; i <= ROWS; i++) if (!out.write(excelSafeCsvLine(row(i)))) await once(out, 'drain');
    out.end();
    await once(out, 'close');
  } else {
    // Loaded only for an XLSX run, so a CSV run's peak RSS does not include exceljs.
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
    const sheet = book.addWorksheet('Letters');
    sheet.addRow(HEADINGS).commit();
    for (let i = 1; i <= ROWS; i++) sheet.addRow(row(i)).commit();
    sheet.commit();
    await book.commit();
  }
  return file;
}

/**
 * Runs `plainly batch` as a finance officer does (`node bin/plainly.mjs batch …`) in a child
 * process and returns its wall time and peak RSS. The peak is the kernel's high-water mark
 * (VmHWM in /proc/<pid>/status, every thread of the process), read every 100 ms until the
 * process exits; on a system without /proc it is not reported.
 */
async function runCli(input: string, out: string): Promise<{ seconds: number; peakRssMb?: number; cpuSeconds?: number; stdout: string }> {
  const args = [path.join(PROJECT_ROOT, 'bin/plainly.mjs'), 'batch', 'financial-checkup', input, '--out', out, ...(THREADS ? ['--threads', String(THREADS)] : [])];
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  let peakKb: number | undefined;
  // CPU ticks (1/100 s) of every thread, read with the peak: the last sample misses at most 100 ms.
  let ticks: number | undefined;
  const sample = () => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (hwm) peakKb = Math.max(peakKb ?? 0, Number(hwm[1]));
      const used = serverTicks(child.pid!);
      if (used > 0) ticks = used;
    } catch {
      // exited, or no /proc
    }
  };
  const sampler = setInterval(sample, 100);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearInterval(sampler);
  if (code !== 0) throw new Error(`plainly batch exited with ${code}:\n${stdout}`);
  return { seconds: (performance.now() - started) / 1000, peakRssMb: peakKb === undefined ? undefined : Math.round(peakKb / 1024), cpuSeconds: ticks === undefined ? undefined : ticks / 100, stdout };
}

/** The service's own breakdown of the batch's memory by thread, when it wrote one (it is written as the batch ends). */
async function readMemoryReport(file: string): Promise<BatchMemoryReport | undefined> {
  // Written just after the status says done: wait for it a little.
  for (let tries = 0; tries < 20; tries++) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as BatchMemoryReport;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return undefined;
}

/**
 * The same spreadsheet through the service: `POST /api/batches` (multipart, as the web page
 * and integrators send it), polled every 250 ms until done. Wall time is from the upload to
 * "done"; memory is each service process's VmHWM.
 */
async function runService(input: string): Promise<{ produced: number; seconds: number; lettersPerSecond: number; cpuMsPerLetter: number; peakRssMb: number; peakRssAllProcessesMb: number; processes: number; memory?: BatchMemoryReport }> {
  const token = 'bench-batch-token-0123456789abcdef';
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'plainly-bench-batch-service-'));
  const start = () =>
    startService(dataDir, Number(process.env.BENCH_SERVICE_WORKERS ?? 1), {
      PLAINLY_BOOTSTRAP_TOKEN: token,
      PLAINLY_RATE_LIMIT_PER_MINUTE: '100000',
      // Each thread's memory, written by the service to the batch's memory.json (src/batch/memory-probe.ts).
      PLAINLY_BATCH_MEMORY_REPORT: '1',
      // Node options for the service's processes only (e.g. --max-semi-space-size=2, docs/batch.md).
      ...(process.env.BENCH_SERVICE_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVICE_NODE_OPTIONS } : {}),
    });
  // BENCH_SERVICE_RESTART=1: the batch runs in a service started again on its seeded store, as
  // a service usually runs. Only the very first start of an empty store checks the lexicon's
  // examples, which loads the linter and the PDF writer into the main process (and keeps them).
  if (process.env.BENCH_SERVICE_RESTART === '1') await stopService((await start()).child);
  const service = await start();
  const peaks = new Map<number, number>();
  const sample = () => {
    for (const pid of processTree(service.child.pid!)) {
      const memory = memoryOf(pid);
      if (memory) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, memory.peak));
    }
  };
  const sampler = setInterval(sample, 100);
  try {
    const form = new FormData();
    form.set('templateId', 'financial-checkup');
    form.set('file', new Blob([readFileSync(input)]), path.basename(input));
    const started = performance.now();
    const ticksBefore = serverTicks(service.child.pid!);
    const submitted = await fetch(`${service.base}/api/batches`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
    if (submitted.status !== 202) throw new Error(`POST /api/batches answered ${submitted.status}: ${await submitted.text()}`);
    const { id } = (await submitted.json()) as { id: string };
    let status: { status: string; totals?: { produced?: number } } = { status: "validating" };
    while (status.status !== 'done' && status.status !== 'failed') {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = (await (await fetch(`${service.base}/api/batches/${id}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as typeof status;
    }
    const seconds = (performance.now() - started) / 1000;
    // CPU of every thread of every service process, upload to done (the status polls included).
    const cpuSeconds = (serverTicks(service.child.pid!) - ticksBefore) / 100;
    sample();
    if (status.status !== 'done') throw new Error(`the batch ended ${status.status}: ${JSON.stringify(status).slice(0, 500)}`);
    const produced = Number(status.totals?.produced ?? NaN);
    const values = [...peaks.values()];
    const memory = await readMemoryReport(path.join(dataDir, 'batches', id, 'memory.json'));
    return {
      produced,
      seconds: Number(seconds.toFixed(1)),
      lettersPerSecond: Number((produced / seconds).toFixed(1)),
      cpuMsPerLetter: Number(((cpuSeconds * 1000) / ROWS).toFixed(1)),
      peakRssMb: Math.round(Math.max(...values)),
      peakRssAllProcessesMb: Math.round(values.reduce((a, b) => a + b, 0)),
      processes: values.length,
      memory,
    };
  } finally {
    clearInterval(sampler);
    await stopService(service.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The same batch through `runBatch` in this process, with each thread's heap (BENCH_BREAKDOWN=1). */
async function runInProcess(input: string, out: string) {
  const config = loadConfig();
  const template = loadBatchTemplate(config.templatesDir, 'financial-checkup');
  // The main thread's own heap, sampled while the batch runs (workers report theirs with each row).
  const main = { heapUsedMb: 0, heapTotalMb: 0, externalMb: 0 };
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    main.heapUsedMb = Math.max(main.heapUsedMb, Math.round(m.heapUsed / MB));
    main.heapTotalMb = Math.max(main.heapTotalMb, Math.round(m.heapTotal / MB));
    main.externalMb = Math.max(main.externalMb, Math.round(m.external / MB));
  }, 250);
  const rssBeforeBatchMb = Math.round(process.memoryUsage().rss / MB);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await runBatch({
    template,
    source: { path: input },
    out,
    threads: THREADS,
    worker: { templateId: 'financial-checkup', templatesDir: config.templatesDir, lexiconDir: config.lexiconDir, brandingFile: config.brandingFile },
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    produced: result.produced,
    seconds: Number(seconds.toFixed(1)),
    lettersPerSecond: Number((result.produced / seconds).toFixed(1)),
    // CPU seconds of every thread: on a shared machine wall time varies with the load, CPU time per letter much less.
    cpuMsPerLetter: Number(((cpuSeconds * 1000) / ROWS).toFixed(1)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    rssBeforeBatchMb,
    mainThreadPeak: main,
    workerPeaks: result.threads,
  };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'plainly-bench-batch-'));
try {
  const input = await writeInput(dir);
  const out = path.join(dir, 'letters.zip');
  const runsCli = process.env.BENCH_CLI !== '0';
  if (runsCli) process.stderr.write(`  ${ROWS} rows written; running plainly batch…\n`);
  const cli = runsCli ? await runCli(input, out) : undefined;
  const produced = cli ? Number(/Produced ([\d,]+)/.exec(cli.stdout)?.[1].replace(/,/g, '') ?? NaN) : undefined;
  const figures = {
    rows: ROWS,
    format: FORMAT,
    threads: THREADS ?? os.availableParallelism(),
    produced,
    seconds: cli ? Number(cli.seconds.toFixed(1)) : undefined,
    lettersPerSecond: cli && produced !== undefined ? Number((produced / cli.seconds).toFixed(1)) : undefined,
    // CPU of every thread of the process (start-up and both passes included), per row.
    cpuMsPerLetter: cli?.cpuSeconds === undefined ? undefined : Number(((cli.cpuSeconds * 1000) / ROWS).toFixed(1)),
    peakRssMb: cli?.peakRssMb,
    zipMb: cli ? Number((statSync(out).size / 1024 / 1024).toFixed(1)) : undefined,
    inProcess: process.env.BENCH_BREAKDOWN ? await runInProcess(input, path.join(dir, 'again.zip')) : undefined,
    service: process.env.BENCH_SERVICE === '0' ? undefined : (process.stderr.write('  running the same file through POST /api/batches…\n'), await runService(input)),
  };
  console.log(JSON.stringify(figures, null, 2));
  if (cli) {
    const rss = figures.peakRssMb === undefined ? 'not measured (no /proc)' : figures.peakRssMb < 400 ? 'met' : 'NOT met';
    console.log(`plainly batch, end to end: ${figures.lettersPerSecond} letters/s, ${figures.cpuMsPerLetter ?? '?'} CPU ms a letter; >= 100 letters/s (${(figures.lettersPerSecond ?? 0) >= 100 ? 'met' : 'NOT met'}), peak RSS ${figures.peakRssMb ?? '?'} MB < 400 MB (${rss})`);
    if (produced !== ROWS) process.exitCode = 1;
  }
  if (figures.service) {
    const service = figures.service;
    console.log(`the service (POST /api/batches): ${service.lettersPerSecond} letters/s, ${service.cpuMsPerLetter} CPU ms a letter; peak RSS ${service.peakRssMb} MB in the process that ran it (target < 450 MB: ${service.peakRssMb < 450 ? 'met' : 'NOT met'}), ${service.peakRssAllProcessesMb} MB over its ${service.processes} processes`);
    if (service.produced !== ROWS) process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
