#!/usr/bin/env node
// Builds what is missing or stale: every TypeScript project (tsc -b is incremental) and the
// console (Vite), which is rebuilt only when its sources are newer than its last build.
// Usage: node scripts/build.mjs [--no-console] [--force-console]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const bin = (name) => join(root, 'node_modules', '.bin', name);

function run(command, args, cwd = root) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(
      `build failed: ${[command, ...args].join(' ')} exited with ${result.status ?? result.signal}`,
    );
    process.exit(result.status ?? 1);
  }
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

export function consoleIsStale() {
  const consoleDir = join(root, 'apps', 'console');
  const built = join(consoleDir, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const inputs = ['src', 'index.html', 'vite.config.ts', 'package.json', 'public'].map((p) =>
    join(consoleDir, p),
  );
  inputs.push(join(root, 'libs', 'contracts', 'src'));
  return Math.max(...inputs.map(newestMtime)) > statSync(built).mtimeMs;
}

export function build({ console: withConsole = true, forceConsole = false } = {}) {
  run(process.execPath, [bin('tsc'), '-b']);
  if (withConsole && (forceConsole || consoleIsStale())) {
    console.log('building the console (apps/console) ...');
    run(process.execPath, [bin('vite'), 'build', '--logLevel', 'warn'], join(root, 'apps', 'console'));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  build({
    console: !process.argv.includes('--no-console'),
    forceConsole: process.argv.includes('--force-console'),
  });
}
