import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-file.js';
import { LastKnownGood } from './last-known-good.js';
import {
  generateNodeKeys,
  IdentityFileError,
  identityPath,
  loadNodeIdentity,
  saveNodeIdentity,
} from './node-identity.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'portcullis-dp-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe(writeFileAtomic.name, () => {
  it('writes a file readable by its owner only and leaves no temporary file', async () => {
    const file = path.join(dir, 'nested', 'state.json');

    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');

    expect(await readFile(file, 'utf8')).toBe('two');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(path.dirname(file))).toEqual(['state.json']);
  });

  it('keeps the previous contents when a write fails', async () => {
    const file = path.join(dir, 'state.json');
    await writeFileAtomic(file, 'good');

    await expect(writeFileAtomic(file, 42 as unknown as string)).rejects.toThrow();

    expect(await readFile(file, 'utf8')).toBe('good');
    expect(await readdir(dir)).toEqual(['state.json']);
  });
});

describe('node identity', () => {
  async function identity() {
    const keys = await generateNodeKeys();
    return {
      nodeId: '0b9f5c1e-3d4a-4f2b-9c8d-7e6f5a4b3c2d',
      name: 'edge-1',
      enrolledAt: '2026-03-01T12:00:00.000Z',
      signingKey: keys.signingKey,
      encryptionKey: keys.encryptionKey,
      trustedKeys: [{ kty: 'OKP' as const, crv: 'Ed25519' as const, x: keys.signingPublicJwk.x, kid: 'k1' }],
    };
  }

  it('is absent before enrollment', async () => {
    expect(await loadNodeIdentity(dir)).toBeUndefined();
  });

  it('reloads exactly what was saved, from a 0600 node.json', async () => {
    const saved = await identity();

    await saveNodeIdentity(dir, saved);

    expect(await loadNodeIdentity(dir)).toEqual(saved);
    expect((await stat(identityPath(dir))).mode & 0o777).toBe(0o600);
  });

  it('refuses a damaged file without quoting it', async () => {
    const saved = await identity();
    await saveNodeIdentity(dir, saved);
    const text = await readFile(identityPath(dir), 'utf8');
    await writeFile(identityPath(dir), text.replace(/"d": "[^"]+"/, '"d": "short"'));

    const loading = loadNodeIdentity(dir);

    await expect(loading).rejects.toBeInstanceOf(IdentityFileError);
    await expect(loading).rejects.toThrow(/signingKey\.d/);
    await expect(loading).rejects.not.toThrow(saved.encryptionKey.d);
  });
});

describe(LastKnownGood.name, () => {
  it('stores a snapshot and the deltas on top of it, and reads them back', async () => {
    const store = new LastKnownGood(dir);
    await store.saveSnapshot('s.1.sig');
    await store.appendDelta('d.2.sig');
    await store.appendDelta('d.3.sig');
    await store.saveContact(new Date('2026-03-01T12:00:00Z'));

    const loaded = await new LastKnownGood(dir).load();

    expect(loaded).toEqual({
      snapshot: 's.1.sig',
      deltas: ['d.2.sig', 'd.3.sig'],
      lastContactAt: new Date('2026-03-01T12:00:00Z'),
    });
    expect(store.deltaCount).toBe(2);
    expect((await stat(path.join(dir, 'config', 'deltas.jsonl'))).mode & 0o777).toBe(0o600);
  });

  it('starts the deltas over when a snapshot is saved (compaction)', async () => {
    const store = new LastKnownGood(dir);
    await store.saveSnapshot('s.1.sig');
    await store.appendDelta('d.2.sig');

    await store.saveSnapshot('s.2.sig');

    expect(store.deltaCount).toBe(0);
    expect(await store.load()).toMatchObject({ snapshot: 's.2.sig', deltas: [] });
  });

  it('reads an empty directory as nothing stored', async () => {
    expect(await new LastKnownGood(dir).load()).toEqual({
      snapshot: undefined,
      deltas: [],
      lastContactAt: undefined,
    });
  });
});
