// Is the compiled build in dist/ up to date with the sources it was built from? Read by
// bin/plainly.mjs at every start, so it must be cheap: dist/build.json lists each source file
// the build read (scripts/build.mjs), with its size and modification time, and this stats
// each of them (a few milliseconds for a couple of hundred files). A changed, removed or
// renamed source makes the build stale; a new file matters only once a listed file imports
// it, and that file then changed too. The build bundles most packages too, so it also records
// npm's record of what is installed (node_modules/.package-lock.json, rewritten by every
// install): `npm install some-package@2` does not run `prepare`, and must not leave dist/
// running the old version.
import fs from 'node:fs';
import path from 'node:path';

/** The build stamp's format; scripts/build.mjs writes the same number. */
export const BUILD_STAMP_VERSION = 2;

/** npm's record of the installed packages, relative to the project folder. */
export const INSTALLED_PACKAGES = 'node_modules/.package-lock.json';

/**
 * The size and modification time of `file` in `root`, or null when it is not there.
 * @param {string} root
 * @param {string} file
 * @returns {[number, number] | null}
 */
export function fileStamp(root, file) {
  try {
    const stat = fs.statSync(path.join(root, file));
    return [stat.size, stat.mtimeMs];
  } catch {
    return null;
  }
}

/**
 * Why the build in `root`/`dir` cannot be used, or null when it is up to date.
 * @param {string} root the project folder
 * @param {string} [dir] the build folder inside it
 * @returns {string | null}
 */
export function staleReason(root, dir = 'dist') {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(path.join(root, dir, 'build.json'), 'utf8'));
  } catch {
    return `there is no build in ${dir}/ (npm run build makes one)`;
  }
  if (stamp?.version !== BUILD_STAMP_VERSION || typeof stamp.inputs !== 'object' || stamp.inputs === null) return `${dir}/build.json is from another version of the build`;
  const installed = fileStamp(root, INSTALLED_PACKAGES);
  if (JSON.stringify(installed) !== JSON.stringify(stamp.packages ?? null)) return 'the installed packages changed since the last build';
  // Plain concatenation, not path.join: the build records each file relative to the project
  // with forward slashes, and normalising a couple of hundred paths was half of this check's
  // time (measured: about 5 of 10 ms of a `plainly lint` start).
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  for (const [file, recorded] of Object.entries(stamp.inputs)) {
    const stat = fs.statSync(prefix + file, { throwIfNoEntry: false });
    if (stat === undefined) return `${file} was removed since the last build`;
    if (!Array.isArray(recorded) || stat.size !== recorded[0] || stat.mtimeMs !== recorded[1]) return `${file} changed since the last build`;
  }
  return null;
}
