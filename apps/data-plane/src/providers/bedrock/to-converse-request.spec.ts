import { describe, expect, it } from 'vitest';
import type { ChatCompletionRequest, ChatTool } from '../openai-wire.js';
import { toConverseRequest } from './to-converse-request.js';

const weather: ChatTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather',
    parameters: { type: 'object', properties: { city: { type: 'string' } } },
  },
};

function request(overrides: Partial<ChatCompletionRequest>): ChatCompletionRequest {
  return { model: 'm', messages: [{ role: 'user', content: 'Hi' }], ...overrides };
}

describe(toConverseRequest.name, () => {
  it('maps system/developer messages to system blocks and sampling parameters to inferenceConfig', () => {
    expect(
      toConverseRequest(
        request({
          messages: [
            { role: 'system', content: 'Be brief.' },
            { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
            { role: 'system', content: '' },
            { role: 'user', content: 'Hi' },
          ],
          max_tokens: 10,
          max_completion_tokens: 20,
          temperature: 0.5,
          top_p: 0.9,
          stop: ['END', 'STOP'],
          user: 'end-user-1',
          stream: true,
          stream_options: { include_usage: true },
        }),
      ),
    ).toEqual({
      system: [{ text: 'Be brief.' }, { text: 'Answer in French.' }],
      messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
      inferenceConfig: { maxTokens: 20, temperature: 0.5, topP: 0.9, stopSequences: ['END', 'STOP'] },
    });
  });

  it('sends no inferenceConfig when nothing is set, and one stop string as a list', () => {
    expect(toConverseRequest(request({}))).toEqual({
      messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
    });
    expect(toConverseRequest(request({ stop: 'END' }))).toMatchObject({
      inferenceConfig: { stopSequences: ['END'] },
    });
  });

  it('maps data-URL images to inline bytes with their format', () => {
    expect(
      toConverseRequest(
        request({
          messages: [
            {
              role: 'user',
              content: [
                { type: 'text', text: 'What is this?' },
                { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' } },
                { type: 'image_url', image_url: { url: 'data:image/webp;base64,UklGRg==' } },
              ],
            },
          ],
        }),
      ),
    ).toEqual({
      messages: [
        {
          role: 'user',
          content: [
            { text: 'What is this?' },
            { image: { format: 'jpeg', source: { bytes: '/9j/4AAQ' } } },
            { image: { format: 'webp', source: { bytes: 'UklGRg==' } } },
          ],
        },
      ],
    });
  });

  it('maps tool calls to toolUse and merges consecutive tool results into one user turn', () => {
    const body = toConverseRequest(
      request({
        tools: [weather],
        messages: [
          { role: 'user', content: 'Weather in Oslo and Bergen?' },
          {
            role: 'assistant',
            content: 'Checking.',
            tool_calls: [
              { id: 't1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
              { id: 't2', type: 'function', function: { name: 'get_weather', arguments: '' } },
            ],
          },
          { role: 'tool', tool_call_id: 't1', content: '{"temp":3}' },
          { role: 'tool', tool_call_id: 't2', content: [{ type: 'text', text: 'rainy' }] },
          { role: 'user', content: 'Thanks' },
        ],
      }),
    );

    expect(body).toMatchObject({
      messages: [
        { role: 'user', content: [{ text: 'Weather in Oslo and Bergen?' }] },
        {
          role: 'assistant',
          content: [
            { text: 'Checking.' },
            { toolUse: { toolUseId: 't1', name: 'get_weather', input: { city: 'Oslo' } } },
            { toolUse: { toolUseId: 't2', name: 'get_weather', input: {} } },
          ],
        },
        {
          role: 'user',
          content: [
            { toolResult: { toolUseId: 't1', content: [{ json: { temp: 3 } }] } },
            { toolResult: { toolUseId: 't2', content: [{ text: 'rainy' }] } },
            { text: 'Thanks' },
          ],
        },
      ],
      toolConfig: {
        tools: [
          {
            toolSpec: {
              name: 'get_weather',
              description: 'Current weather',
              inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } } } },
            },
          },
        ],
      },
    });
  });

  it('sends a JSON array or scalar tool result as text', () => {
    const body = toConverseRequest(
      request({
        tools: [weather],
        messages: [
          { role: 'user', content: 'x' },
          {
            role: 'assistant',
            tool_calls: [{ id: 't1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
          },
          { role: 'tool', tool_call_id: 't1', content: '[1,2]' },
        ],
      }),
    );
    expect(body).toMatchObject({
      messages: [{}, {}, { content: [{ toolResult: { content: [{ text: '[1,2]' }] } }] }],
    });
  });

  it.each([
    ['auto', { auto: {} }],
    ['required', { any: {} }],
    [{ type: 'function', function: { name: 'get_weather' } }, { tool: { name: 'get_weather' } }],
  ] as const)('maps tool_choice %j', (choice, expected) => {
    expect(toConverseRequest(request({ tools: [weather], tool_choice: choice }))).toMatchObject({
      toolConfig: { toolChoice: expected },
    });
  });

  it("leaves tools out for tool_choice 'none' in a conversation without tool blocks", () => {
    expect(toConverseRequest(request({ tools: [weather], tool_choice: 'none' }))).toEqual({
      messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
    });
  });

  it('gives a tool without parameters an empty object schema', () => {
    expect(
      toConverseRequest(request({ tools: [{ type: 'function', function: { name: 'now' } }] })),
    ).toMatchObject({
      toolConfig: {
        tools: [{ toolSpec: { name: 'now', inputSchema: { json: { type: 'object', properties: {} } } } }],
      },
    });
  });

  it('accepts the neutral values of parameters it cannot map', () => {
    const neutral = {
      frequency_penalty: 0,
      presence_penalty: 0,
      logit_bias: {},
      logprobs: false,
      modalities: ['text'],
      n: 1,
      response_format: { type: 'text' },
      parallel_tool_calls: true,
    } as unknown as Partial<ChatCompletionRequest>;
    expect(toConverseRequest(request(neutral))).not.toHaveProperty('kind');
  });

  const toolTurn: ChatCompletionRequest['messages'] = [
    { role: 'user', content: 'x' },
    {
      role: 'assistant',
      tool_calls: [{ id: 't1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
    },
    { role: 'tool', tool_call_id: 't1', content: 'ok' },
  ];

  it.each([
    ['n', { n: 2 }],
    ['response_format', { response_format: { type: 'json_object' } }],
    ['response_format', { response_format: { type: 'json_schema', json_schema: { name: 'x' } } }],
    ['parallel_tool_calls', { tools: [weather], parallel_tool_calls: false }],
    ['frequency_penalty', { frequency_penalty: 0.5 }],
    ['presence_penalty', { presence_penalty: -1 }],
    ['logit_bias', { logit_bias: { '50256': -100 } }],
    ['logprobs', { logprobs: true }],
    ['top_logprobs', { top_logprobs: 2 }],
    ['seed', { seed: 42 }],
    ['audio', { audio: { voice: 'alloy', format: 'mp3' } }],
    ['modalities', { modalities: ['text', 'audio'] }],
    ['prediction', { prediction: { type: 'content', content: 'x' } }],
    ['web_search_options', { web_search_options: {} }],
    ['tool_choice', { tool_choice: 'required' }],
    ['tool_choice', { tools: [weather], tool_choice: 'none', messages: toolTurn }],
    [
      'messages[0].content[0]',
      {
        messages: [
          { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x.test/a.png' } }] },
        ],
      },
    ],
    [
      'messages[0].content[0]',
      {
        messages: [
          {
            role: 'user',
            content: [{ type: 'image_url', image_url: { url: 'data:image/bmp;base64,Qk0=' } }],
          },
        ],
      },
    ],
    [
      'messages[0].content[1]',
      {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'listen' },
              { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } },
            ],
          },
        ],
      },
    ],
    [
      'messages[0].content[0]',
      { messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-1' } }] }] },
    ],
    [
      'messages[1].tool_calls[0].function.arguments',
      {
        messages: [
          { role: 'user', content: 'x' },
          {
            role: 'assistant',
            tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '{oops' } }],
          },
        ],
      },
    ],
  ] as const)('refuses %s, naming it', (param, overrides) => {
    const outcome = toConverseRequest(request(overrides as unknown as Partial<ChatCompletionRequest>));
    expect(outcome).toMatchObject({ kind: 'unsupported', param });
    expect('message' in outcome ? outcome.message : '').not.toBe('');
  });

  it('says why an image URL is refused', () => {
    expect(
      toConverseRequest(
        request({
          messages: [
            { role: 'user', content: [{ type: 'image_url', image_url: { url: 'http://x.test/a.png' } }] },
          ],
        }),
      ),
    ).toMatchObject({ message: expect.stringContaining('base64 data URL') as unknown });
  });
});
