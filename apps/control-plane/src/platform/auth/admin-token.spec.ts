import { describe, expect, it } from 'vitest';
import { bearerToken, tokenMatches } from './admin-token.js';

describe('tokenMatches', () => {
  it('accepts the identical token and refuses any other', () => {
    const token = 'a'.repeat(40);
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(`${token}b`, token)).toBe(false);
    expect(tokenMatches('', token)).toBe(false);
  });
});

describe('bearerToken', () => {
  it('extracts the token of a Bearer header, case-insensitively', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer   xyz')).toBe('xyz');
  });

  it('ignores other schemes and malformed headers', () => {
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerToken('Bearer two tokens')).toBeUndefined();
  });
});
