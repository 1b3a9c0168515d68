import type { RedactionAction } from '@portcullis/contracts';
import { hashToken } from './engine.js';
import type { CompiledPolicy, PolicyFinding } from './policy.js';
import { StreamRestorer, PLACEHOLDER, restorePlaceholders } from './restore.js';

/** What one text became and why. Findings index the original text and never carry values. */
export interface SessionTextResult {
  text: string;
  findings: PolicyFinding[];
}

/** The first `block` finding of a request: enough for a 400 that names the type, never the value. */
export interface BlockReport {
  type: string;
  rule: string;
}

/**
 * The per-request state of redaction. Every text of one request (messages, tool arguments, system prompt)
 * goes through the same session so that one value gets one number everywhere: `[EMAIL_1]` in the first
 * message is `[EMAIL_1]` in the third. `tokenize` placeholders are remembered so the response can be
 * restored (`restore`, `createStreamRestorer`).
 *
 * Fail-closed contract for callers: check `blocked` after redacting every text and refuse the request if it
 * is set; values of blocked findings are replaced by `[TYPE]` anyway, so a caller that forgets leaks nothing.
 *
 * @example
 * const session = createSession(policy);
 * const a = session.redact('Mail bob@example.com'); // 'Mail [EMAIL_1]'
 * const b = session.redact('Bob is bob@example.com, Ann ann@example.com'); // '… [EMAIL_1], … [EMAIL_2]'
 * if (session.blocked) return badRequest(`Request blocked: it contains ${session.blocked.type}`);
 * session.restore('I wrote to [EMAIL_1]'); // 'I wrote to bob@example.com' (tokenize only)
 */
export class RedactionSession {
  readonly #policy: CompiledPolicy;
  readonly #numbers = new Map<string, number>();
  readonly #nextNumber = new Map<string, number>();
  /** Placeholder-shaped strings the caller's own texts contain: never issued, so never ambiguous. */
  readonly #literal = new Set<string>();
  readonly #tokens = new Map<string, string>();
  readonly #counts = new Map<string, number>();
  #blocked: BlockReport | undefined;
  #longestToken = 0;

  constructor(policy: CompiledPolicy) {
    this.#policy = policy;
  }

  /** Detects and applies each finding's action. In dry-run, the text comes back unchanged. */
  redact(text: string): SessionTextResult {
    const findings = this.#policy.detect(text);
    for (const finding of findings) this.#counts.set(finding.type, (this.#counts.get(finding.type) ?? 0) + 1);
    if (this.#policy.dryRun || findings.length === 0) return { text, findings };
    this.#rememberLiterals(text);
    const parts: string[] = [];
    let cursor = 0;
    for (const finding of findings) {
      const value = text.slice(finding.start, finding.end);
      parts.push(text.slice(cursor, finding.start), this.#replacement(finding, value));
      cursor = finding.end;
    }
    parts.push(text.slice(cursor));
    return { text: parts.join(''), findings };
  }

  /** The first block finding, or undefined. Never set in dry-run. */
  get blocked(): BlockReport | undefined {
    return this.#blocked;
  }

  /** Detections per type so far (all actions, dry-run included): for usage events. Never values. */
  get counts(): Readonly<Record<string, number>> {
    return Object.fromEntries(this.#counts);
  }

  /** Puts the original values back for every `tokenize` placeholder of this session. */
  restore(text: string): string {
    return this.#tokens.size === 0 ? text : restorePlaceholders(text, (p) => this.#tokens.get(p));
  }

  /** A restorer for a response that arrives in chunks (SSE): see `StreamRestorer`. */
  createStreamRestorer(): StreamRestorer {
    return new StreamRestorer(
      (placeholder) => this.#tokens.get(placeholder),
      (prefix) => this.#isTokenPrefix(prefix),
      () => this.#longestToken,
    );
  }

  #replacement(finding: PolicyFinding, value: string): string {
    const action: RedactionAction = finding.action;
    switch (action) {
      case 'block':
        this.#blocked ??= { type: finding.type, rule: finding.rule };
        return `[${finding.type}]`;
      case 'hash': {
        const key = this.#policy.hashKey;
        if (key === undefined) throw new Error('hash action without a tenant key');
        return hashToken(finding.type, this.#policy.normalize(finding, value), key);
      }
      case 'mask':
        return this.#placeholder(finding, value);
      case 'tokenize': {
        const placeholder = this.#placeholder(finding, value);
        if (!this.#tokens.has(placeholder)) {
          this.#tokens.set(placeholder, value);
          this.#longestToken = Math.max(this.#longestToken, placeholder.length);
        }
        return placeholder;
      }
    }
  }

  /** `[TYPE_n]`: the same normalized value gets the same n for the whole session. */
  #placeholder(finding: PolicyFinding, value: string): string {
    const key = `${finding.type}\u0000${this.#policy.normalize(finding, value)}`;
    let n = this.#numbers.get(key);
    if (n === undefined) {
      n = this.#nextNumber.get(finding.type) ?? 1;
      while (this.#literal.has(`[${finding.type}_${n}]`)) n++;
      this.#nextNumber.set(finding.type, n + 1);
      this.#numbers.set(key, n);
    }
    return `[${finding.type}_${n}]`;
  }

  #rememberLiterals(text: string): void {
    if (!text.includes('[')) return;
    const re = new RegExp(PLACEHOLDER);
    for (let m = re.exec(text); m !== null; m = re.exec(text)) this.#literal.add(m[0]);
  }

  #isTokenPrefix(prefix: string): boolean {
    for (const placeholder of this.#tokens.keys()) if (placeholder.startsWith(prefix)) return true;
    return false;
  }
}

/**
 * Starts the redaction of one request under a compiled policy.
 *
 * @example
 * const session = createSession(compiledPolicy);
 * const masked = body.messages.map((m) => session.redact(m.content).text);
 */
export function createSession(policy: CompiledPolicy): RedactionSession {
  return new RedactionSession(policy);
}
