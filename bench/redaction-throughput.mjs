// Redaction engine throughput: not a test, not a CI gate. See bench/README.md.
//
// Loads the built libs/redaction (npx tsc -b libs/redaction) and measures, on one core:
// - MB/s of detect() with every built-in detector over a ~1 MB chat-like text;
// - p50/p99 of one session.redact() per typical 2 KB chat text (default policy: mask), i.e. what redaction
//   adds to a request.
// Bounded: a fixed number of iterations and a hard time cap.
import os from 'node:os';
import { performance } from 'node:perf_hooks';

const { compilePolicy, createSession, detect } = await import(
  new URL('../libs/redaction/dist/index.js', import.meta.url).href
);

const HARD_CAP_MS = 60_000;
const started = performance.now();
const overCap = () => performance.now() - started > HARD_CAP_MS;

// Typical chat traffic: mostly prose and code, with a few entities and many near misses.
const PARAGRAPHS = [
  'Can you help me rewrite this paragraph so that it sounds more professional? The customer asked about the delay on order #48213377 and I want to apologise without promising a date we cannot keep.',
  'Here is the stack trace from version 4.12.3 of the service, build 2024.06.01; it fails at line 218 of handler.ts when the cache returns null. The request id was 123e4567-e89b-12d3-a456-426614174000.',
  'Summarise the following meeting notes in five bullet points: we agreed to move the launch, the budget stays at 120000 EUR, and the design review is on Thursday at 14:30 in room 3.',
  'function parse(input) { const parts = input.split(","); return parts.map((p) => p.trim()).filter(Boolean); } // why does this drop empty strings?',
  'Please reply to maria.gonzalez@example.com and copy Dr. Peter Müller; his phone is +49 30 901820 if the mail bounces.',
  'The sha256 of the artifact is e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 and it was uploaded from 10.20.30.40 at 2024-06-01T12:30:45Z.',
  'Translate into German: "Thank you for your patience. Your refund of 49.99 USD will arrive within 5-7 business days."',
  'Write a SQL query that returns the top 10 customers by revenue in 2023, grouped by region, excluding test accounts.',
];

function chatText(targetLength, offset) {
  let text = '';
  for (let i = offset; text.length < targetLength; i++) text += `${PARAGRAPHS[i % PARAGRAPHS.length]}\n\n`;
  return text.slice(0, targetLength);
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

console.log(
  `node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

// 1. Throughput of the built-in detectors.
const big = chatText(1024 * 1024, 0);
for (let i = 0; i < 3; i++) detect(big); // warm-up
const rounds = [];
for (let i = 0; i < 10 && !overCap(); i++) {
  const t0 = performance.now();
  detect(big);
  rounds.push(performance.now() - t0);
}
rounds.sort((a, b) => a - b);
const mbPerS = big.length / 1e6 / (percentile(rounds, 50) / 1000);
console.log(
  `detect(), all built-ins, ${(big.length / 1e6).toFixed(2)} MB chat text: ${mbPerS.toFixed(1)} MB/s (median of ${rounds.length})`,
);

// 2. Added latency per typical 2 KB chat request.
const policy = compilePolicy({});
const texts = PARAGRAPHS.map((_, i) => chatText(2048, i));
for (let i = 0; i < 2000; i++) createSession(policy).redact(texts[i % texts.length]); // warm-up
const samples = [];
for (let i = 0; i < 20_000 && !overCap(); i++) {
  const text = texts[i % texts.length];
  const t0 = performance.now();
  createSession(policy).redact(text);
  samples.push(performance.now() - t0);
}
samples.sort((a, b) => a - b);
console.log(
  `session.redact() per 2 KB chat text (${samples.length} runs): p50 ${percentile(samples, 50).toFixed(4)} ms, p99 ${percentile(samples, 99).toFixed(4)} ms`,
);
