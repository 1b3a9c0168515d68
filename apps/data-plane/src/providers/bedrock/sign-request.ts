import { Hash } from '@smithy/core/serde';
import { SignatureV4 } from '@smithy/signature-v4';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Signers keep their derived signing keys (one per day): reused per credential and region. */
const signers = new Map<string, SignatureV4>();
const MAX_SIGNERS = 256;

function signerFor(credentials: AwsCredentials, region: string): SignatureV4 {
  const key = `${region}\n${credentials.accessKeyId}\n${credentials.secretAccessKey}`;
  let signer = signers.get(key);
  if (signer === undefined) {
    if (signers.size >= MAX_SIGNERS) signers.clear();
    signer = new SignatureV4({
      service: 'bedrock',
      region,
      credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
      sha256: Hash.bind(null, 'sha256'),
    });
    signers.set(key, signer);
  }
  return signer;
}

/**
 * Signs a request for Bedrock with AWS Signature Version 4 (service `bedrock`), with the
 * maintained smithy signer the AWS SDKs use. Returns `headers` plus `host`, `x-amz-date`,
 * `x-amz-content-sha256` and `authorization`; the secret key itself never leaves this process.
 *
 * @example
 * const headers = await signBedrockRequest(url, body, { 'content-type': 'application/json' }, keys, 'eu-west-1');
 */
export async function signBedrockRequest(
  url: URL,
  body: string,
  headers: Readonly<Record<string, string>>,
  credentials: AwsCredentials,
  region: string,
  signingDate?: Date,
): Promise<Record<string, string>> {
  const signed = await signerFor(credentials, region).sign(
    {
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port === '' ? {} : { port: Number(url.port) }),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...headers, host: url.host },
      body,
    },
    signingDate === undefined ? {} : { signingDate },
  );
  return signed.headers;
}
