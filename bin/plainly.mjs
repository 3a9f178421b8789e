#!/usr/bin/env node
// Entry point for `npx plainly`. TypeScript sources are loaded through tsx so that a fresh
// clone works right after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
