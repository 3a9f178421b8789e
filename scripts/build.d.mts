/** What dist/build.json records (scripts/build.mjs). */
export interface BuildStamp {
  version: number;
  builtAt: string;
  /** Worker task module source -> its prebuilt file in the build folder. */
  workers: Record<string, string>;
  /** Every source the build read -> [size, mtimeMs]. */
  inputs: Record<string, [number, number]>;
}
/** Entry points: output name -> source. */
export const ENTRIES: Record<string, string>;
/** Builds dist/ (or `outDir`, a folder inside the project) and returns what build.json records. */
export function buildDist(options?: { quiet?: boolean; outDir?: string }): Promise<BuildStamp>;
