#!/usr/bin/env node
// Entry point for `npx plainly` and `npm start`. It runs the compiled build in dist/ (made by
// `npm ci` through npm's `prepare`, or by `npm run build`) when that build is up to date with
// src/; otherwise (no build yet, or a source changed since: a developer editing the code) it
// runs the TypeScript sources through tsx, so nobody ever runs stale code (build-stamp.mjs).
//
// PLAINLY_FROM_SOURCE=1 always runs the sources; PLAINLY_DEBUG_START=1 says on stderr which
// one runs and why.
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { staleReason } from './build-stamp.mjs';
import { youngGenerationRestart } from './young-generation.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// `plainly serve` and `plainly batch` start again at once with a cap on the main thread's
// young generation, which only a start can set (young-generation.mjs says why).
const restart = typeof process.execve === 'function' ? youngGenerationRestart(process.argv, process.execArgv, process.env.NODE_OPTIONS) : null;
if (restart) {
  try {
    process.execve(process.execPath, restart, process.env);
  } catch {
    // Windows and IBM i have no execve (Node throws there): run as started, uncapped.
  }
}

// V8's compile cache (Node 22.1 and later; Node 20 has none): later starts skip parsing and
// compiling the JavaScript that ran before. Kept inside the install, where it can write.
if (typeof module.enableCompileCache === 'function' && !process.env.NODE_COMPILE_CACHE) {
  try {
    module.enableCompileCache(path.join(root, 'node_modules', '.cache', 'plainly', 'v8'));
  } catch {
    // a read-only install: no cache, same behaviour
  }
}

const reason = process.env.PLAINLY_FROM_SOURCE === '1' ? 'PLAINLY_FROM_SOURCE=1' : staleReason(root);
const debug = Boolean(process.env.PLAINLY_DEBUG_START);
let main;
if (reason === null) {
  if (debug) process.stderr.write('plainly: running the compiled build in dist/\n');
  ({ main } = await import(pathToFileURL(path.join(root, 'dist', 'plainly.js')).href));
} else {
  if (debug) process.stderr.write(`plainly: running the sources through tsx: ${reason}\n`);
  else if (process.stderr.isTTY && reason.endsWith('since the last build')) {
    // Someone editing the code: say once per run why it starts slowly, and how to fix that.
    process.stderr.write(`plainly: ${reason}, so the sources run through tsx (slower to start); "npm run build" compiles them again.\n`);
  }
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv);
