import { DataSource } from 'typeorm';
import type { TestControlPlane } from './control-plane.js';

/** Every row of every table of the control plane's schema, as text: for "no plaintext anywhere" checks. */
export async function dumpDatabase(cp: TestControlPlane): Promise<{ tables: string[]; text: string }> {
  const db = cp.app.get(DataSource);
  const rows = await db.query<{ table_name: string }[]>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
  );
  const tables = rows.map((row) => row.table_name);
  const parts: string[] = [];
  for (const table of tables) {
    const lines = await db.query<{ row: string }[]>(`SELECT t::text AS row FROM "${table}" t`);
    parts.push(...lines.map((line) => line.row));
  }
  return { tables, text: parts.join('\n') };
}

/** Runs SQL against the control plane's database, for arranging states the API cannot reach. */
export function sql<T = unknown>(
  cp: TestControlPlane,
  query: string,
  parameters: unknown[] = [],
): Promise<T> {
  return cp.app.get(DataSource).query<T>(query, parameters);
}
