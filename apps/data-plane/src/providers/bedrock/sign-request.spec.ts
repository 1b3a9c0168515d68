import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signBedrockRequest } from './sign-request.js';

const keys = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const at = new Date('2025-03-04T05:06:07Z');

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const hmac = (key: string | Buffer, text: string): Buffer => createHmac('sha256', key).update(text).digest();

/** SigV4 by hand, step by step as AWS documents it, to check the signer is wired up right. */
function expectedSignature(url: URL, body: string, headers: Record<string, string>, region: string): string {
  const names = Object.keys(headers).sort();
  // Non-S3 services encode each path segment once more (`%3A` becomes `%253A`).
  const canonicalUri = url.pathname
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  const canonical = [
    'POST',
    canonicalUri,
    '',
    ...names.map((name) => `${name}:${(headers[name] ?? '').trim()}`),
    '',
    names.join(';'),
    sha256(body),
  ].join('\n');
  const day = '20250304';
  const scope = `${day}/${region}/bedrock/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', '20250304T050607Z', scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${keys.secretAccessKey}`, day), region), 'bedrock'), 'aws4_request');
  return createHmac('sha256', key).update(toSign).digest('hex');
}

describe(signBedrockRequest.name, () => {
  it('produces the SigV4 signature the spec defines (scope, signed headers, double-encoded path)', async () => {
    const url = new URL(
      'https://bedrock-runtime.eu-west-1.amazonaws.com/model/anthropic.claude-v2%3A1/converse',
    );
    const body = '{"messages":[{"role":"user","content":[{"text":"Hi"}]}]}';

    const signed = await signBedrockRequest(
      url,
      body,
      { 'content-type': 'application/json' },
      keys,
      'eu-west-1',
      at,
    );

    expect(signed).toMatchObject({
      host: 'bedrock-runtime.eu-west-1.amazonaws.com',
      'content-type': 'application/json',
      'x-amz-date': '20250304T050607Z',
      'x-amz-content-sha256': sha256(body),
    });
    const { authorization, ...covered } = signed;
    const names = Object.keys(covered).sort().join(';');
    expect(authorization).toBe(
      `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250304/eu-west-1/bedrock/aws4_request, SignedHeaders=${names}, Signature=${expectedSignature(url, body, covered, 'eu-west-1')}`,
    );
    expect(JSON.stringify(signed)).not.toContain(keys.secretAccessKey);
  });

  it('signs the port into host for a non-default port, and signs each region apart', async () => {
    const url = new URL('http://127.0.0.1:4555/model/m/converse-stream');
    const first = await signBedrockRequest(url, '{}', {}, keys, 'us-east-1', at);
    const second = await signBedrockRequest(url, '{}', {}, keys, 'eu-central-1', at);

    expect(first.host).toBe('127.0.0.1:4555');
    expect(first.authorization).toContain('/us-east-1/bedrock/aws4_request');
    expect(second.authorization).toContain('/eu-central-1/bedrock/aws4_request');
    const { authorization, ...covered } = first;
    expect(authorization).toContain(`Signature=${expectedSignature(url, '{}', covered, 'us-east-1')}`);
  });
});
