import { describe, expect, it } from 'vitest';
import type { ChatCompletionRequest } from '../openai-wire.js';
import { toAnthropicRequest } from './to-anthropic-request.js';

function translate(overrides: Partial<ChatCompletionRequest>): ReturnType<typeof toAnthropicRequest> {
  return toAnthropicRequest(
    { model: 'alias', messages: [{ role: 'user', content: 'Hi' }], ...overrides },
    'claude-x',
  );
}

describe(toAnthropicRequest.name, () => {
  it('hoists system and developer messages, keeps max_completion_tokens, top_p, stop lists and the user', () => {
    expect(
      translate({
        messages: [
          { role: 'system', content: 'One.' },
          { role: 'developer', content: [{ type: 'text', text: 'Two.' }] },
          { role: 'user', content: 'Hi' },
        ],
        max_tokens: 10,
        max_completion_tokens: 20,
        top_p: 0.9,
        stop: ['a', 'b'],
        user: 'user-42',
        stream: true,
      }),
    ).toEqual({
      model: 'claude-x',
      system: 'One.\n\nTwo.',
      max_tokens: 20,
      top_p: 0.9,
      stop_sequences: ['a', 'b'],
      stream: true,
      metadata: { user_id: 'user-42' },
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    });
  });

  it('turns image parts into base64 or URL image blocks', () => {
    const translated = translate({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
          ],
        },
      ],
    });

    expect(translated).toMatchObject({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
          ],
        },
      ],
    });
  });

  it('merges consecutive tool results into the one user turn that follows the tool calls', () => {
    const translated = translate({
      messages: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'w', arguments: '{"city":"Paris"}' } },
            { id: 'call_2', type: 'function', function: { name: 'w', arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: 'rain' }] },
        { role: 'user', content: 'Thanks' },
      ],
    });

    expect(translated).toMatchObject({
      messages: [
        { role: 'user' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'call_1', name: 'w', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'call_2', name: 'w', input: { city: 'Rome' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'call_1', content: 'sunny' },
            { type: 'tool_result', tool_use_id: 'call_2', content: 'rain' },
            { type: 'text', text: 'Thanks' },
          ],
        },
      ],
    });
  });

  it.each([
    ['none', undefined, { type: 'none' }],
    ['auto', false, { type: 'auto', disable_parallel_tool_use: true }],
    ['required', undefined, { type: 'any' }],
    [{ type: 'function', function: { name: 'w' } }, undefined, { type: 'tool', name: 'w' }],
    [undefined, false, { type: 'auto', disable_parallel_tool_use: true }],
  ] as const)('maps tool_choice %j (parallel %s) to %j', (choice, parallel, expected) => {
    const translated = translate({
      tools: [{ type: 'function', function: { name: 'w' } }],
      ...(choice === undefined ? {} : { tool_choice: choice }),
      ...(parallel === undefined ? {} : { parallel_tool_calls: parallel }),
    });

    expect(translated).toMatchObject({
      tools: [{ name: 'w', input_schema: { type: 'object', properties: {} } }],
      tool_choice: expected,
    });
  });

  it.each([
    [{ n: 3 }, 'n'],
    [{ response_format: { type: 'json_object' as const } }, 'response_format'],
    [
      {
        messages: [
          {
            role: 'user' as const,
            content: [{ type: 'input_audio' as const, input_audio: { data: 'x', format: 'wav' } }],
          },
        ],
      },
      'messages[0].content[0]',
    ],
    [
      {
        messages: [
          {
            role: 'assistant' as const,
            tool_calls: [
              { id: 'c', type: 'function' as const, function: { name: 'w', arguments: '{not json' } },
            ],
          },
        ],
      },
      'messages[0].tool_calls[0].function.arguments',
    ],
  ])('answers unsupported for %j', (overrides, param) => {
    expect(translate(overrides)).toMatchObject({ kind: 'unsupported', param });
  });
});
