import { describe, expect, it } from 'vitest';
import { toHttpError } from './http';

describe('toHttpError', () => {
  it('puts each field problem on its input and keeps the summary for the notification', () => {
    const error = toHttpError(400, 'Bad Request', {
      error: {
        code: 'VALIDATION_FAILED',
        message: 'Invalid input: slug, name',
        requestId: 'req-1',
        fields: [
          { field: 'slug', message: 'slug must be 1-63 lowercase letters' },
          { field: 'name', message: 'name must be 1 to 200 characters' },
        ],
      },
    });
    expect(error.status).toBe(400);
    expect(error.message).toBe('Invalid input: slug, name');
    expect(error.body).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'Invalid input: slug, name',
      requestId: 'req-1',
      errors: {
        root: { serverError: 'Invalid input: slug, name' },
        slug: 'slug must be 1-63 lowercase letters',
        name: 'name must be 1 to 200 characters',
      },
    });
  });

  it('quotes the request id of a server failure so an operator can find the log line', () => {
    const error = toHttpError(500, 'Internal Server Error', {
      error: { code: 'INTERNAL', message: 'Internal error', requestId: 'req-42' },
    });
    expect(error.message).toBe('Internal error (request id req-42)');
    expect((error.body as { errors?: unknown }).errors).toBeUndefined();
  });

  it('explains a failure whose body is not the admin error envelope', () => {
    expect(toHttpError(401, 'Unauthorized', 'not json').message).toBe(
      'Your session has expired. Please sign in again.',
    );
    expect(toHttpError(502, 'Bad Gateway', null).message).toBe(
      'The control plane failed to handle the request.',
    );
    expect(toHttpError(418, '', { error: { code: 7 } }).body).toEqual({
      code: 'HTTP_418',
      message: 'Request failed with status 418',
    });
  });
});
