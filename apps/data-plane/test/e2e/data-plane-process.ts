import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The built entry point, found from this file so the tests run from any working directory. */
export const MAIN_JS = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export type LogLine = Record<string, unknown> & { msg?: string };

export interface DataPlaneProcess {
  readonly child: ChildProcess;
  /** Every line printed so far (stdout and stderr), parsed as JSON when it is JSON. */
  readonly output: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first log line `match` accepts; rejects if the process exits first. */
  waitForLog(match: (line: LogLine) => boolean): Promise<LogLine>;
}

function parse(line: string): LogLine | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as LogLine) : undefined;
  } catch {
    return undefined;
  }
}

/** Starts `node apps/data-plane/dist/main.js` with exactly the given environment. */
export function spawnDataPlane(env: Record<string, string>): DataPlaneProcess {
  if (!existsSync(MAIN_JS)) {
    throw new Error(`${MAIN_JS} does not exist: run \`npx tsc -b apps/data-plane\` first`);
  }
  const child = spawn(process.execPath, [MAIN_JS], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const waiters = new Set<{ match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }>();
  // 'close', not 'exit': it comes after stdout and stderr are drained, so `output` is complete.
  const exited = once(child, 'close').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));

  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (text) => {
      output.push(text);
      const line = parse(text);
      if (line === undefined) {
        return;
      }
      for (const waiter of waiters) {
        if (waiter.match(line)) {
          waiters.delete(waiter);
          waiter.resolve(line);
        }
      }
    });
  }

  const waitForLog = (match: (line: LogLine) => boolean): Promise<LogLine> => {
    const seen = output.map(parse).find((line) => line !== undefined && match(line));
    if (seen !== undefined) {
      return Promise.resolve(seen);
    }
    return new Promise<LogLine>((resolve, reject) => {
      const waiter = { match, resolve };
      waiters.add(waiter);
      void exited.then(({ code, signal }) => {
        if (waiters.delete(waiter)) {
          reject(
            new Error(
              `data plane exited (code ${code}, signal ${signal}) before the expected log line:\n${output.join('\n')}`,
            ),
          );
        }
      });
    });
  };

  return { child, output, exited, waitForLog };
}
