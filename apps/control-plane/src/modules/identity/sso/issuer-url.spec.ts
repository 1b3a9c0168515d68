import { describe, expect, it } from 'vitest';
import { issuerProblem } from './issuer-url.js';

describe('issuerProblem', () => {
  it('accepts https issuers, and http ones only on this machine', () => {
    for (const issuer of [
      'https://acme.okta.com/oauth2/default',
      'https://login.example.com',
      'http://localhost:8080/dev-idp',
      'http://127.0.0.1:4000',
      'http://[::1]:4000',
    ]) {
      expect(issuerProblem(issuer), issuer).toBeUndefined();
    }
  });

  it('refuses plain http elsewhere, other schemes, queries, fragments and credentials', () => {
    expect(issuerProblem('http://idp.example.com')).toMatch(/https/);
    expect(issuerProblem('http://169.254.169.254/latest')).toMatch(/https/);
    expect(issuerProblem('ftp://idp.example.com')).toMatch(/https/);
    expect(issuerProblem('acme.okta.com')).toMatch(/absolute URL/);
    expect(issuerProblem('https://idp.example.com/?tenant=1')).toMatch(/query/);
    expect(issuerProblem('https://idp.example.com/#x')).toMatch(/fragment/);
    expect(issuerProblem('https://user:pw@idp.example.com')).toMatch(/credentials/);
  });
});
