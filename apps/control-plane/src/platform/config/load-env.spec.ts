import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadEnv } from './load-env.js';

function problemsOf(source: Record<string, string>): readonly string[] {
  try {
    loadEnv(source);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadEnv', () => {
  it('applies the embedded defaults when nothing is set', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      CONTROL_PLANE_PORT: 8080,
      REDIS_PREFIX: 'portcullis',
      PORTCULLIS_DATA_DIR: '.portcullis',
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
  });

  it('reads valid settings and converts numbers', () => {
    const env = loadEnv({
      DATABASE_URL: 'postgres://app:pw@db:5432/portcullis',
      REDIS_URL: 'rediss://cache:6380',
      CONTROL_PLANE_PORT: '9090',
      PORTCULLIS_MASTER_KEY: 'a'.repeat(64),
    });
    expect(env.CONTROL_PLANE_PORT).toBe(9090);
    expect(env.DATABASE_URL).toBe('postgres://app:pw@db:5432/portcullis');
  });

  it('names each malformed variable', () => {
    expect(problemsOf({ DATABASE_URL: 'not-a-url', PORTCULLIS_MASTER_KEY: 'k'.repeat(43) })).toEqual([
      expect.stringMatching(/^DATABASE_URL must be a PostgreSQL URL/),
    ]);
    const problems = problemsOf({
      CONTROL_PLANE_PORT: 'eighty',
      REDIS_URL: 'http://cache',
      LOG_LEVEL: 'loud',
      PORTCULLIS_ADMIN_TOKEN: 'short',
      PORTCULLIS_MASTER_KEY: 'not-32-bytes',
      OIDC_ISSUER: 'https://idp.example.com',
    });
    for (const name of [
      'CONTROL_PLANE_PORT',
      'REDIS_URL',
      'LOG_LEVEL',
      'PORTCULLIS_ADMIN_TOKEN',
      'PORTCULLIS_MASTER_KEY',
      'OIDC_CLIENT_ID',
    ]) {
      expect(problems.some((problem) => problem.startsWith(name))).toBe(true);
    }
  });

  it('requires a master key with a real database, and only then', () => {
    expect(problemsOf({ DATABASE_URL: 'postgres://db/portcullis' })).toEqual([
      expect.stringMatching(/^PORTCULLIS_MASTER_KEY is required when DATABASE_URL is set/),
    ]);
    expect(problemsOf({})).toEqual([]);
  });

  it('never echoes a sensitive value in its messages', () => {
    const secret = 'sk-this-is-not-long-enough';
    const message = problemsOf({ PORTCULLIS_ADMIN_TOKEN: secret }).join('\n');
    expect(message).toContain('PORTCULLIS_ADMIN_TOKEN');
    expect(message).not.toContain(secret);
  });

  it('reads a sensitive setting from the file named by <NAME>_FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'portcullis-env-'));
    const file = join(dir, 'token');
    writeFileSync(file, `${'t'.repeat(40)}\n`);
    expect(loadEnv({ PORTCULLIS_ADMIN_TOKEN_FILE: file }).PORTCULLIS_ADMIN_TOKEN).toBe('t'.repeat(40));
    expect(problemsOf({ PORTCULLIS_ADMIN_TOKEN_FILE: join(dir, 'missing') })).toEqual([
      expect.stringMatching(/^PORTCULLIS_ADMIN_TOKEN_FILE names a file that cannot be read/),
    ]);
    expect(problemsOf({ PORTCULLIS_ADMIN_TOKEN_FILE: file, PORTCULLIS_ADMIN_TOKEN: 'x'.repeat(40) })).toEqual(
      ['PORTCULLIS_ADMIN_TOKEN and PORTCULLIS_ADMIN_TOKEN_FILE are both set; set only one'],
    );
  });
});
