import {
  anthropicResponseSchema,
  DEFAULT_ANTHROPIC_VERSION,
  type AnthropicClientHeaders,
} from '../anthropic-wire.js';
import { endpointUrl, JSON_CONTENT } from '../endpoint-url.js';
import type { ProviderAdapter, ResolvedDeployment } from '../provider-types.js';
import { toAnthropicRequest } from './to-anthropic-request.js';
import { toOpenAiCompletion } from './to-openai-completion.js';
import { createAnthropicToOpenAiStream } from './to-openai-stream.js';

function anthropicHeaders(
  deployment: ResolvedDeployment,
  client: AnthropicClientHeaders,
): Record<string, string> {
  const headers: Record<string, string> = {
    ...JSON_CONTENT,
    'anthropic-version': client.anthropicVersion ?? DEFAULT_ANTHROPIC_VERSION,
  };
  const key = deployment.credentials?.apiKey;
  if (key !== undefined) headers['x-api-key'] = key;
  if (client.anthropicBeta !== undefined) headers['anthropic-beta'] = client.anthropicBeta;
  return headers;
}

/**
 * Anthropic: `{baseUrl}/v1/messages` with `x-api-key` and `anthropic-version`. Anthropic-format
 * requests pass through (with the client's `anthropic-version`/`anthropic-beta`); OpenAI-format
 * chat requests are translated there and back, streams event by event.
 */
export const anthropicAdapter: ProviderAdapter = {
  chat: {
    build: (deployment, request) => {
      const translated = toAnthropicRequest(request, deployment.upstreamModel);
      if ('kind' in translated) return translated;
      return {
        url: endpointUrl(deployment.baseUrl, '/v1/messages'),
        method: 'POST',
        headers: anthropicHeaders(deployment, {}),
        body: JSON.stringify(translated),
      };
    },
    translate: (request) => ({
      json: (body) => {
        const message = anthropicResponseSchema.parse(JSON.parse(body));
        return JSON.stringify(toOpenAiCompletion(message, Math.floor(Date.now() / 1000)));
      },
      stream: () =>
        createAnthropicToOpenAiStream({ includeUsage: request.stream_options?.include_usage === true }),
    }),
  },
  messages: {
    build: (deployment, request, client) => ({
      url: endpointUrl(deployment.baseUrl, '/v1/messages'),
      method: 'POST',
      headers: anthropicHeaders(deployment, client),
      body: JSON.stringify({ ...request, model: deployment.upstreamModel }),
    }),
  },
};
