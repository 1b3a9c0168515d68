import { endpointUrl, JSON_CONTENT } from '../endpoint-url.js';
import type { ProviderAdapter, ResolvedDeployment } from '../provider-types.js';
import { messagesOverChat, type ChatTarget } from './messages-over-chat.js';

function bearer(deployment: ResolvedDeployment): Record<string, string> {
  const key = deployment.credentials?.apiKey;
  // OpenAI-compatible servers (a local Ollama, vLLM without --api-key) may need no key at all.
  return key === undefined ? {} : { authorization: `Bearer ${key}` };
}

const chatTarget: ChatTarget = (deployment) => ({
  url: endpointUrl(deployment.baseUrl, '/chat/completions'),
  headers: { ...JSON_CONTENT, ...bearer(deployment) },
});

/**
 * OpenAI and everything that speaks its API (`openai-compatible`: vLLM, Ollama, Mistral, Groq, …;
 * `mock`): `{baseUrl}/chat/completions` and `{baseUrl}/embeddings` with a Bearer key. The client's
 * body goes through as sent, with the deployment's model name. Anthropic-format messages are
 * translated to chat completions and back.
 */
export const openAiAdapter: ProviderAdapter = {
  chat: {
    build: (deployment, request) => ({
      ...chatTarget(deployment),
      method: 'POST',
      body: JSON.stringify({ ...request, model: deployment.upstreamModel }),
    }),
  },
  embeddings: {
    build: (deployment, request) => ({
      url: endpointUrl(deployment.baseUrl, '/embeddings'),
      method: 'POST',
      headers: { ...JSON_CONTENT, ...bearer(deployment) },
      body: JSON.stringify({ ...request, model: deployment.upstreamModel }),
    }),
  },
  messages: messagesOverChat(chatTarget),
};
