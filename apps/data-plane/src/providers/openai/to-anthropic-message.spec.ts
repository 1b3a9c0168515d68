import { describe, expect, it } from 'vitest';
import { UpstreamStreamError } from '../upstream-stream-error.js';
import { chatCompletionSchema } from './chat-response-schema.js';
import { toAnthropicMessage } from './to-anthropic-message.js';

function completion(
  message: Record<string, unknown>,
  finish: string,
  extra: Record<string, unknown> = {},
): ReturnType<typeof chatCompletionSchema.parse> {
  return chatCompletionSchema.parse({
    id: 'chatcmpl-AbC123',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o-2024-08-06',
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finish, ...extra }],
    usage: { prompt_tokens: 30, completion_tokens: 7, prompt_tokens_details: { cached_tokens: 12 } },
  });
}

describe(toAnthropicMessage.name, () => {
  it('gives a text message with the id, model, end_turn and usage (cached tokens apart)', () => {
    expect(toAnthropicMessage(completion({ content: 'Bonjour' }, 'stop'), [])).toEqual({
      id: 'msg_chatcmplAbC123',
      type: 'message',
      role: 'assistant',
      model: 'gpt-4o-2024-08-06',
      content: [{ type: 'text', text: 'Bonjour' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: 18,
        output_tokens: 7,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 12,
      },
    });
  });

  it('gives text and tool_use blocks with parsed inputs, stopping for tool_use', () => {
    const message = toAnthropicMessage(
      completion(
        {
          content: 'Let me check.',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'w', arguments: '{"city":"Paris"}' } },
            { id: 'call_2', type: 'function', function: { name: 'w', arguments: '' } },
          ],
        },
        'tool_calls',
      ),
      [],
    );
    expect(message.content).toEqual([
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_use', id: 'call_1', name: 'w', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_2', name: 'w', input: {} },
    ]);
    expect(message.stop_reason).toBe('tool_use');
  });

  it.each([
    ['length', undefined, 'max_tokens', null],
    ['content_filter', undefined, 'refusal', null],
    ['stop', 'END', 'stop_sequence', 'END'],
    ['stop', 'OTHER', 'end_turn', null],
    ['stop', 128009, 'end_turn', null],
  ] as const)('maps finish_reason %s (stop_reason %s) to %s', (finish, stopReason, expected, sequence) => {
    const message = toAnthropicMessage(
      completion({ content: 'x' }, finish, stopReason === undefined ? {} : { stop_reason: stopReason }),
      ['END'],
    );
    expect(message).toMatchObject({ stop_reason: expected, stop_sequence: sequence });
  });

  it('has no content block for an empty answer and zero usage when the provider reported none', () => {
    const parsed = chatCompletionSchema.parse({
      choices: [{ message: { content: null }, finish_reason: 'stop' }],
    });
    const message = toAnthropicMessage(parsed, []);
    expect(message.content).toEqual([]);
    expect(message.id).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(message.usage).toMatchObject({ input_tokens: 0, output_tokens: 0 });
  });

  it.each(['{"city":', '["Paris"]'])('refuses tool call arguments %s as an invalid response', (args) => {
    const failure = (() => {
      try {
        return toAnthropicMessage(
          completion(
            {
              content: null,
              tool_calls: [{ id: 'c', type: 'function', function: { name: 'w', arguments: args } }],
            },
            'tool_calls',
          ),
          [],
        );
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(UpstreamStreamError);
    expect((failure as UpstreamStreamError).failure.kind).toBe('invalid-response');
  });
});
