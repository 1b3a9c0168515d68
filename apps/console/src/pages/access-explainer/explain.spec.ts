import { describe, expect, it } from 'vitest';
import { explainerPath } from './path';
import { isExplanation, readExplainQuery, toExplainBody, toExplainFormErrors } from './types';

describe('the access explainer’s query and body', () => {
  it('round-trips a key or a subject through the link', () => {
    expect(readExplainQuery(explainerPath({ keyId: 'k1' }).split('?')[1] ?? '')).toMatchObject({
      ask: 'key',
      keyId: 'k1',
    });
    expect(
      readExplainQuery(explainerPath({ kind: 'application', id: 'a1' }).split('?')[1] ?? ''),
    ).toMatchObject({ ask: 'subject', subject: { kind: 'application', id: 'a1' } });
    expect(readExplainQuery('?kind=admin&id=x')).toEqual({ ask: 'key', subject: { kind: 'application' } });
  });

  it('names either the key or the subject, never both', () => {
    const values = { keyId: 'k1', subject: { kind: 'user' as const, id: 'u1' }, model: 'gpt-4o' };
    expect(toExplainBody({ ...values, ask: 'key' })).toEqual({ keyId: 'k1', model: 'gpt-4o' });
    expect(toExplainBody({ ...values, ask: 'subject' })).toEqual({
      subject: { kind: 'user', id: 'u1' },
      model: 'gpt-4o',
    });
  });

  it('puts a problem with the subject on the picker in use', () => {
    expect(toExplainFormErrors({ subject: 'name either a subject or a keyId', model: 'x' }, 'key')).toEqual({
      keyId: 'name either a subject or a keyId',
      model: 'x',
    });
    expect(toExplainFormErrors({ 'subject.kind': 'kind must be user or application' }, 'subject')).toEqual({
      'subject.id': 'kind must be user or application',
    });
  });

  it('recognises an explanation', () => {
    const explanation = {
      allowed: false,
      tenantId: 't',
      subject: { kind: 'application', id: 'a', name: 'bot' },
      key: null,
      model: 'gpt-4o',
      reasons: [{ code: 'NO_GRANT', ok: false, message: 'No grant' }],
    };
    expect(isExplanation(explanation)).toBe(true);
    expect(isExplanation({ ...explanation, reasons: [{ code: 'NO_GRANT' }] })).toBe(false);
  });
});
