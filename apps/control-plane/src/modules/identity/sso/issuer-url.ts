const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Why `value` cannot be an OpenID Connect issuer, or undefined when it can: an https URL without
 * query, fragment or credentials; plain http only on this machine (development and tests).
 */
export function issuerProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'issuer must be an absolute URL such as https://acme.okta.com/oauth2/default';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'issuer must be an https URL';
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    return 'issuer must be an https URL (plain http is allowed only for localhost and 127.0.0.1)';
  }
  if (url.username !== '' || url.password !== '') return 'issuer must not contain credentials';
  if (url.search !== '' || url.hash !== '' || value.includes('?') || value.includes('#')) {
    return 'issuer must not have a query or a fragment';
  }
  return undefined;
}
