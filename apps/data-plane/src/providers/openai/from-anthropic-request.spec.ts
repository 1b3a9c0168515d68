import { describe, expect, it } from 'vitest';
import type { AnthropicMessagesRequest } from '../anthropic-wire.js';
import { toOpenAiChatRequest } from './from-anthropic-request.js';

function translate(
  overrides: Partial<AnthropicMessagesRequest> & Record<string, unknown>,
  type: 'openai' | 'openai-compatible' | 'azure-openai' = 'openai',
  upstreamModel = 'gpt-4o',
): ReturnType<typeof toOpenAiChatRequest> {
  return toOpenAiChatRequest(
    { model: 'alias', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }], ...overrides },
    type,
    upstreamModel,
  );
}

describe(toOpenAiChatRequest.name, () => {
  it('maps system blocks, sampling, stop sequences, the user id and a stream that asks for usage', () => {
    expect(
      translate({
        system: [
          { type: 'text', text: 'One.' },
          { type: 'text', text: 'Two.' },
        ],
        temperature: 0.3,
        top_p: 0.9,
        stop_sequences: ['END', '###'],
        metadata: { user_id: 'user-42' },
        stream: true,
      }),
    ).toEqual({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'One.\n\nTwo.' },
        { role: 'user', content: 'Hi' },
      ],
      max_tokens: 64,
      temperature: 0.3,
      top_p: 0.9,
      stop: ['END', '###'],
      stream: true,
      stream_options: { include_usage: true },
      user: 'user-42',
    });
  });

  it.each([
    ['openai', 'o3-mini', 'max_completion_tokens'],
    ['openai', 'gpt-5-mini', 'max_completion_tokens'],
    ['azure-openai', 'o4-mini', 'max_completion_tokens'],
    ['openai', 'gpt-4o', 'max_tokens'],
    ['openai-compatible', 'o3-mini', 'max_tokens'],
  ] as const)('sends max_tokens to %s %s as %s', (type, model, field) => {
    const translated = translate({ max_tokens: 99 }, type, model);
    expect(translated).toHaveProperty(field, 99);
    expect(Object.keys(translated).filter((key) => key.startsWith('max_'))).toEqual([field]);
  });

  it('turns text and image blocks into content parts: base64 as a data URL, a URL as is', () => {
    expect(
      translate({
        system: 'Be brief.',
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
      }),
    ).toMatchObject({
      messages: [
        { role: 'system', content: 'Be brief.' },
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
  });

  it('turns tool_use into tool_calls and tool_result into tool messages ahead of the rest of the turn', () => {
    expect(
      translate({
        messages: [
          { role: 'user', content: 'Weather in Paris and Rome?' },
          {
            role: 'assistant',
            content: [
              { type: 'text', text: 'Checking.' },
              { type: 'tool_use', id: 'toolu_1', name: 'w', input: { city: 'Paris' } },
              { type: 'tool_use', id: 'toolu_2', name: 'w', input: { city: 'Rome' } },
            ],
          },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny' },
              {
                type: 'tool_result',
                tool_use_id: 'toolu_2',
                content: [
                  { type: 'text', text: 'no data' },
                  { type: 'text', text: 'for Rome' },
                ],
                is_error: true,
              },
              { type: 'text', text: 'Thanks' },
            ],
          },
        ],
      }),
    ).toMatchObject({
      messages: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [
            { id: 'toolu_1', type: 'function', function: { name: 'w', arguments: '{"city":"Paris"}' } },
            { id: 'toolu_2', type: 'function', function: { name: 'w', arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_1', content: 'sunny' },
        { role: 'tool', tool_call_id: 'toolu_2', content: 'Error: no data\nfor Rome' },
        { role: 'user', content: 'Thanks' },
      ],
    });
  });

  it('gives an assistant turn of only tool calls a null content, and a turn of only results no user message', () => {
    const translated = translate({
      messages: [
        { role: 'user', content: 'Go' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'w', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't' }] },
      ],
    });
    expect(translated).toMatchObject({
      messages: [
        { role: 'user' },
        { role: 'assistant', content: null, tool_calls: [{ function: { arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 't', content: '' },
      ],
    });
    expect('messages' in translated && translated.messages).toHaveLength(3);
  });

  it.each([
    [{ type: 'auto' }, 'auto', undefined],
    [{ type: 'any', disable_parallel_tool_use: true }, 'required', false],
    [{ type: 'tool', name: 'w' }, { type: 'function', function: { name: 'w' } }, undefined],
    [{ type: 'none' }, 'none', undefined],
  ] as const)('maps tool_choice %j to %j (parallel_tool_calls %s)', (choice, expected, parallel) => {
    const translated = translate({
      tools: [{ name: 'w', description: 'Weather', input_schema: { type: 'object', properties: {} } }],
      tool_choice: choice,
    });
    expect(translated).toMatchObject({
      tools: [
        {
          type: 'function',
          function: { name: 'w', description: 'Weather', parameters: { type: 'object', properties: {} } },
        },
      ],
      tool_choice: expected,
    });
    expect((translated as { parallel_tool_calls?: boolean }).parallel_tool_calls).toBe(parallel);
  });

  it('takes thinking turned off as no thinking at all', () => {
    expect(translate({ thinking: { type: 'disabled' } })).toEqual({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: 64,
    });
  });

  it('sends no tool_choice without tools', () => {
    expect(translate({ tool_choice: { type: 'none' } })).not.toHaveProperty('tool_choice');
  });

  it.each([
    [{ top_k: 5 }, 'top_k'],
    [{ thinking: { type: 'enabled', budget_tokens: 1024 } }, 'thinking'],
    [{ service_tier: 'auto' }, 'service_tier'],
    [{ metadata: { user_id: 'u', session: 's' } }, 'metadata.session'],
    [{ stop_sequences: ['a', 'b', 'c', 'd', 'e'] }, 'stop_sequences'],
    [{ system: [{ type: 'image', source: { type: 'url', url: 'https://x' } }] }, 'system[0]'],
    [
      {
        messages: [
          {
            role: 'user',
            content: [{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'x' } }],
          },
        ],
      },
      'messages[0].content[0]',
    ],
    [
      {
        messages: [
          { role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'file_1' } }] },
        ],
      },
      'messages[0].content[0].source',
    ],
    [
      {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Here:' },
              { type: 'tool_result', tool_use_id: 't', content: 'x' },
            ],
          },
        ],
      },
      'messages[0].content[1]',
    ],
    [
      {
        messages: [
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                tool_use_id: 't',
                content: [{ type: 'image', source: { type: 'url', url: 'https://x' } }],
              },
            ],
          },
        ],
      },
      'messages[0].content[0].content[0]',
    ],
    [
      {
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature: 's' }] },
          { role: 'user', content: 'Go on' },
        ],
      },
      'messages[1].content[0]',
    ],
    [
      {
        messages: [
          { role: 'user', content: 'Answer in JSON' },
          { role: 'assistant', content: '{' },
        ],
      },
      'messages[1]',
    ],
    [{ tools: [{ type: 'web_search_20250305', name: 'web_search' }] }, 'tools[0]'],
  ])('refuses %j naming %s', (overrides, param) => {
    expect(translate(overrides as Partial<AnthropicMessagesRequest>)).toMatchObject({
      kind: 'unsupported',
      param,
    });
  });
});
