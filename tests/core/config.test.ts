/**
 * Configuration: the whole set (`loadConfig`) and one setting read on its own (`loadSetting`,
 * which `plainly lint` uses so it builds one schema, not all of them).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_VARS, isAppError, loadConfig, loadSetting, PROJECT_ROOT } from '../../src/core/index.js';

function configError(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (isAppError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('loadSetting', () => {
  it('gives the default when the variable is unset or empty, as loadConfig does', () => {
    expect(loadSetting('lexiconDir', {})).toBe(path.join(PROJECT_ROOT, 'lexicon'));
    expect(loadSetting('lexiconDir', { PLAINLY_LEXICON_DIR: '' })).toBe(loadConfig({}).lexiconDir);
    expect(loadSetting('port', {})).toBe(3000);
  });

  it('reads and converts the variable the same way as loadConfig', () => {
    const env = { PLAINLY_LEXICON_DIR: '/srv/lexicon', PORT: '8080', PLAINLY_CORS_ORIGINS: 'https://a.example, https://b.example', PLAINLY_TRUST_PROXY: '10.0.0.0/8, loopback', PLAINLY_BATCH_THREADS: '3' };
    const all = loadConfig(env);
    for (const key of ['lexiconDir', 'port', 'corsOrigins', 'trustProxy', 'batchThreads'] as const) {
      expect(loadSetting(key, env)).toEqual(all[key]);
    }
    expect(loadSetting('corsOrigins', env)).toEqual(['https://a.example', 'https://b.example']);
  });

  it('refuses a wrong value with CONFIG_INVALID naming the variable', () => {
    const error = configError(() => loadSetting('port', { PORT: 'eighty' }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('PORT');
    expect(configError(() => loadSetting('trustProxy', { PLAINLY_TRUST_PROXY: 'proxy.example' })).message).toMatch(/PLAINLY_TRUST_PROXY .*"proxy\.example" is not an IP address/);
  });

  it('is not stopped by a mistake in another setting, which loadConfig still refuses', () => {
    const env = { PORT: 'eighty', PLAINLY_LEXICON_DIR: '/srv/lexicon' };
    expect(loadSetting('lexiconDir', env)).toBe('/srv/lexicon');
    expect(configError(() => loadConfig(env)).message).toMatch(/^Configuration is not valid: PORT \(/);
  });
});

describe('loadConfig', () => {
  it('has a value or a documented variable for every setting', () => {
    const config = loadConfig({});
    for (const key of Object.keys(ENV_VARS)) expect(key in config || ['databaseUrl', 'bootstrapToken', 'bootstrapPassword', 'batchThreads'].includes(key)).toBe(true);
    expect(config.cookieSecure).toBe(false);
    expect(loadConfig({ PLAINLY_COOKIE_SECURE: 'TRUE' }).cookieSecure).toBe(true);
  });

  it('names every wrong variable at once', () => {
    const error = configError(() => loadConfig({ PORT: '-1', PLAINLY_COOKIE_SECURE: 'yes', LOG_LEVEL: 'loud' }));
    expect(error.message).toContain('PORT (');
    expect(error.message).toContain('PLAINLY_COOKIE_SECURE (must be true or false)');
    expect(error.message).toContain('LOG_LEVEL (');
  });

  it('lets overrides win over the environment', () => {
    expect(loadConfig({ PORT: '8080' }, { port: 9090 }).port).toBe(9090);
  });
});
