/**
 * bin/young-generation.mjs: `plainly serve` and `plainly batch` start again with a cap on the
 * main thread's young generation (issue 13 item 7: a batch's letters all pass through that
 * thread, and V8 let its young generation grow to 128 MB). tests/http/process.test.ts checks
 * the real restart of `plainly serve`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAIN_SEMI_SPACE_MB, youngGenerationRestart } from '../../bin/young-generation.mjs';

const NODE = '/usr/bin/node';
const BIN = '/app/bin/plainly.mjs';
const CAP = `--max-semi-space-size=${MAIN_SEMI_SPACE_MB}`;

describe('youngGenerationRestart', () => {
  it('restarts serve and batch with the cap first, keeping Node options and arguments in order', () => {
    expect(youngGenerationRestart([NODE, BIN, 'serve', '--port', '0'], [], undefined)).toEqual([NODE, CAP, BIN, 'serve', '--port', '0']);
    expect(youngGenerationRestart([NODE, BIN, 'batch', 'financial-checkup', 'a.csv'], ['--import', 'tsx'], '--enable-source-maps')).toEqual([NODE, CAP, '--import', 'tsx', BIN, 'batch', 'financial-checkup', 'a.csv']);
  });

  it('leaves every other command as it is (a lint must start fast)', () => {
    for (const command of ['lint', 'render', 'templates', 'lexicon', '--help', undefined]) {
      expect(youngGenerationRestart([NODE, BIN, ...(command ? [command] : [])], [], undefined)).toBeNull();
    }
    // Only the command itself counts, not an argument that happens to say "serve".
    expect(youngGenerationRestart([NODE, BIN, 'lint', 'serve'], [], undefined)).toBeNull();
  });

  it("keeps the operator's own size, given on the command line or in NODE_OPTIONS", () => {
    expect(youngGenerationRestart([NODE, BIN, 'serve'], ['--max-semi-space-size=32'], undefined)).toBeNull();
    expect(youngGenerationRestart([NODE, BIN, 'serve'], ['--max_semi_space_size=0'], undefined)).toBeNull();
    expect(youngGenerationRestart([NODE, BIN, 'batch'], [], '--max-old-space-size=2048 --max-semi-space-size=16')).toBeNull();
    // Another flag that merely starts the same way is not a choice of size.
    expect(youngGenerationRestart([NODE, BIN, 'serve'], ['--max-semi-space-sizes'], undefined)).not.toBeNull();
  });

  it('never restarts a process that already has a cap (no loop), whatever else it was given', () => {
    fc.assert(
      fc.property(fc.constantFrom('serve', 'batch'), fc.array(fc.string({ maxLength: 12 }), { maxLength: 5 }), fc.array(fc.constantFrom('--trace-warnings', '--import=tsx', '--enable-source-maps'), { maxLength: 3 }), (command, rest, flags) => {
        const first = youngGenerationRestart([NODE, BIN, command, ...rest], flags, undefined);
        expect(first).not.toBeNull();
        // After execve, Node's own options are what came before the script, and the rest is argv.
        const script = first!.indexOf(BIN);
        expect(youngGenerationRestart([NODE, ...first!.slice(script)], first!.slice(1, script), undefined)).toBeNull();
      }),
    );
  });
});
