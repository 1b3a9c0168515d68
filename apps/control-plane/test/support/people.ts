import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { expect } from 'vitest';
import type { TestControlPlane } from './control-plane.js';

export interface TestTenant {
  id: string;
  slug: string;
}

export interface TestPerson {
  userId: string;
  userName: string;
  /** A personal access token of this person, to call the admin API as them. */
  token: string;
}

async function ok<T>(response: Response, status = 201): Promise<T> {
  if (response.status !== status) {
    throw new Error(`expected ${status}, got ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as T;
}

export async function createTenant(cp: TestControlPlane, prefix: string): Promise<TestTenant> {
  const slug = `${prefix}-${randomBytes(4).toString('hex')}`;
  return ok<TestTenant>(
    await cp.request('/api/v1/tenants', { method: 'POST', json: { slug, name: `Tenant ${slug}` } }),
  );
}

/**
 * A person of `tenant` holding `role` there (or no role), with a personal access token minted
 * straight into the database: tokens are otherwise created only by the person themselves.
 */
export async function createPerson(
  cp: TestControlPlane,
  tenant: TestTenant,
  name: string,
  role?: 'tenant-owner' | 'developer' | 'auditor',
): Promise<TestPerson> {
  const userName = `${name}-${randomBytes(3).toString('hex')}@${tenant.slug}.test`;
  const user = await ok<{ id: string }>(
    await cp.request('/api/v1/users', {
      method: 'POST',
      json: { tenantId: tenant.id, userName, email: userName },
    }),
  );
  if (role !== undefined) {
    await ok(
      await cp.request('/api/v1/role-bindings', {
        method: 'POST',
        json: { tenantId: tenant.id, role, subjectType: 'user', subjectId: user.id },
      }),
    );
  }
  return { userId: user.id, userName, token: await mintToken(cp, user.id) };
}

export async function mintToken(cp: TestControlPlane, userId: string): Promise<string> {
  const token = `pat_${randomBytes(32).toString('base64url').replace(/[-_]/g, 'x')}`;
  const dataSource = cp.app.get(DataSource);
  await dataSource.query(
    `INSERT INTO personal_access_tokens (user_id, name, prefix, token_hash, expires_at)
     VALUES ($1, 'test', $2, $3, now() + interval '1 day')`,
    [userId, token.slice(0, 12), cp.settings.secretKeys.hashToken(token)],
  );
  return token;
}

export function expectStatus(response: Response, status: number, context: string): void {
  expect(response.status, context).toBe(status);
}
