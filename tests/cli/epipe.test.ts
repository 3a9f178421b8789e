import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/index.js';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-epipe-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

describe('plainly lint | head', () => {
  it('stops quietly when the reader closes the pipe early, with the exit code for the findings', async () => {
    // Enough findings that the output is far bigger than a pipe's buffer (64 KB).
    const file = path.join(folder, 'long.txt');
    fs.writeFileSync(file, Array.from({ length: 400 }, () => 'You must attend the audit of your care money.').join('\n\n'));
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'plainly.mjs'), 'lint', file], { cwd: PROJECT_ROOT, env: { ...process.env, NODE_OPTIONS: '' } });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // Read the first chunk only, then close our end as `head -1` does.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
    expect(stderr).not.toMatch(/EPIPE|Unhandled|at .*\(node:/);
    expect(code).toBe(1);
  }, 60_000);
});
