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
    expect(loadEnv({}, { hostname: () => 'gw-host' })).toEqual({
      port: 8081,
      host: '0.0.0.0',
      logLevel: 'info',
      drainTimeoutMs: 30_000,
      controlPlaneUrl: undefined,
      dataDir: path.resolve('.portcullis/data-plane'),
      enrollmentToken: undefined,
      nodeName: 'gw-host-8081',
      maxStalenessSeconds: 86_400,
      failOpenWhenStale: false,
      pollWaitSeconds: 30,
      allowedUpstreamHosts: [],
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 120_000,
      maxBodyBytes: 10 * 1024 * 1024,
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
        DATA_PLANE_ENROLLMENT_TOKEN: ' pen_abc ',
        DATA_PLANE_NAME: 'edge-eu-1',
        DATA_PLANE_MAX_STALENESS_S: '600',
        DATA_PLANE_FAIL_OPEN_WHEN_STALE: 'true',
        DATA_PLANE_POLL_WAIT_S: '60',
        DATA_PLANE_ALLOWED_UPSTREAM_HOSTS: 'vllm.internal, 10.0.0.0/8',
        DATA_PLANE_HEADERS_TIMEOUT_MS: '5000',
        DATA_PLANE_REQUEST_TIMEOUT_MS: '60000',
        DATA_PLANE_MAX_BODY_BYTES: '2048',
        UNRELATED: 'ignored',
      }),
    ).toEqual({
      port: 9000,
      host: '127.0.0.1',
      logLevel: 'debug',
      drainTimeoutMs: 0,
      controlPlaneUrl: 'https://cp.internal:8080/',
      dataDir: '/var/lib/portcullis',
      enrollmentToken: 'pen_abc',
      nodeName: 'edge-eu-1',
      maxStalenessSeconds: 600,
      failOpenWhenStale: true,
      pollWaitSeconds: 60,
      allowedUpstreamHosts: ['vllm.internal', '10.0.0.0/8'],
      headersTimeoutMs: 5_000,
      requestTimeoutMs: 60_000,
      maxBodyBytes: 2048,
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
    ['DATA_PLANE_MAX_STALENESS_S', '0'],
    ['DATA_PLANE_FAIL_OPEN_WHEN_STALE', 'yes'],
    ['DATA_PLANE_POLL_WAIT_S', '0'],
    ['DATA_PLANE_POLL_WAIT_S', '61'],
    ['DATA_PLANE_NAME', 'x'.repeat(101)],
    ['DATA_PLANE_ENROLLMENT_TOKEN', '   '],
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

  describe('DATA_PLANE_ENROLLMENT_TOKEN_FILE', () => {
    it('reads the token from the file, trimmed', () => {
      const env = loadEnv(
        { DATA_PLANE_ENROLLMENT_TOKEN_FILE: '/run/secrets/token' },
        { readFile: (file) => (file === '/run/secrets/token' ? 'pen_fromfile\n' : '') },
      );

      expect(env.enrollmentToken).toBe('pen_fromfile');
    });

    it('names the variable when the file cannot be read, without echoing anything', () => {
      const problems = (() => {
        try {
          loadEnv(
            { DATA_PLANE_ENROLLMENT_TOKEN_FILE: '/nope' },
            {
              readFile: () => {
                throw Object.assign(new Error('ENOENT: /nope'), { code: 'ENOENT' });
              },
            },
          );
        } catch (err) {
          return err instanceof EnvValidationError ? err.problems : [];
        }
        return [];
      })();

      expect(problems).toEqual([
        {
          variable: 'DATA_PLANE_ENROLLMENT_TOKEN_FILE',
          message: 'names a file that cannot be read (ENOENT)',
        },
      ]);
    });

    it('refuses an empty file and being set together with the variable', () => {
      expect(() => loadEnv({ DATA_PLANE_ENROLLMENT_TOKEN_FILE: '/f' }, { readFile: () => '\n' })).toThrow(
        'DATA_PLANE_ENROLLMENT_TOKEN_FILE must name a file holding one enrollment token',
      );
      expect(() =>
        loadEnv(
          { DATA_PLANE_ENROLLMENT_TOKEN: 'pen_a', DATA_PLANE_ENROLLMENT_TOKEN_FILE: '/f' },
          { readFile: () => 'pen_b' },
        ),
      ).toThrow('DATA_PLANE_ENROLLMENT_TOKEN_FILE cannot be set together with DATA_PLANE_ENROLLMENT_TOKEN');
    });
  });

  it('names the node after the host and port unless DATA_PLANE_NAME is set', () => {
    expect(loadEnv({ DATA_PLANE_PORT: '9001' }, { hostname: () => 'gw' }).nodeName).toBe('gw-9001');
  });
});
