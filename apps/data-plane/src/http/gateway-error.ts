import { openAiError, type OpenAiErrorBody } from '@portcullis/contracts';

/**
 * The one error the request path throws on purpose. `onError` in server.ts turns it into an
 * OpenAI-style body; anything else becomes a 500 whose details stay in the log.
 */
export class GatewayError extends Error {
  override readonly name = 'GatewayError';

  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    /** The request field at fault (OpenAI's `param`), when there is one. */
    readonly param: string | null = null,
  ) {
    super(message);
  }

  toBody(): OpenAiErrorBody {
    return openAiError(this.type, this.code, this.message, this.param);
  }
}

/** The client went away before its request was complete: there is nobody to answer. */
export class ClientAbortedError extends Error {
  override readonly name = 'ClientAbortedError';
}
