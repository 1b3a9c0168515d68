import { EventStreamCodec } from '@smithy/core/event-streams';
import { Hash, fromUtf8, toUtf8 } from '@smithy/core/serde';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlm, type FakeLlm } from './fake-llm.js';

const AWS = { accessKeyId: 'AKIAFAKEWIRE', secretAccessKey: 'fake-wire-secret', region: 'eu-west-1' };
const codec = new EventStreamCodec(toUtf8, fromUtf8);

let fake: FakeLlm;

beforeAll(async () => {
  fake = await startFakeLlm({ aws: AWS });
});

afterEach(() => {
  fake.reset();
});

afterAll(async () => {
  await fake.close();
});

interface Sent {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
  json: () => unknown;
}

/** A Converse call signed like an AWS SDK would, optionally tampered with after signing. */
async function converse(
  body: unknown,
  options: { stream?: boolean; secret?: string; signedAt?: Date; tamper?: (text: string) => string } = {},
): Promise<Sent> {
  const url = new URL(
    `${fake.url}/model/amazon.nova-lite-v1%3A0/${options.stream === true ? 'converse-stream' : 'converse'}`,
  );
  const text = JSON.stringify(body);
  const signer = new SignatureV4({
    service: 'bedrock',
    region: AWS.region,
    credentials: { accessKeyId: AWS.accessKeyId, secretAccessKey: options.secret ?? AWS.secretAccessKey },
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: {},
      headers: { host: url.host, 'content-type': 'application/json' },
      body: text,
    },
    { signingDate: options.signedAt ?? new Date() },
  );
  const { host: _host, ...headers } = signed.headers;
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: options.tamper === undefined ? text : options.tamper(text),
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return {
    status: response.status,
    headers: response.headers,
    bytes,
    json: () => JSON.parse(new TextDecoder().decode(bytes)) as unknown,
  };
}

/** Splits an event stream body into messages (the fake writes whole frames). */
function messages(bytes: Uint8Array): { type: string | undefined; payload: Record<string, unknown> }[] {
  const out: { type: string | undefined; payload: Record<string, unknown> }[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const length = new DataView(bytes.buffer, bytes.byteOffset + offset).getUint32(0);
    const { headers, body } = codec.decode(bytes.subarray(offset, offset + length));
    const type = headers[':event-type'];
    out.push({
      type: type?.type === 'string' ? type.value : undefined,
      payload: JSON.parse(toUtf8(body)) as Record<string, unknown>,
    });
    offset += length;
  }
  return out;
}

const hi = { messages: [{ role: 'user', content: [{ text: 'Hi' }] }] };

describe('the fake Bedrock Converse API', () => {
  it('answers a correctly signed request, recording it with the authorization masked', async () => {
    fake.script({ text: 'Hello there', usage: { inputTokens: 4, outputTokens: 2 } });
    const sent = await converse(hi);

    expect(sent.status).toBe(200);
    expect(sent.headers.get('x-amzn-requestid')).toMatch(/^req_fake/);
    expect(sent.json()).toEqual({
      output: { message: { role: 'assistant', content: [{ text: 'Hello there' }] } },
      stopReason: 'end_turn',
      usage: { inputTokens: 4, outputTokens: 2, totalTokens: 6 },
      metrics: { latencyMs: 1 },
    });
    const [recorded] = fake.requests;
    expect(recorded).toMatchObject({ style: 'bedrock', path: '/model/amazon.nova-lite-v1%3A0/converse' });
    expect(recorded?.headers.authorization).toBe('[masked]');
    expect(recorded?.hasCredential(AWS.accessKeyId)).toBe(true);
  });

  it.each([
    [
      'a wrong secret',
      { secret: 'not-the-secret' },
      403,
      'InvalidSignatureException',
      /signature we calculated/,
    ],
    [
      'a stale date',
      { signedAt: new Date(Date.now() - 15 * 60_000) },
      403,
      'InvalidSignatureException',
      /expired/,
    ],
    [
      'a body changed after signing',
      { tamper: (text: string) => text.replace('Hi', 'Yo') },
      400,
      'ValidationException',
      /x-amz-content-sha256/,
    ],
  ] as const)('refuses %s', async (_name, options, status, errorType, message) => {
    const sent = await converse(hi, options);
    expect(sent.status).toBe(status);
    expect(sent.headers.get('x-amzn-errortype')).toMatch(new RegExp(`^${errorType}`));
    expect((sent.json() as { message: string }).message).toMatch(message);
  });

  it('refuses an unsigned request', async () => {
    const response = await fetch(`${fake.url}/model/m/converse`, {
      method: 'POST',
      body: JSON.stringify(hi),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toMatch(/^MissingAuthenticationTokenException/);
  });

  it.each([
    [
      'a conversation not starting with user',
      { messages: [{ role: 'assistant', content: [{ text: 'x' }] }] },
      /start with a user message/,
    ],
    [
      'roles that do not alternate',
      {
        messages: [
          { role: 'user', content: [{ text: 'a' }] },
          { role: 'user', content: [{ text: 'b' }] },
        ],
      },
      /alternate/,
    ],
    ['a blank text block', { messages: [{ role: 'user', content: [{ text: ' ' }] }] }, /blank/],
    [
      'tool blocks without toolConfig',
      {
        messages: [
          { role: 'user', content: [{ text: 'a' }] },
          { role: 'assistant', content: [{ toolUse: { toolUseId: 't', name: 'f', input: {} } }] },
          { role: 'user', content: [{ toolResult: { toolUseId: 't', content: [{ text: 'r' }] } }] },
        ],
      },
      /toolConfig field must be defined/,
    ],
    ['an OpenAI field', { ...hi, model: 'gpt' }, /extraneous key \[model\]/],
    ['a temperature above 1', { ...hi, inferenceConfig: { temperature: 1.5 } }, /temperature/],
  ])('refuses %s with a ValidationException', async (_name, body, message) => {
    const sent = await converse(body);
    expect(sent.status).toBe(400);
    expect(sent.headers.get('x-amzn-errortype')).toMatch(/^ValidationException/);
    expect((sent.json() as { message: string }).message).toMatch(message);
  });

  it('answers scripted errors in Bedrock’s shape', async () => {
    fake.script({ error: { status: 429 } }, { error: { status: 500 } });
    const throttled = await converse(hi);
    const failed = await converse(hi);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('x-amzn-errortype')).toMatch(/^ThrottlingException/);
    expect(throttled.json()).toEqual({ message: 'Too many requests, please wait before trying again.' });
    expect(failed.status).toBe(500);
    expect(failed.headers.get('x-amzn-errortype')).toMatch(/^InternalServerException/);
  });

  it('streams ConverseStream events as binary event stream messages', async () => {
    fake.script({
      stream: { chunks: ['Hel', 'lo'] },
      toolCalls: [{ name: 'f', arguments: { a: 1 } }],
      usage: { inputTokens: 3, outputTokens: 4 },
    });
    const sent = await converse(
      {
        ...hi,
        toolConfig: { tools: [{ toolSpec: { name: 'f', inputSchema: { json: { type: 'object' } } } }] },
      },
      { stream: true },
    );

    expect(sent.status).toBe(200);
    expect(sent.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
    const events = messages(sent.bytes);
    expect(events.map((event) => event.type)).toEqual([
      'messageStart',
      'contentBlockDelta',
      'contentBlockDelta',
      'contentBlockStop',
      'contentBlockStart',
      'contentBlockDelta',
      'contentBlockStop',
      'messageStop',
      'metadata',
    ]);
    expect(events[4]?.payload).toMatchObject({ contentBlockIndex: 1, start: { toolUse: { name: 'f' } } });
    expect(events[5]?.payload).toMatchObject({ delta: { toolUse: { input: '{"a":1}' } } });
    expect(events[7]?.payload).toMatchObject({ stopReason: 'tool_use' });
    expect(events[8]?.payload).toMatchObject({ usage: { inputTokens: 3, outputTokens: 4, totalTokens: 7 } });
    expect(events.every((event) => typeof event.payload.p === 'string')).toBe(true);
  });
});
