/**
 * Runtime configuration, read once from the environment and validated, so a typo in a
 * setting is a clear message at start-up rather than odd behaviour later.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AppError } from './errors.js';

/** The repository root (where `templates/`, `lexicon/` and `config/` live). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A whole number above 0, from text (the environment holds only text). */
const positiveInt = () => z.coerce.number().int().positive();

/**
 * How long a password may be: length, not composition rules (long passphrases are what
 * NCSC guidance recommends). The API's user routes and PLAINLY_BOOTSTRAP_PASSWORD share it.
 */
export const PASSWORD_LENGTH = { min: 12, max: 200 } as const;

/** A password as every input that sets one validates it. */
export const PasswordSchema = z
  .string()
  .min(PASSWORD_LENGTH.min, `must be at least ${PASSWORD_LENGTH.min} characters`)
  .max(PASSWORD_LENGTH.max, `must be at most ${PASSWORD_LENGTH.max} characters`);

/** Names Express's `trust proxy` accepts for well-known ranges, besides addresses and subnets. */
export const TRUST_PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'] as const;

/**
 * `PLAINLY_TRUST_PROXY`, as Express's `trust proxy` setting takes it: `true` (trust every
 * hop: only when nothing can reach the service but the proxy), `false` (the default: the
 * client is whoever opened the connection), a number of proxy hops, or the proxies'
 * addresses and subnets, comma-separated (`10.0.0.0/8, loopback`). Checked here rather than
 * left to Express, which would take a typo as a host name and trust nothing (or the wrong
 * thing) without a word.
 */
const trustProxySchema = () => {
  const proxyAddress = z.union([z.enum(TRUST_PROXY_NAMES), z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]);
  return z.preprocess(
    (value) => {
      if (typeof value !== 'string') return value;
      const text = value.trim().toLowerCase();
      if (text === 'true' || text === 'false') return text === 'true';
      if (/^\d+$/.test(text)) return Number(text);
      return text.split(',').map((part) => part.trim()).filter(Boolean);
    },
    z.union(
      [
        z.boolean(),
        z.number().int().min(0).max(32),
        z
          .array(z.string())
          .min(1)
          .superRefine((entries, ctx) => {
            for (const entry of entries) {
              if (!proxyAddress.safeParse(entry).success) {
                ctx.addIssue({ code: 'custom', message: `"${entry}" is not an IP address, a subnet (10.0.0.0/8) or one of ${TRUST_PROXY_NAMES.join(', ')}` });
              }
            }
          }),
      ],
      { error: 'must be true, false, a number of proxy hops (0-32), or comma-separated proxy addresses and subnets' },
    ),
  );
};

/** Express's `trust proxy` value, validated. */
export type TrustProxy = boolean | number | string[];

/** A yes/no setting: `true` or `false` in the environment. */
const booleanSetting = () =>
  z.preprocess((value) => {
    if (typeof value !== 'string') return value;
    const text = value.trim().toLowerCase();
    return text === 'true' ? true : text === 'false' ? false : value;
  }, z.boolean({ error: 'must be true or false' }));

/**
 * Each setting's schema, built only when that setting is read: building zod schemas costs
 * start-up time (the whole set about 15 ms), and `plainly lint` reads one setting
 * (`loadSetting('lexiconDir')`) in a process that must start in a quarter of a second.
 */
const SETTINGS = {
  port: () => z.coerce.number().int().min(0).max(65535).default(3000),
  dataDir: () => z.string().min(1).default(path.join(PROJECT_ROOT, 'data')),
  /**
   * A PostgreSQL database for the store instead of SQLite in `dataDir`, so several instances
   * share it (docs/deploy.md). Unset keeps SQLite.
   */
  databaseUrl: () => z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\/\S+$/i, 'must be a postgres:// or postgresql:// URL (leave it unset to use SQLite)')
    .optional(),
  templatesDir: () => z.string().min(1).default(path.join(PROJECT_ROOT, 'templates')),
  lexiconDir: () => z.string().min(1).default(path.join(PROJECT_ROOT, 'lexicon')),
  brandingFile: () => z.string().min(1).default(path.join(PROJECT_ROOT, 'config', 'branding.yml')),
  bootstrapToken: () => z.string().min(16).optional(),
  /** The first start's `admin` user password (the same length rules as any password). */
  bootstrapPassword: () => PasswordSchema.optional(),
  retentionDays: () => positiveInt().default(730),
  /**
   * What one token or user may spend a minute, in cost units (a plain read costs 1, a render
   * 10: the table is `REQUEST_COSTS` in src/http/rate-limit.ts); bursts up to the same.
   */
  rateLimitPerMinute: () => positiveInt().default(600),
  /** Expensive requests (renders, previews, impact, compare, batches) one token or user may have running at once. */
  concurrentExpensiveRequests: () => positiveInt().max(1000).default(8),
  /** Express's `trust proxy`: which proxies' X-Forwarded-For / X-Forwarded-Proto to believe. */
  trustProxy: () => trustProxySchema().default(false),
  /** Always mark cookies `Secure` (otherwise they are when the request came over HTTPS). */
  cookieSecure: () => booleanSetting().default(false),
  /** Two approvals, by two people, for error-level lexicon entries and for retiring an entry (src/app/lexicon-governance.ts). */
  lexiconTwoApprovals: () => booleanSetting().default(false),
  corsOrigins: () => z.array(z.string()).default([]),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest uploaded file read in memory (lexicon imports); JSON bodies are fixed at 1 MB. */
  uploadLimitBytes: () => positiveInt().max(100 * 1024 * 1024).default(10 * 1024 * 1024),
  /**
   * Largest uploaded spreadsheet for a batch. Spreadsheets stream to disk, never into memory,
   * so the default is what a batch reads at all (100 MB: well over 100,000 rows of letters).
   */
  spreadsheetLimitBytes: () => positiveInt().max(100 * 1024 * 1024).default(100 * 1024 * 1024),
  /** HTTP worker processes sharing the store (node:cluster); 0 means one per CPU core. */
  workers: () => z.coerce.number().int().min(0).max(64).default(0),
  /** How long a graceful shutdown waits for requests in flight before closing connections. */
  shutdownTimeoutMs: () => positiveInt().default(10_000),
  /** Threads rendering one batch's letters in the service; unset: one per core (docs/batch.md, memory). */
  batchThreads: () => z.number().int().min(1).max(64).optional(),
};

/** Schemas of the named settings, as one object schema. */
function settingsSchema<K extends keyof typeof SETTINGS>(keys: readonly K[]) {
  const shape = {} as { [P in K]: ReturnType<(typeof SETTINGS)[P]> };
  for (const key of keys) shape[key] = SETTINGS[key]() as ReturnType<(typeof SETTINGS)[K]>;
  return z.object(shape);
}

const ALL_SETTINGS = Object.keys(SETTINGS) as (keyof typeof SETTINGS)[];

/** Validated settings for one process. */
export type Config = z.infer<ReturnType<typeof settingsSchema<keyof typeof SETTINGS>>>;

/** Names of the environment variables, for documentation and error messages. */
export const ENV_VARS: Record<keyof Config, string> = {
  port: 'PORT',
  dataDir: 'PLAINLY_DATA_DIR',
  databaseUrl: 'PLAINLY_DATABASE_URL',
  templatesDir: 'PLAINLY_TEMPLATES_DIR',
  lexiconDir: 'PLAINLY_LEXICON_DIR',
  brandingFile: 'PLAINLY_BRANDING_FILE',
  bootstrapToken: 'PLAINLY_BOOTSTRAP_TOKEN',
  bootstrapPassword: 'PLAINLY_BOOTSTRAP_PASSWORD',
  retentionDays: 'PLAINLY_RETENTION_DAYS',
  rateLimitPerMinute: 'PLAINLY_RATE_LIMIT_PER_MINUTE',
  concurrentExpensiveRequests: 'PLAINLY_CONCURRENT_EXPENSIVE_REQUESTS',
  trustProxy: 'PLAINLY_TRUST_PROXY',
  cookieSecure: 'PLAINLY_COOKIE_SECURE',
  lexiconTwoApprovals: 'PLAINLY_LEXICON_TWO_APPROVALS',
  corsOrigins: 'PLAINLY_CORS_ORIGINS',
  logLevel: 'LOG_LEVEL',
  uploadLimitBytes: 'PLAINLY_UPLOAD_LIMIT_BYTES',
  spreadsheetLimitBytes: 'PLAINLY_SPREADSHEET_LIMIT_BYTES',
  workers: 'PLAINLY_WORKERS',
  shutdownTimeoutMs: 'PLAINLY_SHUTDOWN_TIMEOUT_MS',
  batchThreads: 'PLAINLY_BATCH_THREADS',
};

/**
 * The service's rendering threads per batch from `PLAINLY_BATCH_THREADS` (undefined when unset).
 * @throws AppError CONFIG_INVALID when it is not a whole number from 1 to 64.
 */
export function serviceBatchThreads(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const value = env.PLAINLY_BATCH_THREADS;
  if (value === undefined || value === '') return undefined;
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    throw new AppError('CONFIG_INVALID', `PLAINLY_BATCH_THREADS is not valid: it must be a whole number from 1 to 64 (it is "${value}").`);
  }
  return threads;
}

/**
 * Reads configuration from an environment (default `process.env`), with optional overrides
 * (tests pass a temporary data directory this way).
 * @throws AppError CONFIG_INVALID naming the variable that is wrong.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  return readSettings(ALL_SETTINGS, env, overrides) as Config;
}

/**
 * One setting, read and validated as `loadConfig` would, without building the schemas of the
 * others: for a short command that needs one (`plainly lint` needs only the lexicon folder). A
 * mistake in another setting is not this command's concern; the service still stops on it.
 * @throws AppError CONFIG_INVALID naming the variable when this setting is wrong.
 */
export function loadSetting<K extends keyof Config>(key: K, env: NodeJS.ProcessEnv = process.env): Config[K] {
  return (readSettings([key], env, {}) as Pick<Config, K>)[key];
}

function readSettings<K extends keyof Config>(keys: readonly K[], env: NodeJS.ProcessEnv, overrides: Partial<Config>): Pick<Config, K> {
  const raw: Record<string, unknown> = {};
  for (const key of keys) {
    const value = env[ENV_VARS[key]];
    if (value === undefined || value === '') continue;
    raw[key] = key === 'corsOrigins' ? value.split(',').map((origin) => origin.trim()).filter(Boolean) : key === 'batchThreads' ? serviceBatchThreads(env) : value;
  }
  const parsed = settingsSchema(keys).safeParse({ ...raw, ...overrides });
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({
      path: ENV_VARS[issue.path[0] as keyof Config] ?? issue.path.join('.'),
      message: issue.message,
    }));
    throw new AppError('CONFIG_INVALID', `Configuration is not valid: ${errors.map((e) => `${e.path} (${e.message})`).join(', ')}`, { errors });
  }
  return parsed.data as Pick<Config, K>;
}
