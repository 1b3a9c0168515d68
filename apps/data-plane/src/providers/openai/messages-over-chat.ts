import type { AnthropicClientHeaders, AnthropicMessagesRequest } from '../anthropic-wire.js';
import type { EndpointAdapter, ResolvedDeployment } from '../provider-types.js';
import { chatCompletionSchema } from './chat-response-schema.js';
import { toOpenAiChatRequest } from './from-anthropic-request.js';
import { toAnthropicMessage } from './to-anthropic-message.js';
import { createOpenAiToAnthropicStream } from './to-anthropic-stream.js';

/** Where a deployment's chat completions are sent, and with which headers (its credential). */
export type ChatTarget = (deployment: ResolvedDeployment) => {
  url: URL;
  headers: Readonly<Record<string, string>>;
};

/**
 * Anthropic-format `POST /v1/messages` spoken to an OpenAI-style chat completions endpoint: the
 * request translated there, the answer (a JSON completion or an SSE stream, event by event)
 * translated back. The client's `anthropic-version`/`anthropic-beta` mean nothing there and stay.
 */
export function messagesOverChat(
  target: ChatTarget,
): EndpointAdapter<AnthropicMessagesRequest, AnthropicClientHeaders> {
  return {
    build: (deployment, request) => {
      const translated = toOpenAiChatRequest(request, deployment.type, deployment.upstreamModel);
      if ('kind' in translated) return translated;
      const { url, headers } = target(deployment);
      return { url, method: 'POST', headers, body: JSON.stringify(translated) };
    },
    translate: (request) => {
      const stopSequences = request.stop_sequences ?? [];
      return {
        json: (body) =>
          JSON.stringify(toAnthropicMessage(chatCompletionSchema.parse(JSON.parse(body)), stopSequences)),
        stream: () => createOpenAiToAnthropicStream({ stopSequences }),
      };
    },
  };
}
