import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { isUsageIngest } from './usage-body.js';

const at = (path: string): Request => ({ path }) as Request;

describe(isUsageIngest.name, () => {
  it('recognises the usage path as Express routes it (any case, trailing slashes)', () => {
    for (const path of ['/dataplane/v1/usage', '/dataplane/v1/usage/', '/DataPlane/v1/Usage']) {
      expect(isUsageIngest(at(path)), path).toBe(true);
    }
  });

  it('leaves every other path to the admin API’s parser', () => {
    for (const path of [
      '/dataplane/v1/enroll',
      '/api/v1/usage',
      '/dataplane/v1/usage/x',
      '/dataplane/v1/usages',
    ]) {
      expect(isUsageIngest(at(path)), path).toBe(false);
    }
  });
});
