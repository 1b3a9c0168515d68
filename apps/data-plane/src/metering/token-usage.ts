import type { BundleModel } from '@portcullis/contracts';

/** Tokens of one call, as the contract's usage event carries them. */
export interface TokenUsage {
  input: number;
  output: number;
  /** Input tokens served from the provider's prompt cache (a part of `input`). */
  cachedInput: number;
  estimated: boolean;
}

const count = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Usage from an OpenAI body or stream chunk (`usage: {prompt_tokens, completion_tokens,
 * prompt_tokens_details: {cached_tokens}}`; embeddings have no completion tokens).
 */
export function openAiUsage(body: unknown): TokenUsage | undefined {
  if (!isObject(body) || !isObject(body.usage)) return undefined;
  const usage = body.usage;
  const details = isObject(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {};
  return {
    input: count(usage.prompt_tokens),
    output: count(usage.completion_tokens),
    cachedInput: count(details.cached_tokens),
    estimated: false,
  };
}

/**
 * Usage from an Anthropic usage object (`input_tokens`, `output_tokens`, `cache_read_input_tokens`,
 * `cache_creation_input_tokens`): input counts all three kinds of prompt tokens. Undefined when it
 * counts nothing at all: a translated answer whose provider reported no usage carries zeros (the
 * Anthropic client needs numbers), and no real call has an empty prompt.
 */
export function anthropicUsage(usage: unknown): TokenUsage | undefined {
  if (!isObject(usage)) return undefined;
  const cached = count(usage.cache_read_input_tokens);
  const input = count(usage.input_tokens) + cached + count(usage.cache_creation_input_tokens);
  const output = count(usage.output_tokens);
  if (input === 0 && output === 0) return undefined;
  return { input, output, cachedInput: cached, estimated: false };
}

/**
 * Anthropic streams report usage in `message_start`, then cumulatively in each `message_delta`:
 * a count the delta carries replaces the earlier one (the input too, which a stream translated
 * from OpenAI only knows at its end); a count it leaves out stays.
 */
export function mergeAnthropicUsage(
  current: Readonly<Record<string, unknown>>,
  update: unknown,
): Record<string, unknown> {
  const merged = { ...current };
  if (isObject(update)) {
    for (const [name, value] of Object.entries(update)) if (typeof value === 'number') merged[name] = value;
  }
  return merged;
}

/**
 * The call's cost from the model's prices (per million tokens): cached input at the cached price
 * when the model has one, else at the input price. Null when input or output is not priced.
 */
export function costOf(
  tokens: TokenUsage,
  prices: BundleModel['prices'],
): { amount: number; currency: string } | null {
  if (prices.input === null || prices.output === null) return null;
  const cachedPrice = prices.cachedInput ?? prices.input;
  const fresh = Math.max(0, tokens.input - tokens.cachedInput);
  const amount =
    (fresh * prices.input + tokens.cachedInput * cachedPrice + tokens.output * prices.output) / 1e6;
  return { amount: Math.round(amount * 1e9) / 1e9, currency: prices.currency };
}

type Counter = (text: string) => number;
let counter: Promise<Counter> | undefined;

/**
 * Counts tokens with the o200k tokenizer (gpt-tokenizer), loaded on first use: only calls whose
 * provider reported no usage need it.
 */
export async function estimateTokens(texts: readonly string[]): Promise<number> {
  counter ??= import('gpt-tokenizer/encoding/o200k_base').then((module) => module.countTokens);
  const countTokens = await counter;
  let total = 0;
  for (const text of texts) if (text !== '') total += countTokens(text);
  return total;
}

/**
 * The text of a chat or messages request (message contents, text parts, tool call arguments,
 * system prompt) or of an embeddings input, for estimating its tokens.
 */
export function requestTexts(body: Readonly<Record<string, unknown>>): string[] {
  const texts: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value);
    else if (Array.isArray(value)) for (const entry of value) collect(entry);
    else if (isObject(value)) {
      for (const key of ['content', 'text', 'arguments', 'input', 'system']) {
        if (Object.hasOwn(value, key)) collect(value[key]);
      }
      if (Array.isArray(value.tool_calls))
        for (const call of value.tool_calls) collect(isObject(call) ? call.function : undefined);
    }
  };
  collect(body.system);
  collect(body.messages);
  collect(body.input);
  return texts;
}

/** The generated text of a completion (OpenAI or Anthropic JSON), for estimating its tokens. */
export function responseTexts(body: unknown): string[] {
  if (!isObject(body)) return [];
  const texts: string[] = [];
  if (Array.isArray(body.choices)) {
    for (const choice of body.choices) {
      if (!isObject(choice)) continue;
      const message = isObject(choice.message)
        ? choice.message
        : isObject(choice.delta)
          ? choice.delta
          : undefined;
      if (message === undefined) continue;
      if (typeof message.content === 'string') texts.push(message.content);
      if (Array.isArray(message.tool_calls)) {
        for (const call of message.tool_calls) {
          if (isObject(call) && isObject(call.function) && typeof call.function.arguments === 'string') {
            texts.push(call.function.arguments);
          }
        }
      }
    }
  }
  if (Array.isArray(body.content)) {
    for (const block of body.content) {
      if (isObject(block) && typeof block.text === 'string') texts.push(block.text);
    }
  }
  if (isObject(body.delta) && typeof body.delta.text === 'string') texts.push(body.delta.text);
  if (isObject(body.delta) && typeof body.delta.partial_json === 'string')
    texts.push(body.delta.partial_json);
  return texts;
}
