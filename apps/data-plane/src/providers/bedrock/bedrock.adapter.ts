import { randomUUID } from 'node:crypto';
import { endpointUrl, JSON_CONTENT } from '../endpoint-url.js';
import type { ChatCompletionRequest } from '../openai-wire.js';
import type { ProviderAdapter, ResolvedDeployment, Unsupported, UpstreamRequest } from '../provider-types.js';
import { converseResponseSchema } from './bedrock-wire.js';
import { signBedrockRequest } from './sign-request.js';
import { toConverseRequest } from './to-converse-request.js';
import { toOpenAiCompletion } from './to-openai-completion.js';
import { createConverseToOpenAiStream } from './to-openai-stream.js';

/** The region in a `bedrock-runtime.{region}.amazonaws.com` host (also FIPS and `.com.cn` hosts). */
const RUNTIME_HOST = /^bedrock-runtime(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

function regionOf(deployment: ResolvedDeployment): string | undefined {
  if (deployment.options.region !== undefined) return deployment.options.region;
  try {
    return RUNTIME_HOST.exec(new URL(deployment.baseUrl).hostname)?.[1];
  } catch {
    return undefined;
  }
}

/** A model id or ARN as one path segment, encoded the way the AWS SDKs encode path labels. */
function pathLabel(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

async function buildConverse(
  deployment: ResolvedDeployment,
  request: ChatCompletionRequest,
): Promise<UpstreamRequest | Unsupported> {
  const body = toConverseRequest(request);
  if ('kind' in body) return body;
  const region = regionOf(deployment);
  if (region === undefined) {
    return {
      kind: 'unsupported',
      message: 'This Bedrock provider has no region: set options.region on the provider',
      param: null,
    };
  }
  const operation = request.stream === true ? 'converse-stream' : 'converse';
  const url = endpointUrl(deployment.baseUrl, `/model/${pathLabel(deployment.upstreamModel)}/${operation}`);
  const text = JSON.stringify(body);
  const headers = {
    ...JSON_CONTENT,
    accept: request.stream === true ? 'application/vnd.amazon.eventstream' : 'application/json',
  };
  const { accessKeyId, secretAccessKey } = deployment.credentials ?? {};
  return {
    url,
    method: 'POST',
    // Without keys the request goes unsigned and Bedrock answers 403, as for the other adapters.
    headers:
      accessKeyId === undefined || secretAccessKey === undefined
        ? headers
        : await signBedrockRequest(url, text, headers, { accessKeyId, secretAccessKey }, region),
    body: text,
  };
}

/**
 * AWS Bedrock through the Converse API: `{baseUrl}/model/{modelId}/converse` (or
 * `/converse-stream`), signed with SigV4 for the deployment's region (`options.region`, else the
 * one in a `bedrock-runtime.{region}.amazonaws.com` base URL). OpenAI-format chat requests are
 * translated there and back; streams arrive as a binary AWS event stream and leave as OpenAI SSE,
 * event by event. Bedrock has no OpenAI-style embeddings or Anthropic Messages endpoint here.
 */
export const bedrockAdapter: ProviderAdapter = {
  chat: {
    build: buildConverse,
    translate: (request) => ({
      json: (body) => {
        const response = converseResponseSchema.parse(JSON.parse(body));
        return JSON.stringify(
          toOpenAiCompletion(response, {
            id: `chatcmpl-${randomUUID()}`,
            model: request.model,
            created: Math.floor(Date.now() / 1000),
          }),
        );
      },
      stream: () =>
        createConverseToOpenAiStream({
          includeUsage: request.stream_options?.include_usage === true,
          model: request.model,
        }),
    }),
  },
};
