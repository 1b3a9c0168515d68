#!/usr/bin/env node
// `npm run dev`: the whole stack as `npm start` runs it, plus the console's Vite dev server with
// hot reload on http://127.0.0.1:5173, proxying the API to the control plane.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const vitePort = 5173;
// Browsers reach the control plane through Vite here, so sign-in callbacks must come back to it.
const env = { ...process.env, PUBLIC_URL: process.env.PUBLIC_URL ?? `http://127.0.0.1:${vitePort}` };
const children = [
  spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), '--no-console'], { stdio: 'inherit', env }),
  spawn(
    process.execPath,
    [
      join(root, 'node_modules', '.bin', 'vite'),
      '--host',
      '127.0.0.1',
      '--port',
      String(vitePort),
      '--strictPort',
    ],
    {
      cwd: join(root, 'apps', 'console'),
      stdio: 'inherit',
    },
  ),
];

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
}
for (const child of children) {
  child.on('exit', (code) => {
    if (!stopping) {
      process.exitCode = code ?? 1;
      stop();
    }
  });
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
