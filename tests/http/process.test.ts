/**
 * The real process: `plainly serve` started as a child. SIGTERM lets requests in flight
 * finish; SIGKILL in the middle of writes loses nothing that was acknowledged and leaves a
 * consistent store that starts again.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { MAIN_SEMI_SPACE_MB } from '../../bin/young-generation.mjs';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/index.js';
import { Store } from '../../src/store/index.js';

const TOKEN = 'process-test-admin-token-0123456789';
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-proc-'));
  dirs.push(dir);
  return dir;
}

const PASSWORD = 'process-test-admin-password';

/**
 * Starts `plainly serve` and resolves with its port once it is listening. Every process loads
 * the TypeScript sources through tsx, so on a busy 2-core machine a cluster can take well
 * over a minute to start.
 */
function startServer(dataDir: string, workers = 1, env: Record<string, string> = {}): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/plainly.mjs'), 'serve', '--port', '0', '--workers', String(workers)], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      PLAINLY_DATA_DIR: dataDir,
      PLAINLY_BOOTSTRAP_TOKEN: TOKEN,
      PLAINLY_BOOTSTRAP_PASSWORD: PASSWORD,
      LOG_LEVEL: 'warn',
      PLAINLY_RATE_LIMIT_PER_MINUTE: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 100_000);
    const check = () => {
      const match = /listening on http:\/\/localhost:(\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]), output: () => out });
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening: ${out}`));
    });
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** A JSON request with a fresh connection (no keep-alive, so kills hit real in-flight work). */
function call(port: number, method: string, urlPath: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<{ status: number; body: any; documentId?: string; etag?: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: urlPath,
        agent: false,
        headers: { Authorization: `Bearer ${TOKEN}`, ...extraHeaders, ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}) },
      },
      (res) => {
        let data = '';
        res.on('data', (chunk) => (data += chunk));
        res.on('end', () => {
          const json = /json/.test(res.headers['content-type'] ?? '');
          const documentId = res.headers['x-document-id'];
          const etag = res.headers.etag;
          resolve({ status: res.statusCode ?? 0, body: json && data ? JSON.parse(data) : data, documentId: typeof documentId === 'string' ? documentId : undefined, etag: typeof etag === 'string' ? etag : undefined });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

function proposal(id: string) {
  return {
    entry: {
      id,
      terms: [`zq${id.replace(/-/g, '')}`],
      replace: ['something plainer'],
      severity: 'warning',
      reason: 'A test entry written while the process is killed.',
      examples: { flag: [`This has zq${id.replace(/-/g, '')} in it.`], pass: ['This does not.'] },
    },
    comment: 'crash test',
  };
}

describe('plainly serve as a process', () => {
  it("starts again in the same process with the main thread's young generation capped, unless the operator chose a size", async () => {
    const cmdline = (pid: number) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const capped = await startServer(tempDir());
    // process.execve keeps the process id: the child spawned is the one serving.
    expect(cmdline(capped.child.pid!)).toContain(`--max-semi-space-size=${MAIN_SEMI_SPACE_MB}`);
    expect((await call(capped.port, 'GET', '/readyz')).status).toBe(200);
    capped.child.kill('SIGTERM');
    expect((await exited(capped.child)).code).toBe(0);
    const chosen = await startServer(tempDir(), 1, { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-semi-space-size=32`.trim() });
    expect(cmdline(chosen.child.pid!).some((arg) => arg.startsWith('--max-semi-space-size'))).toBe(false);
    // Stopped, not checked: how SIGTERM ends the service is the first test's subject.
    chosen.child.kill('SIGTERM');
    await exited(chosen.child);
  }, 240_000);

  it('finishes a request in flight on SIGTERM, then exits 0 and refuses new connections', async () => {
    const { child, port } = await startServer(tempDir());
    const body = JSON.stringify({ text: 'We are writing about your direct payment. '.repeat(50) });
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, method: 'POST', path: '/api/lint', agent: false, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
        (res) => {
          let data = '';
          res.on('data', (chunk) => (data += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
        },
      );
      req.on('error', reject);
      // Half the body now, SIGTERM, the rest later: the request is in flight during shutdown.
      req.write(body.slice(0, 100));
      setTimeout(() => {
        child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(100)), 500);
      }, 300);
    });
    const result = await response;
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body).summary).toBeDefined();
    const { code } = await exited(child);
    expect(code).toBe(0);
    await expect(call(port, 'GET', '/healthz')).rejects.toThrow(/ECONNREFUSED/);
  }, 150_000);

  it('SIGKILL in the middle of writes: every acknowledged write survives and the store is consistent', async () => {
    const dataDir = tempDir();
    const first = await startServer(dataDir);
    const acknowledged: string[] = [];
    let attempted = 0;
    let stop = false;
    const writer = async (lane: number) => {
      for (let i = 0; !stop; i++) {
        const id = `crash-${lane}-${i}`;
        attempted++;
        try {
          const res = await call(first.port, 'POST', '/api/lexicon/entries', proposal(id));
          if (res.status === 201) acknowledged.push(id);
        } catch {
          return; // the connection died with the process
        }
      }
    };
    // Final documents too: each acknowledged render (200 with X-Document-Id) must survive.
    const example = (await call(first.port, 'GET', '/api/templates/financial-checkup')).body.example;
    const documents: string[] = [];
    const renderer = async () => {
      while (!stop) {
        attempted++;
        try {
          const res = await call(first.port, 'POST', '/api/templates/financial-checkup/render', { data: example, format: 'text' });
          if (res.status === 200 && res.documentId) documents.push(res.documentId);
        } catch {
          return;
        }
      }
    };
    // Approvals too: each writes the entry, a new lexicon version and its full snapshot. They come
    // from an approver's token: nobody approves their own proposal (issue 15), and the admin token proposed them.
    const approverToken = (await call(first.port, 'POST', '/api/tokens', { name: 'approval lane', role: 'approver' })).body.token as string;
    expect(approverToken).toBeTruthy();
    const approved: string[] = [];
    const approver = async () => {
      for (let next = 0; !stop; ) {
        if (next >= acknowledged.length) {
          await new Promise((r) => setTimeout(r, 10));
          continue;
        }
        const id = acknowledged[next++];
        attempted++;
        try {
          const read = await call(first.port, 'GET', `/api/lexicon/entries/${id}`);
          const res = await call(first.port, 'POST', `/api/lexicon/entries/${id}/approve`, { comment: 'agreed' }, { 'If-Match': read.etag ?? '', Authorization: `Bearer ${approverToken}` });
          if (res.status === 200) approved.push(id);
        } catch {
          return;
        }
      }
    };
    const lanes = [...Array.from({ length: 6 }, (_, lane) => writer(lane)), renderer(), renderer(), approver()];
    // Kill once a good number of writes have been acknowledged, while more are in flight.
    while (acknowledged.length < 40 || documents.length < 3 || approved.length < 5) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(lanes);
    await exited(first.child);
    expect(attempted).toBeGreaterThan(acknowledged.length);
    let lexiconVersion = 0;

    // The file, opened directly: sound, and every acknowledged proposal is whole.
    const store = await Store.open({ dataDir, migrate: false });
    try {
      expect(store.integrityCheck()).toBe('ok');
      const entries = await store.lexicon.list('proposed');
      // Acknowledged proposals are waiting, or approved by the approval lane.
      const ids = new Set([...entries, ...(await store.lexicon.list('approved'))].map((e) => e.id));
      for (const id of acknowledged) expect(ids.has(id), id).toBe(true);
      for (const entry of entries.filter((e) => e.id.startsWith('crash-'))) {
        // Each entry has its revision and its audit row: written in one transaction or not at all.
        const history = await store.lexicon.history({ entryId: entry.id });
        expect(history.map((h) => h.revision)).toEqual([1]);
        const audit = await store.audit.list({ targetType: 'lexicon-entry', targetId: entry.id });
        expect(audit.map((a) => a.action)).toEqual(['lexicon.propose']);
      }
      // Every acknowledged approval is there, and the version went up once per approval in the
      // store (none half-done): each version has its snapshot, holding that entry.
      const inUse = (await store.lexicon.list('approved')).filter((e) => e.id.startsWith('crash-')).map((e) => e.id);
      for (const id of approved) expect(inUse, id).toContain(id);
      const version = await store.lexicon.currentVersion();
      expect(version).toBe(1 + inUse.length);
      const snapshot = await store.lexicon.snapshot(version);
      expect(snapshot?.version).toBe(version);
      for (const id of inUse) {
        expect(snapshot!.entries.map((e: { id: string }) => e.id), id).toContain(id);
        expect((await store.audit.list({ targetType: 'lexicon-entry', targetId: id })).map((a) => a.action).sort(), id).toEqual(['lexicon.approve', 'lexicon.propose']);
      }
      lexiconVersion = version;
      for (const id of documents) {
        const record = await store.documents.get(id);
        expect(record, id).toBeDefined();
        expect(record!.outputs.text!.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect((await store.audit.list({ targetType: 'document', targetId: id })).map((a) => a.action)).toEqual(['document.create']);
      }
      // No document without its audit row, and none half-written.
      const allDocuments = await store.documents.list({ limit: 1000 });
      const audited = await store.audit.list({ action: 'document.create', limit: 1000 });
      expect(new Set(audited.map((a) => a.target.id))).toEqual(new Set(allDocuments.map((d) => d.id)));
    } finally {
      await store.close();
    }

    // It starts again on the same store, without importing twice, and serves what was saved.
    const second = await startServer(dataDir);
    const ready = await call(second.port, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.lexiconVersion).toBe(lexiconVersion);
    const one = await call(second.port, 'GET', `/api/lexicon/entries/${acknowledged[0]}`);
    expect(one.status).toBe(200);
    second.child.kill('SIGTERM');
    expect((await exited(second.child)).code).toBe(0);
  }, 240_000);

  it('runs as a cluster of workers on one store, with one rate limit across them, and prints nothing secret when token and password are preset', async () => {
    const dataDir = tempDir();
    // 20 requests a minute per token, shared by both workers (one bucket in the data directory).
    const server = await startServer(dataDir, 2, { PLAINLY_RATE_LIMIT_PER_MINUTE: '20' });
    expect(server.output()).toContain('(2 processes)');
    expect(server.output()).not.toContain(TOKEN);
    expect(server.output()).not.toContain(PASSWORD);
    // The token's bucket is made (full) by its first request.
    const started = Date.now();
    // Writes through different workers all land in the one store.
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => call(server.port, 'POST', '/api/lexicon/entries', proposal(`cluster-${i}`))));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
    const list = await call(server.port, 'GET', '/api/lexicon/entries?status=proposed');
    expect(list.body.entries.filter((e: { id: string }) => e.id.startsWith('cluster-')).length).toBe(10);
    // 30 more requests, each on a new connection (so the primary spreads them over the workers).
    const more = [];
    for (let i = 0; i < 30; i++) more.push((await call(server.port, 'GET', '/api/me')).status);
    const seconds = (Date.now() - started) / 1000;
    const allowed = 11 + more.filter((status) => status === 200).length;
    expect(more.filter((status) => status !== 200 && status !== 429)).toEqual([]);
    // The burst of 20 plus what refilled (20 a minute) since the first request; per-process
    // buckets would allow about 40.
    expect(allowed).toBeLessThanOrEqual(20 + Math.ceil(seconds / 3) + 1);
    expect(more).toContain(429);
    server.child.kill('SIGTERM');
    expect((await exited(server.child)).code).toBe(0);
  }, 240_000);
});
