import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { isSameOrigin, isUnsafeMethod } from './same-origin.js';
import { trustProxySetting } from './sign-in.mount.js';

function request(headers: Record<string, string>, protocol = 'http'): Request {
  return {
    protocol,
    get: (name: string) => headers[name.toLowerCase()],
  } as unknown as Request;
}

describe('isSameOrigin', () => {
  const publicUrl = 'https://portcullis.example.com';

  it('accepts the public origin from Origin, or from Referer when Origin is absent', () => {
    expect(isSameOrigin(request({ origin: publicUrl }), publicUrl, true)).toBe(true);
    expect(isSameOrigin(request({ referer: `${publicUrl}/#/tenants` }), publicUrl, true)).toBe(true);
  });

  it('refuses another origin, a null origin, and a request naming none', () => {
    expect(isSameOrigin(request({ origin: 'https://evil.example' }), publicUrl, true)).toBe(false);
    expect(isSameOrigin(request({ origin: 'null', referer: `${publicUrl}/` }), publicUrl, true)).toBe(true);
    expect(isSameOrigin(request({ origin: 'null' }), publicUrl, true)).toBe(false);
    expect(isSameOrigin(request({}), publicUrl, true)).toBe(false);
    expect(
      isSameOrigin(request({ origin: 'https://portcullis.example.com.evil.example' }), publicUrl, true),
    ).toBe(false);
  });

  it('accepts the origin the request was addressed to only while PUBLIC_URL is not configured', () => {
    const local = request({ origin: 'http://localhost:8080', host: 'localhost:8080' });
    expect(isSameOrigin(local, 'http://127.0.0.1:8080', false)).toBe(true);
    expect(isSameOrigin(local, 'https://portcullis.example.com', true)).toBe(false);
  });
});

describe('isUnsafeMethod', () => {
  it('names the methods that change things', () => {
    expect(['POST', 'put', 'PATCH', 'DELETE'].every(isUnsafeMethod)).toBe(true);
    expect(['GET', 'HEAD', 'OPTIONS'].some(isUnsafeMethod)).toBe(false);
  });
});

describe('trustProxySetting', () => {
  it('trusts no proxy unless told, then hops, true or a list', () => {
    expect(trustProxySetting(undefined)).toBe(false);
    expect(trustProxySetting('false')).toBe(false);
    expect(trustProxySetting('true')).toBe(true);
    expect(trustProxySetting('2')).toBe(2);
    expect(trustProxySetting('loopback, 10.0.0.0/8')).toBe('loopback, 10.0.0.0/8');
  });
});
