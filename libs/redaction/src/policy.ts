import {
  redactionPolicySchema,
  type RedactionAction,
  type RedactionPolicy,
  type RedactionRule,
} from '@portcullis/contracts';
import RE2 from 're2';
import { detectorFor, normalizeValue, pickSpans, scanContext } from './engine.js';
import { ENTITY_TYPES, type EntityType, type ScanContext } from './types.js';

/** One problem with a policy, naming the rule (or `allow[i]`) it is about. */
export interface PolicyIssue {
  /** The rule's name, `allow[3]`, or a field of the policy. */
  rule: string;
  message: string;
}

/**
 * A policy the engine refuses: its shape is wrong, a pattern does not compile on RE2 (backreferences and
 * lookaround are not linear-time and are refused), a pattern matches the empty string, or a rule hashes
 * without a tenant key. Nothing of the policy is used.
 */
export class RedactionPolicyError extends Error {
  constructor(readonly issues: readonly PolicyIssue[]) {
    super(`Invalid redaction policy: ${issues.map((i) => `${i.rule}: ${i.message}`).join('; ')}`);
    this.name = 'RedactionPolicyError';
  }
}

/** A finding under a policy: the label used in placeholders, the rule that fired, what it does. */
export interface PolicyFinding {
  /** A built-in `EntityType` or a custom rule's `entityType` label. */
  type: string;
  /** The built-in type's name or the custom rule's name. */
  rule: string;
  action: RedactionAction;
  start: number;
  end: number;
}

interface CompiledRule {
  name: string;
  label: string;
  action: RedactionAction;
  priority: number;
  rank: number;
  find(
    text: string,
    context: ScanContext,
    tokens: () => readonly Token[],
  ): Iterable<readonly [number, number]>;
  normalize(value: string): string;
}

export interface CompilePolicyOptions {
  /** The tenant's key for the `hash` action (HMAC-SHA-256). Required when any rule hashes. */
  hashKey?: string | Uint8Array;
}

/**
 * A policy compiled once (at bundle load, never per request): built-in detectors with the tenant's
 * settings, custom patterns on RE2, keyword tries and allow-lists. Immutable and shareable across requests;
 * per-request state lives in a `RedactionSession`.
 */
export interface CompiledPolicy {
  readonly dryRun: boolean;
  readonly hashKey: string | Uint8Array | undefined;
  /** Finds what the policy covers, overlaps resolved (priority, then length, start, order), allow-list applied. */
  detect(text: string): PolicyFinding[];
  /** The canonical value for numbering and hashing. */
  normalize(finding: PolicyFinding, value: string): string;
}

const MAX_KEYWORD_TOKENS = 64;

/**
 * Validates and compiles a tenant's policy. Throws `RedactionPolicyError` naming every bad rule; the control
 * plane calls this before storing a policy so that nodes never receive one they would refuse.
 *
 * @example
 * const policy = compilePolicy({
 *   builtins: { EMAIL: { action: 'tokenize' }, PERSON: { enabled: false } },
 *   rules: [{ name: 'employee ids', kind: 'pattern', entityType: 'EMPLOYEE_ID', pattern: 'EMP-[0-9]{6}' }],
 *   allow: [{ value: 'support@acme.com' }],
 * }, { hashKey: tenantKey });
 * const session = createSession(policy);
 */
export function compilePolicy(input: unknown, options: CompilePolicyOptions = {}): CompiledPolicy {
  const parsed = redactionPolicySchema.safeParse(input);
  if (!parsed.success) {
    throw new RedactionPolicyError(
      parsed.error.issues.map((issue) => ({ rule: issuePlace(input, issue.path), message: issue.message })),
    );
  }
  const policy = parsed.data;
  const issues: PolicyIssue[] = [];
  const rules: CompiledRule[] = [];
  const actionOf = (action: RedactionAction | undefined): RedactionAction => action ?? policy.defaultAction;

  ENTITY_TYPES.forEach((type, rank) => {
    const setting = policy.builtins[type];
    if (setting?.enabled === false) return;
    rules.push(builtinRule(type, rank, actionOf(setting?.action), setting?.priority ?? 0));
  });
  policy.rules.forEach((rule, index) => {
    if (!rule.enabled) return;
    try {
      rules.push(customRule(rule, ENTITY_TYPES.length + index, actionOf(rule.action)));
    } catch (error) {
      issues.push({ rule: rule.name, message: (error as Error).message });
    }
  });
  const allow = compileAllowList(policy, issues);
  const hashKey = options.hashKey;
  if (hashKey === undefined || hashKey.length === 0) {
    for (const rule of rules) {
      if (rule.action === 'hash')
        issues.push({ rule: rule.name, message: 'action "hash" needs the tenant hash key' });
    }
  }
  if (issues.length > 0) throw new RedactionPolicyError(issues);
  return new Compiled(policy, rules, allow, hashKey);
}

function issuePlace(input: unknown, path: readonly PropertyKey[]): string {
  if (path[0] === 'rules' && typeof path[1] === 'number') {
    const rules = (input as { rules?: unknown } | null)?.rules;
    const name = Array.isArray(rules) ? (rules[path[1]] as { name?: unknown } | undefined)?.name : undefined;
    const field = path.slice(2).join('.');
    const which = typeof name === 'string' && name.length > 0 ? name : `rules[${path[1]}]`;
    return field.length > 0 ? `${which} (${field})` : which;
  }
  if (path[0] === 'allow' && typeof path[1] === 'number') return `allow[${path[1]}]`;
  return path.length > 0 ? path.join('.') : 'policy';
}

function builtinRule(
  type: EntityType,
  rank: number,
  action: RedactionAction,
  priority: number,
): CompiledRule {
  const detector = detectorFor(type);
  return {
    name: type,
    label: type,
    action,
    priority,
    rank,
    find: (text, context) => detector.find(text, context),
    normalize: (value) => normalizeValue(type, value),
  };
}

/** Compiles a tenant pattern on RE2: linear time in the text whatever the pattern, so it can never stall. */
function compileRe2(pattern: string, flags: string): RE2 {
  let re: RE2;
  try {
    re = new RE2(pattern, flags);
  } catch (error) {
    throw new Error(
      `pattern does not compile on RE2 (no backreferences or lookaround): ${(error as Error).message}`,
    );
  }
  return re;
}

function customRule(rule: RedactionRule, rank: number, action: RedactionAction): CompiledRule {
  const base = { name: rule.name, label: rule.entityType, action, priority: rule.priority, rank };
  if (rule.kind === 'pattern') {
    const flags = `gu${rule.caseInsensitive ? 'i' : ''}`;
    const re = compileRe2(rule.pattern, flags);
    if (compileRe2(`^(?:${rule.pattern})$`, flags.replace('g', '')).test('')) {
      throw new Error('pattern matches the empty string');
    }
    return {
      ...base,
      *find(text) {
        re.lastIndex = 0;
        for (let m = re.exec(text); m !== null; m = re.exec(text)) {
          // A pattern that can match empty somewhere ("a|\b") must still move forward.
          if (m[0].length === 0) re.lastIndex = m.index + 1;
          else yield [m.index, m.index + m[0].length];
        }
      },
      normalize: (value) => value,
    };
  }
  const trie = keywordTrie(rule.keywords);
  return {
    ...base,
    find: (_text, _context, tokens) => keywordMatches(trie, tokens()),
    normalize: (value) => value.toLowerCase().replace(/\s+/g, ' '),
  };
}

// Words for keyword matching: letters and digits, joined by ' ’ _ - inside a word ("o'neil", "acme-42").
const TOKEN = /[\p{L}\p{N}]+(?:['’_-][\p{L}\p{N}]+)*/gu;

interface Token {
  lower: string;
  start: number;
  end: number;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  terminal: boolean;
}

function keywordTrie(keywords: readonly string[]): TrieNode {
  const root: TrieNode = { next: new Map(), terminal: false };
  for (const keyword of keywords) {
    const words = keyword.toLowerCase().match(TOKEN) ?? [];
    if (words.length === 0 || words.length > MAX_KEYWORD_TOKENS) {
      throw new Error(`keyword "${keyword.slice(0, 40)}" must have 1-${MAX_KEYWORD_TOKENS} words`);
    }
    let node = root;
    for (const word of words) {
      let child = node.next.get(word);
      if (child === undefined) {
        child = { next: new Map(), terminal: false };
        node.next.set(word, child);
      }
      node = child;
    }
    node.terminal = true;
  }
  return root;
}

/** Whole-word, case-insensitive, longest phrase from each word: O(words × longest phrase), linear in the text. */
function* keywordMatches(root: TrieNode, tokens: readonly Token[]): Generator<readonly [number, number]> {
  for (let i = 0; i < tokens.length; i++) {
    let node: TrieNode | undefined = root;
    let end = -1;
    for (let j = i; j < tokens.length && j - i < MAX_KEYWORD_TOKENS; j++) {
      const token: Token | undefined = tokens[j];
      if (token === undefined) break;
      node = node.next.get(token.lower);
      if (node === undefined) break;
      if (node.terminal) end = token.end;
    }
    if (end > 0) yield [tokens[i]?.start ?? 0, end];
  }
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = new RegExp(TOKEN);
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    tokens.push({ lower: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

interface AllowList {
  values: ReadonlySet<string>;
  patterns: readonly RE2[];
}

function compileAllowList(policy: RedactionPolicy, issues: PolicyIssue[]): AllowList {
  const values = new Set<string>();
  const patterns: RE2[] = [];
  policy.allow.forEach((entry, index) => {
    if ('value' in entry) {
      values.add(entry.value.trim().toLowerCase());
      return;
    }
    try {
      patterns.push(compileRe2(`^(?:${entry.pattern})$`, 'u'));
    } catch (error) {
      issues.push({ rule: `allow[${index}]`, message: (error as Error).message });
    }
  });
  return { values, patterns };
}

interface RankedFinding extends PolicyFinding {
  priority: number;
  rank: number;
}

class Compiled implements CompiledPolicy {
  readonly dryRun: boolean;
  readonly #defaultRegion: string;
  readonly #byName: ReadonlyMap<string, CompiledRule>;

  constructor(
    policy: RedactionPolicy,
    readonly rules: readonly CompiledRule[],
    readonly allow: AllowList,
    readonly hashKey: string | Uint8Array | undefined,
  ) {
    this.dryRun = policy.dryRun;
    this.#defaultRegion = policy.defaultRegion;
    this.#byName = new Map(rules.map((rule) => [rule.name, rule]));
  }

  detect(text: string): PolicyFinding[] {
    const context = scanContext(text, this.#defaultRegion);
    let tokens: Token[] | undefined;
    const lazyTokens = (): Token[] => (tokens ??= tokenize(text));
    const candidates: RankedFinding[] = [];
    for (const rule of this.rules) {
      for (const [start, end] of rule.find(text, context, lazyTokens)) {
        if (end <= start || this.#allowed(text.slice(start, end))) continue;
        candidates.push({
          type: rule.label,
          rule: rule.name,
          action: rule.action,
          start,
          end,
          priority: rule.priority,
          rank: rule.rank,
        });
      }
    }
    return pickSpans(candidates, text.length).map(({ type, rule, action, start, end }) => ({
      type,
      rule,
      action,
      start,
      end,
    }));
  }

  normalize(finding: PolicyFinding, value: string): string {
    return this.#byName.get(finding.rule)?.normalize(value) ?? value;
  }

  #allowed(value: string): boolean {
    if (this.allow.values.size > 0 && this.allow.values.has(value.trim().toLowerCase())) return true;
    return this.allow.patterns.some((re) => re.test(value));
  }
}
