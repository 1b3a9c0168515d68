import { endpointUrl, JSON_CONTENT } from '../endpoint-url.js';
import { messagesOverChat, type ChatTarget } from '../openai/messages-over-chat.js';
import type { ProviderAdapter, ResolvedDeployment } from '../provider-types.js';

/** The GA `api-version` used when the provider sets none. */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

function deploymentUrl(deployment: ResolvedDeployment, operation: string): URL {
  const url = endpointUrl(
    deployment.baseUrl,
    `/openai/deployments/${encodeURIComponent(deployment.upstreamModel)}/${operation}`,
  );
  url.searchParams.set('api-version', deployment.options.apiVersion ?? DEFAULT_AZURE_API_VERSION);
  return url;
}

function apiKey(deployment: ResolvedDeployment): Record<string, string> {
  const key = deployment.credentials?.apiKey;
  return key === undefined ? {} : { 'api-key': key };
}

const chatTarget: ChatTarget = (deployment) => ({
  url: deploymentUrl(deployment, 'chat/completions'),
  headers: { ...JSON_CONTENT, ...apiKey(deployment) },
});

/**
 * Azure OpenAI: the deployment (`upstreamModel`) is in the path, the `api-version` in the query and
 * the key in `api-key`. Bodies are OpenAI's, so answers pass through unchanged; Anthropic-format
 * messages are translated to chat completions and back.
 */
export const azureOpenAiAdapter: ProviderAdapter = {
  chat: {
    build: (deployment, request) => ({
      ...chatTarget(deployment),
      method: 'POST',
      body: JSON.stringify({ ...request, model: deployment.upstreamModel }),
    }),
  },
  embeddings: {
    build: (deployment, request) => ({
      url: deploymentUrl(deployment, 'embeddings'),
      method: 'POST',
      headers: { ...JSON_CONTENT, ...apiKey(deployment) },
      body: JSON.stringify({ ...request, model: deployment.upstreamModel }),
    }),
  },
  messages: messagesOverChat(chatTarget),
};
