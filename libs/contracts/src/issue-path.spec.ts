import { describe, expect, it } from 'vitest';
import { formatIssuePath } from './issue-path.js';

describe('formatIssuePath', () => {
  it.each([
    [[], '(root)'],
    [['revision'], 'revision'],
    [['tenants', 0, 'settings', 'zeroDataRetention'], 'tenants[0].settings.zeroDataRetention'],
    [[2, 'id'], '[2].id'],
    [['checks', 'x-api-key', 'status'], 'checks["x-api-key"].status'],
  ] as [PropertyKey[], string][])('formats %j as %s', (path, expected) => {
    expect(formatIssuePath(path)).toBe(expected);
  });
});
