/** The build stamp's format. */
export const BUILD_STAMP_VERSION: number;
/** Why the build in `root`/`dir` cannot be used, or null when it is up to date. */
export function staleReason(root: string, dir?: string): string | null;
