import { describe, expect, it } from 'vitest';
import { adminErrorBodySchema, openAiError, openAiErrorBodySchema } from './error-bodies.js';

describe('openAiError', () => {
  it('builds a body that the schema accepts, with param defaulting to null', () => {
    const body = openAiError('service_unavailable', 'not_ready', 'no configuration yet');

    expect(body).toEqual({
      error: { type: 'service_unavailable', code: 'not_ready', message: 'no configuration yet', param: null },
    });
    expect(openAiErrorBodySchema.parse(body)).toEqual(body);
  });

  it('carries param when given', () => {
    expect(openAiError('invalid_request_error', null, 'bad model', 'model').error).toEqual({
      type: 'invalid_request_error',
      code: null,
      message: 'bad model',
      param: 'model',
    });
  });
});

describe('openAiErrorBodySchema', () => {
  it('requires code and param to be present even when null', () => {
    const result = openAiErrorBodySchema.safeParse({ error: { message: 'x', type: 'server_error' } });

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['error.code', 'error.param']);
  });

  it('rejects a body that is not wrapped in error', () => {
    expect(
      openAiErrorBodySchema.safeParse({ message: 'x', type: 'server_error', code: null, param: null })
        .success,
    ).toBe(false);
  });
});

describe('adminErrorBodySchema', () => {
  const valid = {
    error: {
      code: 'VALIDATION_FAILED',
      message: 'Validation failed',
      requestId: 'req-1',
      fields: [{ field: 'monthlyTokens', message: 'must be a positive integer' }],
    },
  };

  it('accepts a validation error with field errors', () => {
    expect(adminErrorBodySchema.parse(valid)).toEqual(valid);
  });

  it('accepts a body without fields', () => {
    expect(
      adminErrorBodySchema.safeParse({ error: { code: 'NOT_FOUND', message: 'Not found', requestId: 'r' } })
        .success,
    ).toBe(true);
  });

  it.each(['not_found', 'NotFound', '_X', 'A__B', ''])('rejects the code %j', (code) => {
    expect(adminErrorBodySchema.safeParse({ error: { ...valid.error, code } }).success).toBe(false);
  });

  it('requires a requestId', () => {
    const result = adminErrorBodySchema.safeParse({ error: { code: 'INTERNAL', message: 'Internal error' } });

    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['error.requestId']);
  });
});
