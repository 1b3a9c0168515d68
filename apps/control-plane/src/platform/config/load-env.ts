import { readFileSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { Env, SENSITIVE_SETTINGS, SETTING_NAMES } from './env.schema.js';

/** A setting is missing or malformed; the message names every offending variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the control plane's settings. A sensitive setting may instead be given as
 * `<NAME>_FILE`, the path of a file holding the value (for mounted secrets).
 *
 * @example
 * const env = loadEnv(process.env); // throws ConfigError naming DATABASE_URL when it is malformed
 */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const problems: string[] = [];
  const raw: Record<string, string> = {};
  for (const name of SETTING_NAMES) {
    const fileVariable = `${name}_FILE`;
    const filePath = source[fileVariable];
    const direct = source[name];
    if (SENSITIVE_SETTINGS.has(name) && filePath !== undefined && filePath !== '') {
      if (direct !== undefined && direct !== '') {
        problems.push(`${name} and ${fileVariable} are both set; set only one`);
        continue;
      }
      try {
        raw[name] = readFileSync(filePath, 'utf8').trim();
      } catch {
        problems.push(`${fileVariable} names a file that cannot be read: ${filePath}`);
      }
    } else if (direct !== undefined) {
      raw[name] = direct;
    }
  }

  const env = plainToInstance(Env, raw, { exposeDefaultValues: true });
  for (const error of validateSync(env, { forbidUnknownValues: true })) {
    problems.push(...describe(error));
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return env;
}

function describe(error: ValidationError): string[] {
  const messages = Object.values(error.constraints ?? {});
  // Only the first message: later ones usually restate it, and sensitive values are never echoed.
  const first = messages[0] ?? 'is invalid';
  return [first.startsWith(error.property) ? first : `${error.property}: ${first}`];
}
