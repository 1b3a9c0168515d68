import { Buffer } from 'node:buffer';
import type { Detector } from './types.js';
import { matches } from './scan.js';

// Every pattern starts with a fixed literal (V8 then skips ahead with a fast substring search) or a
// negative lookbehind on its own character class, and its tail is one character class that cannot
// meet its terminator two ways: each attempt is bounded by the run it scans once.
const TOKEN_PATTERNS: readonly RegExp[] = [
  /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
  /(?<![\w-])gh[pousr]_[A-Za-z0-9]{36,251}(?![\w-])/g,
  /(?<![\w-])github_pat_[A-Za-z0-9_]{22,251}(?![\w-])/g,
  /(?<![\w-])sk-ant-[A-Za-z0-9_-]{20,}(?![\w-])/g,
  /(?<![\w-])sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}|[A-Za-z0-9]{20,})(?![\w-])/g,
  // Slack bot, user, app-level, refresh and legacy tokens.
  /(?<![\w-])xox[abposre]-[A-Za-z0-9-]{10,250}(?![\w-])/g,
  /(?<![\w-])xapp-\d-[A-Za-z0-9-]{10,250}(?![\w-])/g,
  // Stripe secret and restricted keys (publishable `pk_` keys are public by design).
  /(?<![\w-])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,247}(?![\w-])/g,
];

const PEM_BEGIN = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g;
const PEM_END = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g;
// Without an END line (a truncated paste) the base64 body that follows is still key material.
const PEM_BODY = /(?:\r?\n[A-Za-z0-9+/=]+)*/y;

function* pemBlocks(text: string): Generator<readonly [number, number]> {
  const begin = new RegExp(PEM_BEGIN);
  const end = new RegExp(PEM_END);
  const body = new RegExp(PEM_BODY);
  // Once one search for an END line fails, none later can succeed; remembering that keeps many BEGIN lines
  // without END linear instead of quadratic.
  let endMissing = false;
  for (let m = begin.exec(text); m !== null; m = begin.exec(text)) {
    const afterBegin = m.index + m[0].length;
    let stop: number | undefined;
    if (!endMissing) {
      end.lastIndex = afterBegin;
      const e = end.exec(text);
      if (e === null) endMissing = true;
      else stop = e.index + e[0].length;
    }
    if (stop === undefined) {
      body.lastIndex = afterBegin;
      stop = afterBegin + (body.exec(text)?.[0].length ?? 0);
    }
    yield [m.index, stop];
    begin.lastIndex = stop;
  }
}

// A JWT's header is base64url JSON, so it always starts with "eyJ" (`{"`). The segments' class excludes
// the dot that separates them, so each segment is consumed once.
const JWT = /(?<![\w-])eyJ[A-Za-z0-9_-]{5,2000}\.[A-Za-z0-9_-]{2,8000}\.[A-Za-z0-9_-]{0,2000}(?![\w-])/g;

function isJwtHeader(segment: string): boolean {
  try {
    const header: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return (
      typeof header === 'object' && header !== null && typeof (header as { alg?: unknown }).alg === 'string'
    );
  } catch {
    return false;
  }
}

// `password = "…"`, `api_key: …`, `"client_secret": "…"`: the value is reported, the name stays readable.
// The key alternation starts at a word boundary and the value is one class without quotes or spaces, so an
// attempt reads at most the key, a few separators and 200 value characters.
const ASSIGNMENT =
  /\b(?:pass(?:word|wd|phrase)?|pwd|secret|client[_-]?secret|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key|(?:access|auth|api|bearer|refresh)[_-]?token|token)["']?[ \t]{0,4}(?:=|:|=>)[ \t]{0,4}["']?([^\s"'`,;]{8,200})/gi;

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

const MIN_ENTROPY_BITS = 3;

/** Random-looking, and not an obvious placeholder such as `${DB_PASSWORD}`, `<your-key>` or `process.env.X`. */
function looksLikeSecretValue(value: string): boolean {
  if (/^(?:\$|%|<|\{|\[|process\.|os\.|env\.|\*+$|x+$)/i.test(value)) return false;
  let classes = 0;
  if (/[a-z]/.test(value)) classes++;
  if (/[A-Z]/.test(value)) classes++;
  if (/\d/.test(value)) classes++;
  if (/[^\w-]/.test(value)) classes++;
  return classes >= 2 && shannonEntropy(value) >= MIN_ENTROPY_BITS;
}

function* assignments(text: string): Generator<readonly [number, number]> {
  const re = new RegExp(ASSIGNMENT);
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const value = m[1] ?? '';
    if (looksLikeSecretValue(value)) {
      const end = m.index + m[0].length;
      yield [end - value.length, end];
    }
  }
}

export const secretDetector: Detector = {
  type: 'SECRET',
  *find(text) {
    for (const pattern of TOKEN_PATTERNS) yield* matches(pattern, text);
    yield* pemBlocks(text);
    const jwt = new RegExp(JWT);
    for (let m = jwt.exec(text); m !== null; m = jwt.exec(text)) {
      if (isJwtHeader(m[0].slice(0, m[0].indexOf('.')))) yield [m.index, m.index + m[0].length];
    }
    if (text.includes('=') || text.includes(':')) yield* assignments(text);
  },
};
