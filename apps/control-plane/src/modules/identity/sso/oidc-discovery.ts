import { isClaims } from './sso-profile.js';
import { SignInError, SignInErrorCode } from './sign-in.errors.js';

/** The endpoints of an issuer, from its `/.well-known/openid-configuration`. */
export interface OidcEndpoints {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  userinfoEndpoint: string;
}

const TIMEOUT_MS = 5_000;
const MAX_BYTES = 256 * 1024;
const FRESH_MS = 60 * 60 * 1000;

function endpoint(doc: Record<string, unknown>, name: string, issuer: string): string {
  const value = doc[name];
  if (typeof value === 'string') {
    try {
      const url = new URL(value);
      if (url.protocol === 'https:' || url.protocol === 'http:') return value;
    } catch {
      // reported below
    }
  }
  throw new SignInError(
    SignInErrorCode.IDP_UNAVAILABLE,
    `the discovery document of ${issuer} has no usable ${name}`,
  );
}

/**
 * OpenID Provider discovery, which passport-openidconnect 0.1.2 does not do: fetches the
 * issuer's configuration with a timeout and a size cap, without following redirects, checks that
 * it names the same issuer (OpenID Connect Discovery §4.3), and keeps it for an hour.
 */
export class OidcDiscovery {
  private readonly cache = new Map<string, { endpoints: OidcEndpoints; at: number }>();

  constructor(private readonly fetchImpl: typeof fetch = fetch) {}

  async endpoints(issuer: string): Promise<OidcEndpoints> {
    const cached = this.cache.get(issuer);
    if (cached !== undefined && Date.now() - cached.at < FRESH_MS) return cached.endpoints;
    const endpoints = await this.fetchEndpoints(issuer);
    this.cache.set(issuer, { endpoints, at: Date.now() });
    return endpoints;
  }

  private async fetchEndpoints(issuer: string): Promise<OidcEndpoints> {
    const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    let body: string;
    try {
      const response = await this.fetchImpl(url, {
        headers: { accept: 'application/json' },
        redirect: 'error',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const length = Number(response.headers.get('content-length') ?? '0');
      if (length > MAX_BYTES) throw new Error('the document is too large');
      body = await response.text();
      if (body.length > MAX_BYTES) throw new Error('the document is too large');
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new SignInError(SignInErrorCode.IDP_UNAVAILABLE, `discovery at ${url} failed: ${why}`);
    }
    let doc: unknown;
    try {
      doc = JSON.parse(body);
    } catch {
      doc = undefined;
    }
    if (!isClaims(doc)) {
      throw new SignInError(SignInErrorCode.IDP_UNAVAILABLE, `discovery at ${url} did not return JSON`);
    }
    if (doc.issuer !== issuer) {
      throw new SignInError(
        SignInErrorCode.IDP_UNAVAILABLE,
        `the discovery document at ${url} names the issuer ${JSON.stringify(doc.issuer)}, not ${issuer}`,
      );
    }
    return {
      issuer,
      authorizationEndpoint: endpoint(doc, 'authorization_endpoint', issuer),
      tokenEndpoint: endpoint(doc, 'token_endpoint', issuer),
      userinfoEndpoint: endpoint(doc, 'userinfo_endpoint', issuer),
    };
  }
}
