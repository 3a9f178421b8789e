/** The main thread's semi-space cap in MB. */
export const MAIN_SEMI_SPACE_MB: number;
/** The arguments to start this process again with (serve, batch), or null to go on as it is. */
export function youngGenerationRestart(argv: readonly string[], execArgv: readonly string[], nodeOptions: string | undefined): string[] | null;
