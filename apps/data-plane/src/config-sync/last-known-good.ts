import path from 'node:path';
import { z } from 'zod';
import { readFileIfExists, writeFileAtomic } from './atomic-file.js';

export const CONFIG_DIR = 'config';
export const SNAPSHOT_FILE = 'snapshot.jws';
export const DELTAS_FILE = 'deltas.jsonl';
export const STATE_FILE = 'sync-state.json';

const stateSchema = z.object({ lastContactAt: z.iso.datetime({ offset: true }) });

/** What `<data dir>/config/` held at start-up: signed documents, not yet verified. */
export interface StoredConfig {
  snapshot: string | undefined;
  deltas: string[];
  /** The last successful contact with the control plane before the restart, if recorded. */
  lastContactAt: Date | undefined;
}

/**
 * The node's last known good configuration on disk (decision 0010): the last verified snapshot
 * JWS and the verified delta JWSs applied on top of it, one per line, plus when the control plane
 * was last reached. Every write goes to a temporary file that is renamed over the old one, so a
 * crash leaves either the old or the new state. Documents are stored exactly as signed and are
 * verified again when they are read back.
 */
export class LastKnownGood {
  readonly dir: string;
  #deltas: string[] = [];

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, CONFIG_DIR);
  }

  /** How many deltas are stored on top of the snapshot. */
  get deltaCount(): number {
    return this.#deltas.length;
  }

  async load(): Promise<StoredConfig> {
    const [snapshot, deltas, state] = await Promise.all([
      readFileIfExists(path.join(this.dir, SNAPSHOT_FILE)),
      readFileIfExists(path.join(this.dir, DELTAS_FILE)),
      readFileIfExists(path.join(this.dir, STATE_FILE)),
    ]);
    let lastContactAt: Date | undefined;
    if (state !== undefined) {
      try {
        const parsed = stateSchema.safeParse(JSON.parse(state));
        lastContactAt = parsed.success ? new Date(parsed.data.lastContactAt) : undefined;
      } catch {
        lastContactAt = undefined;
      }
    }
    const trimmed = snapshot?.trim();
    return {
      snapshot: trimmed === undefined || trimmed === '' ? undefined : trimmed,
      deltas: (deltas ?? '')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== ''),
      lastContactAt,
    };
  }

  /** After a replay from disk: the deltas that were applied and will be kept. */
  adopt(deltas: readonly string[]): void {
    this.#deltas = [...deltas];
  }

  /** A verified snapshot replaces everything stored before it. */
  async saveSnapshot(jws: string): Promise<void> {
    await writeFileAtomic(path.join(this.dir, SNAPSHOT_FILE), `${jws}\n`);
    this.#deltas = [];
    await writeFileAtomic(path.join(this.dir, DELTAS_FILE), '');
  }

  /** A verified delta applied on top of the stored snapshot (and deltas). */
  async appendDelta(jws: string): Promise<void> {
    const deltas = [...this.#deltas, jws];
    await writeFileAtomic(path.join(this.dir, DELTAS_FILE), `${deltas.join('\n')}\n`);
    this.#deltas = deltas;
  }

  async saveContact(at: Date): Promise<void> {
    await writeFileAtomic(
      path.join(this.dir, STATE_FILE),
      `${JSON.stringify({ lastContactAt: at.toISOString() })}\n`,
    );
  }
}
