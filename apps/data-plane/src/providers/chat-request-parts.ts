import type { ChatTextPart, JsonValue } from './openai-wire.js';

/** `data:<media type>;base64,<data>`: an inline image (or file) in an OpenAI content part. */
export const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

/**
 * Thrown while translating an OpenAI request for a provider that cannot take part of it; the
 * translator turns it into an `Unsupported` outcome naming `param`.
 */
export class UnsupportedInput extends Error {
  constructor(
    message: string,
    readonly param: string | null,
  ) {
    super(message);
  }
}

/** The text of a message content: the string itself, or its text parts joined. */
export function textOf(content: string | ChatTextPart[] | null | undefined): string {
  if (content === null || content === undefined) return '';
  return typeof content === 'string' ? content : content.map((part) => part.text).join('');
}

/** A tool call's `arguments` JSON as a value (`''` as `{}`); throws `UnsupportedInput` when malformed. */
export function toolInput(argumentsJson: string, param: string): JsonValue {
  try {
    return JSON.parse(argumentsJson === '' ? '{}' : argumentsJson) as JsonValue;
  } catch {
    throw new UnsupportedInput('Tool call arguments must be valid JSON', param);
  }
}
