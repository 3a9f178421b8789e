/**
 * Starting and watching the real service (`plainly serve`) as a child process, for the
 * benchmarks that measure it from outside: the load generator and the server then compete
 * for the same cores, as they would on one box. Loopback only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project folder. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A running service. */
export interface Service {
  child: ChildProcess;
  port: number;
  base: string;
}

/**
 * Starts `plainly serve` on a free loopback port with its own data folder.
 * @param env extra settings (PLAINLY_BOOTSTRAP_TOKEN and so on)
 */
export function startService(dataDir: string, workers: number, env: Record<string, string>): Promise<Service> {
  const devNull = fs.openSync('/dev/null', 'w');
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/plainly.mjs'), 'serve', '--port', '0', '--workers', String(workers)], {
    cwd: ROOT,
    env: { ...process.env, PLAINLY_DATA_DIR: dataDir, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', ...env },
    // Logs go to /dev/null (as they would go to a file or journald), not through this process.
    stdio: ['ignore', 'pipe', devNull],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on http:\/\/localhost:(\d+)/.exec(out);
      if (match) {
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        const port = Number(match[1]);
        resolve({ child, port, base: `http://127.0.0.1:${port}` });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
}

/** Stops the service with SIGTERM (it finishes requests in flight) and waits for it. */
export async function stopService(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const done = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await done;
}

/** The process and its live children (cluster workers), from /proc. */
export function processTree(pid: number): number[] {
  const pids = [pid];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === pid) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** CPU ticks (1/100 s) used so far by a process and its live children. */
export function serverTicks(pid: number): number {
  let total = 0;
  for (const each of processTree(pid)) {
    try {
      const stat = fs.readFileSync(`/proc/${each}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += Number(fields[11]) + Number(fields[12]);
    } catch {
      // ended
    }
  }
  return total;
}

/** A process's resident memory now and at its peak (VmRSS, VmHWM), in MB. */
export function memoryOf(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}
