// The main thread's young generation in `plainly serve` and `plainly batch`.
//
// Why: V8 doubles a thread's young generation (where new objects are made) whenever much of
// it survives a collection, and on this 64-bit Node it may reach 128 MB. In a batch the main
// thread receives every letter's PDF and outcome, writes them and stores the outcome, so
// objects are always in flight and it keeps growing: in a 10,000-row batch through the
// service the main thread's heap reached 98 MB reserved (40 MB of it in use) in most runs and
// 162 MB in one, most of that young generation. Its size can only be set when the process
// starts (`--max-semi-space-size`), so these two commands start again at once, in the same
// process (process.execve keeps the process id, for systemd or a container), with a cap of
// MAIN_SEMI_SPACE_MB. That costs one more Node start (about 40 ms); a batch's letters a second
// were the same (npm run bench:batch, docs/batch.md) and 400 renders in one process cost the
// same CPU. npm run bench:http swung too much on the shared test machine to tell (±20 %). Worker threads
// have caps of their own (`resourceLimits`).
//
// Left alone: an operator who sets --max-semi-space-size themselves (on the command line or in
// NODE_OPTIONS; 0 is V8's own default), other commands (a lint must start fast), and Node
// versions or systems without process.execve (Node before 22.15, Windows), which run as they are.

/** The main thread's semi-space cap in MB (its young generation is about two of them). */
export const MAIN_SEMI_SPACE_MB = 8;

/** Commands that run for long and pass a batch's letters through their main thread. */
const LONG_RUNNING = new Set(['serve', 'batch']);

/**
 * The arguments to start this process again with, or null to go on as it is.
 * @param {readonly string[]} argv process.argv
 * @param {readonly string[]} execArgv process.execArgv
 * @param {string | undefined} nodeOptions process.env.NODE_OPTIONS
 * @returns {string[] | null}
 */
export function youngGenerationRestart(argv, execArgv, nodeOptions) {
  if (!LONG_RUNNING.has(argv[2])) return null;
  const chosen = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((flag) => /^--max[-_]semi[-_]space[-_]size(=|$)/.test(flag));
  if (chosen) return null;
  return [argv[0], `--max-semi-space-size=${MAIN_SEMI_SPACE_MB}`, ...execArgv, ...argv.slice(1)];
}
