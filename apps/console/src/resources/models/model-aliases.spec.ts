import { describe, expect, it } from 'vitest';
import { aliasChoices } from './model-aliases';
import type { Model } from './types';

const model = (alias: string, tenantId: string | null): Model => ({
  id: `${alias}-${tenantId ?? 'global'}`,
  tenantId,
  alias,
  description: '',
  capabilities: ['chat'],
  contextWindow: null,
  inputPrice: null,
  outputPrice: null,
  cachedInputPrice: null,
  currency: 'USD',
  deployments: [],
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});

describe('aliasChoices', () => {
  const models = [
    model('gpt-4o', null),
    model('gpt-4o', 'acme'),
    model('summarizer', 'acme'),
    model('x', 'other'),
  ];

  it('offers the global catalog and the tenant’s own models, each alias once', () => {
    expect(aliasChoices(models, 'acme')).toEqual([
      { id: 'gpt-4o', name: 'gpt-4o' },
      { id: 'summarizer', name: 'summarizer' },
    ]);
  });

  it('offers every alias the caller can see when no tenant is chosen', () => {
    expect(aliasChoices(models, null).map((choice) => choice.id)).toEqual(['gpt-4o', 'summarizer', 'x']);
  });
});
