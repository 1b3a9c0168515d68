import { describe, expect, it } from 'vitest';
import { toCreateKeyBody, toKeyFormErrors, validateMetadata } from './key-form';

describe('toCreateKeyBody', () => {
  it('sends only the name for a personal key with the owner’s full access', () => {
    expect(
      toCreateKeyBody({ name: 'notebook', owner: 'self', applicationId: 'ignored', scopeModels: [] }),
    ).toEqual({
      name: 'notebook',
    });
  });

  it('names the application, the scope, the expiry and the labels', () => {
    expect(
      toCreateKeyBody({
        name: 'bot',
        owner: 'application',
        applicationId: 'app-1',
        scopeModels: ['gpt-4o'],
        expiresAt: new Date('2030-01-31T10:00:00Z'),
        metadata: [
          { name: 'team', value: 'search' },
          { name: '', value: 'dropped' },
          { name: 'env', value: null },
        ],
      }),
    ).toEqual({
      name: 'bot',
      owner: { kind: 'application', id: 'app-1' },
      scopeModels: ['gpt-4o'],
      expiresAt: '2030-01-31T10:00:00.000Z',
      metadata: { team: 'search', env: '' },
    });
  });
});

describe('toKeyFormErrors', () => {
  it('puts the admin token’s refusal on the owner choice', () => {
    expect(
      toKeyFormErrors(
        { root: { serverError: 'Invalid input: owner' }, owner: 'the admin token is not a person' },
        'self',
      ),
    ).toEqual({ root: { serverError: 'Invalid input: owner' }, owner: 'the admin token is not a person' });
  });

  it('puts application, scope and label problems on their inputs', () => {
    expect(
      toKeyFormErrors(
        {
          'owner.id': 'the application is deactivated',
          'scopeModels.0': 'no model "a"',
          'scopeModels.2': 'no model "c"',
          'metadata.team': 'too long',
        },
        'application',
      ),
    ).toEqual({
      applicationId: 'the application is deactivated',
      scopeModels: 'no model "a"; no model "c"',
      metadata: 'too long',
    });
  });
});

describe('validateMetadata', () => {
  it('accepts empty rows and valid labels, refuses bad names and duplicates', () => {
    expect(
      validateMetadata([
        { name: 'team', value: 'search' },
        { name: '', value: '' },
      ]),
    ).toBeUndefined();
    expect(validateMetadata([{ name: 'has space', value: 'x' }])).toContain('label names');
    expect(
      validateMetadata([
        { name: 'a', value: '1' },
        { name: 'a', value: '2' },
      ]),
    ).toContain('twice');
  });
});
