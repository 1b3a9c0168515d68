import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvValidationError, loadEnv } from './env.js';

function problemsOf(env: NodeJS.ProcessEnv): EnvValidationError['problems'] {
  try {
    loadEnv(env);
  } catch (err) {
    if (err instanceof EnvValidationError) {
      return err.problems;
    }
    throw err;
  }
  throw new Error('expected loadEnv to throw');
}

describe(loadEnv.name, () => {
  it('applies the defaults to an empty environment', () => {
    expect(loadEnv({})).toEqual({
      port: 8081,
      host: '0.0.0.0',
      logLevel: 'info',
      drainTimeoutMs: 30_000,
      controlPlaneUrl: undefined,
      dataDir: path.resolve('.portcullis/data-plane'),
    });
  });

  it('treats empty strings as unset', () => {
    expect(loadEnv({ DATA_PLANE_PORT: '', LOG_LEVEL: '', CONTROL_PLANE_URL: '' })).toMatchObject({
      port: 8081,
      logLevel: 'info',
      controlPlaneUrl: undefined,
    });
  });

  it('reads every variable', () => {
    expect(
      loadEnv({
        DATA_PLANE_PORT: '9000',
        DATA_PLANE_HOST: '127.0.0.1',
        LOG_LEVEL: 'debug',
        DRAIN_TIMEOUT_MS: '0',
        CONTROL_PLANE_URL: 'https://cp.internal:8080/',
        DATA_PLANE_DATA_DIR: '/var/lib/portcullis',
        UNRELATED: 'ignored',
      }),
    ).toEqual({
      port: 9000,
      host: '127.0.0.1',
      logLevel: 'debug',
      drainTimeoutMs: 0,
      controlPlaneUrl: 'https://cp.internal:8080/',
      dataDir: '/var/lib/portcullis',
    });
  });

  it.each(['0', '1', '65535'])('accepts the port %s', (port) => {
    expect(loadEnv({ DATA_PLANE_PORT: port }).port).toBe(Number(port));
  });

  it.each(['abc', '-1', '65536', '80.5', ' 80', '0x50', '8e1'])('rejects the port %j', (port) => {
    const problems = problemsOf({ DATA_PLANE_PORT: port });

    expect(problems.map((problem) => problem.variable)).toEqual(['DATA_PLANE_PORT']);
  });

  it.each([
    ['LOG_LEVEL', 'verbose'],
    ['DRAIN_TIMEOUT_MS', 'soon'],
    ['DRAIN_TIMEOUT_MS', '600001'],
    ['CONTROL_PLANE_URL', 'ftp://cp.internal'],
    ['CONTROL_PLANE_URL', 'cp.internal:8080'],
  ])('rejects %s=%j', (variable, value) => {
    expect(problemsOf({ [variable]: value }).map((problem) => problem.variable)).toEqual([variable]);
  });

  it('names every bad variable in the message without echoing values', () => {
    const secretUrl = 'ftp://user:hunter2@cp.internal';
    let message = '';
    try {
      loadEnv({ DATA_PLANE_PORT: 'abc', LOG_LEVEL: 'loud', CONTROL_PLANE_URL: secretUrl });
    } catch (err) {
      message = err instanceof Error ? err.message : '';
    }

    expect(message).toBe(
      'Invalid environment: DATA_PLANE_PORT must be an integer between 0 and 65535; ' +
        'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; ' +
        'CONTROL_PLANE_URL must be an http(s) URL',
    );
    expect(message).not.toContain('hunter2');
  });
});
