import { z } from 'zod';

/**
 * A tenant's redaction policy as data: what the control plane validates, stores and (later) ships in
 * the config bundle, and what `@portcullis/redaction` compiles. This schema checks the shape only;
 * whether a custom pattern compiles on the linear-time engine (RE2) is checked by the engine's
 * `compilePolicy`, which the control plane must call before storing a policy, so that nodes never
 * receive a rule they would refuse.
 */

/**
 * The built-in entity types, in the order that breaks exact ties between detectors (a secret that
 * is also a card-like digit run stays a secret).
 */
export const REDACTION_ENTITY_TYPES = [
  'SECRET',
  'CREDIT_CARD',
  'IBAN',
  'US_SSN',
  'EMAIL',
  'IP_ADDRESS',
  'PHONE',
  'DATE_OF_BIRTH',
  'STREET_ADDRESS',
  'PERSON',
] as const;
export type RedactionEntityType = (typeof REDACTION_ENTITY_TYPES)[number];

export const REDACTION_ACTIONS = ['mask', 'hash', 'tokenize', 'block'] as const;
export const redactionActionSchema = z.enum(REDACTION_ACTIONS);
export type RedactionAction = z.infer<typeof redactionActionSchema>;

/** Bounds that keep compiling and running a policy cheap, whatever a tenant writes. */
export const REDACTION_POLICY_LIMITS = {
  rules: 200,
  patternLength: 1000,
  keywordsPerRule: 10_000,
  keywordLength: 200,
  allowEntries: 1000,
} as const;

const ruleNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/, 'must be 1-64 letters, digits, spaces or _ . - ');

/** The label in placeholders (`[EMPLOYEE_ID_1]`): upper case, so it can never read as a value. */
const entityLabelSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{0,31}$/, 'must be 1-32 upper-case letters, digits or _ (starting with a letter)');

/** Higher wins an overlap; ties go to the longer span, then the earlier one, then policy order. */
const prioritySchema = z.int().min(-1000).max(1000).default(0);

const builtinSettingSchema = z.object({
  enabled: z.boolean().default(true),
  action: redactionActionSchema.optional(),
  priority: prioritySchema,
});

const ruleBase = {
  name: ruleNameSchema,
  entityType: entityLabelSchema,
  action: redactionActionSchema.optional(),
  enabled: z.boolean().default(true),
  priority: prioritySchema,
};

export const redactionPatternRuleSchema = z.object({
  ...ruleBase,
  kind: z.literal('pattern'),
  /** RE2 syntax (no backreferences or lookaround): it runs in time linear in the text. */
  pattern: z.string().min(1).max(REDACTION_POLICY_LIMITS.patternLength),
  caseInsensitive: z.boolean().default(false),
});

export const redactionKeywordRuleSchema = z.object({
  ...ruleBase,
  kind: z.literal('keywords'),
  /** Matched case-insensitively as whole words (a phrase matches across any run of spaces). */
  keywords: z
    .array(z.string().trim().min(1).max(REDACTION_POLICY_LIMITS.keywordLength))
    .min(1)
    .max(REDACTION_POLICY_LIMITS.keywordsPerRule),
});

export const redactionRuleSchema = z.discriminatedUnion('kind', [
  redactionPatternRuleSchema,
  redactionKeywordRuleSchema,
]);
export type RedactionRule = z.infer<typeof redactionRuleSchema>;

/** A value never redacted: exact (case-insensitive) or an RE2 pattern the whole value must match. */
export const redactionAllowEntrySchema = z.union([
  z.object({ value: z.string().min(1).max(REDACTION_POLICY_LIMITS.keywordLength) }),
  z.object({ pattern: z.string().min(1).max(REDACTION_POLICY_LIMITS.patternLength) }),
]);
export type RedactionAllowEntry = z.infer<typeof redactionAllowEntrySchema>;

export const redactionPolicySchema = z
  .object({
    /** Detect and report, change nothing (and never block). */
    dryRun: z.boolean().default(false),
    /** The action of every rule that names none. */
    defaultAction: redactionActionSchema.default('mask'),
    /** ISO 3166 region for phone numbers written without a country code (`US`, `DE`, `FR`). */
    defaultRegion: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be a two-letter ISO 3166 region')
      .default('US'),
    /** Per built-in type: enable/disable, action, priority. Types not named are enabled. */
    builtins: z.partialRecord(z.enum(REDACTION_ENTITY_TYPES), builtinSettingSchema).default({}),
    /** Custom rules, after the built-ins in tie-breaking order. Names are unique. */
    rules: z.array(redactionRuleSchema).max(REDACTION_POLICY_LIMITS.rules).default([]),
    allow: z.array(redactionAllowEntrySchema).max(REDACTION_POLICY_LIMITS.allowEntries).default([]),
  })
  .superRefine((policy, ctx) => {
    const seen = new Set<string>();
    policy.rules.forEach((rule, index) => {
      if (seen.has(rule.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', index, 'name'],
          message: `duplicate rule name "${rule.name}"`,
        });
      }
      seen.add(rule.name);
    });
  });
export type RedactionPolicy = z.infer<typeof redactionPolicySchema>;
export type RedactionPolicyInput = z.input<typeof redactionPolicySchema>;
