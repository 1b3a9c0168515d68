import express, { type Request, type Response } from 'express';

/** Where nodes post usage batches (`portcullis.config/v1`). */
export const USAGE_INGEST_PATH = '/dataplane/v1/usage';

/**
 * The most a batch may weigh once inflated: 1,000 events of the largest realistic size (~2 KB)
 * fit several times over. A node drops a batch answered 413 (decision 0014), so err on the large
 * side; the admin API's 1 MB would not do.
 */
export const USAGE_BODY_LIMIT = '16mb';

const parseJson = express.json({
  limit: USAGE_BODY_LIMIT,
  type: ['application/json', 'application/*+json'],
});

/**
 * True for a request to the usage path. The admin API's JSON parser leaves these alone: a batch
 * is read only after the node's assertion has been verified (readUsageBody), so nobody
 * unauthenticated gets the control plane to inflate and parse 16 MB.
 */
export function isUsageIngest(request: Request): boolean {
  return request.path.replace(/\/+$/, '').toLowerCase() === USAGE_INGEST_PATH;
}

/**
 * The request's JSON body, gzip or deflate inflated (the limit applies to the inflated bytes);
 * undefined when the request is not JSON. Parser errors (413, malformed JSON, a broken stream) go
 * to the admin error filter.
 */
export function readUsageBody(request: Request, response: Response): Promise<unknown> {
  return new Promise((resolve, reject) => {
    parseJson(request, response, (error?: unknown) => {
      if (error === undefined || error === null) resolve(request.body as unknown);
      else reject(error instanceof Error ? error : new Error('the request body could not be read'));
    });
  });
}
