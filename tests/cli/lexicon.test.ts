import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, run } from './lint-helpers.js';

describe('plainly lexicon test', () => {
  it('exits 0 when every example passes', async () => {
    const { code, stdout } = await run(['lexicon', 'test', '--lexicon', path.join(FIXTURES, 'lexicon-basic')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^8 entries, \d+ examples: all pass\.$/m);
  });

  it('exits 1 and lists each failing example with its place', async () => {
    const { code, stdout, stderr } = await run(['lexicon', 'test', '--lexicon', path.join(FIXTURES, 'lexicon-failing-examples')]);
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/a\.yml:1:3 entry "audit" should flag this example .*"We will check your account\."/);
    expect(lines[1]).toMatch(/entry "audit" should not flag this example but finds "audit"/);
    expect(stderr).toMatch(/2 of 2 examples fail/);
  });

  it('exits 2 for a lexicon that cannot be read', async () => {
    const { code, stderr } = await run(['lexicon', 'test', '--lexicon', path.join(FIXTURES, 'lexicon-dup')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/the id is also used at/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('the shipped lexicon passes its own examples', async () => {
    const { code, stdout } = await run(['lexicon', 'test']);
    expect(stdout).not.toMatch(/should/);
    expect(code).toBe(0);
  });
});
