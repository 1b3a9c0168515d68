import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestControlPlane } from '../support/control-plane.js';

const dataDir = mkdtempSync(join(tmpdir(), 'portcullis-embedded-'));

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

// The one-machine default: no DATABASE_URL (embedded PGlite), no REDIS_URL (in-process jobs),
// no admin token (generated into the data directory).
const embeddedEnv = {
  DATABASE_URL: undefined,
  REDIS_URL: undefined,
  PORTCULLIS_ADMIN_TOKEN: undefined,
  PORTCULLIS_MASTER_KEY: undefined,
  PORTCULLIS_DATA_DIR: dataDir,
};

describe('embedded stack', () => {
  it('keeps its data and its admin token across a restart', async () => {
    const first = await startTestControlPlane(embeddedEnv);
    let tenantId: string;
    try {
      expect(first.settings.embeddedDatabase).toBe(true);
      const ready = await first.request('/readyz', { token: null });
      expect(await ready.json()).toEqual({
        status: 'ok',
        checks: { database: { status: 'ok' }, queue: { status: 'ok' } },
      });
      const created = await first.request('/api/v1/tenants', {
        method: 'POST',
        json: { slug: 'survivor', name: 'Survives restarts' },
      });
      expect(created.status).toBe(201);
      tenantId = ((await created.json()) as { id: string }).id;
      expect(first.logs.text).not.toContain(first.adminToken);
    } finally {
      await first.close();
    }

    const tokenFile = join(dataDir, 'admin-token');
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);

    const second = await startTestControlPlane(embeddedEnv);
    try {
      expect(second.adminToken).toBe(first.adminToken);
      const fetched = await second.request(`/api/v1/tenants/${tenantId}`);
      expect(fetched.status).toBe(200);
      expect(await fetched.json()).toMatchObject({ slug: 'survivor', name: 'Survives restarts' });
      // Migrations already applied: the second start found nothing to do.
      expect(second.logs.entries().some((entry) => entry.msg === 'schema is up to date')).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('refuses to open a data directory that is already in use', async () => {
    const running = await startTestControlPlane(embeddedEnv);
    try {
      await expect(startTestControlPlane(embeddedEnv)).rejects.toThrow(/already held|in use/);
    } finally {
      await running.close();
    }
  });
});
