import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

/** Runs `plainly …args` in-process and returns exit code and output. */
export async function run(args: string[], options: { cwd?: string; stdin?: Buffer; isTTY?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    readStdin: async () => options.stdin ?? Buffer.alloc(0),
    cwd: options.cwd ?? process.cwd(),
    isTTY: options.isTTY ?? false,
  };
  const code = await main(['node', 'plainly', ...args], io);
  return { code, stdout, stderr };
}

/** A temporary folder with the given files. */
export function tempDir(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plainly-cli-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}
