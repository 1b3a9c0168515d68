import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export interface ChildOutput {
  stdout: Readable;
}

/**
 * Resolves with the first line of a child's output that `match` accepts; rejects when the stream
 * ends first, quoting the lines seen so a failed start-up explains itself.
 */
export function waitForLine<T>(stream: Readable, match: (line: string) => T | undefined): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const seen: string[] = [];
    const lines = createInterface({ input: stream });
    lines.on('line', (line) => {
      seen.push(line);
      const found = match(line);
      if (found !== undefined) {
        lines.removeAllListeners('close');
        lines.close();
        resolve(found);
      }
    });
    lines.on('close', () => {
      reject(new Error(`stream ended before the expected line; output was:\n${seen.slice(-40).join('\n')}`));
    });
  });
}
