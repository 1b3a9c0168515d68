import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  expiresAt: number;
}

/** Expired entries are swept out once the store holds this many. */
const SWEEP_THRESHOLD = 5_000;

/**
 * The development IdP's storage: in memory, per IdP instance (two control planes in one test
 * process never share codes or sessions), lost on restart — a sign-in in progress across a restart
 * simply starts over. Written here rather than using oidc-provider's own memory adapter, which
 * prints a production warning at every start.
 */
export class DevIdpStorage {
  private readonly entries = new Map<string, Entry>();
  /** `<model>:uid:<uid>` and `<model>:userCode:<code>` → id. */
  private readonly lookups = new Map<string, string>();
  /** grant id → keys of the codes and tokens issued under it. */
  private readonly grants = new Map<string, Set<string>>();

  adapterFor(model: string): Adapter {
    const key = (id: string): string => `${model}:${id}`;
    const read = (id: string): AdapterPayload | undefined => {
      const entry = this.entries.get(key(id));
      if (entry === undefined || entry.expiresAt > Date.now()) return entry?.payload;
      this.entries.delete(key(id));
      return undefined;
    };
    const lookup = (name: string, value: string): Promise<AdapterPayload | undefined> => {
      const id = this.lookups.get(`${model}:${name}:${value}`);
      return Promise.resolve(id === undefined ? undefined : read(id));
    };
    return {
      upsert: (id, payload, expiresIn) => {
        if (this.entries.size >= SWEEP_THRESHOLD) this.sweep();
        const expiresAt = expiresIn === undefined ? Number.POSITIVE_INFINITY : Date.now() + expiresIn * 1000;
        this.entries.set(key(id), { payload, expiresAt });
        if (payload.uid !== undefined) this.lookups.set(`${model}:uid:${payload.uid}`, id);
        if (payload.userCode !== undefined) this.lookups.set(`${model}:userCode:${payload.userCode}`, id);
        if (payload.grantId !== undefined) {
          const members = this.grants.get(payload.grantId) ?? new Set<string>();
          members.add(key(id));
          this.grants.set(payload.grantId, members);
        }
        return Promise.resolve();
      },
      find: (id) => Promise.resolve(read(id)),
      findByUid: (uid) => lookup('uid', uid),
      findByUserCode: (userCode) => lookup('userCode', userCode),
      consume: (id) => {
        const entry = this.entries.get(key(id));
        if (entry !== undefined)
          entry.payload = { ...entry.payload, consumed: Math.floor(Date.now() / 1000) };
        return Promise.resolve();
      },
      destroy: (id) => {
        this.entries.delete(key(id));
        return Promise.resolve();
      },
      revokeByGrantId: (grantId) => {
        for (const member of this.grants.get(grantId) ?? []) this.entries.delete(member);
        this.grants.delete(grantId);
        return Promise.resolve();
      },
    };
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    for (const [lookupKey, id] of this.lookups) {
      const model = lookupKey.slice(0, lookupKey.indexOf(':'));
      if (!this.entries.has(`${model}:${id}`)) this.lookups.delete(lookupKey);
    }
    for (const [grantId, members] of this.grants) {
      for (const member of members) if (!this.entries.has(member)) members.delete(member);
      if (members.size === 0) this.grants.delete(grantId);
    }
  }
}
