import type { IncomingMessage } from 'node:http';
import { GatewayErrorCode, OpenAiErrorType } from '@portcullis/contracts';
import { ClientAbortedError, GatewayError } from './gateway-error.js';

function tooLarge(limit: number): GatewayError {
  return new GatewayError(
    413,
    OpenAiErrorType.InvalidRequest,
    GatewayErrorCode.RequestTooLarge,
    `Request body exceeds the limit of ${limit} bytes`,
    // Whatever the client is still sending is never read, so the connection cannot be reused.
    { connection: 'close' },
  );
}

/**
 * Reads a request body into memory, refusing more than `limit` bytes, whether or not the client
 * declared a content-length.
 *
 * @example
 * const body = await readBody(req, 10 * 1024 * 1024); // throws GatewayError(413) past the limit
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    return Promise.reject(tooLarge(limit));
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAborted);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onAborted = (): void => {
      cleanup();
      reject(new ClientAbortedError('client closed the connection before the request body was complete'));
    };
    const onClose = (): void => {
      if (!req.complete) {
        onAborted();
      }
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAborted);
    req.on('close', onClose);
  });
}
