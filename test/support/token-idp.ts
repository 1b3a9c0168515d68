import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Provider } from 'oidc-provider';

/** The audience (resource indicator) the stand-in IdP issues access tokens for. */
export const GATEWAY_AUDIENCE = 'api://portcullis';

/** Claims a person's access token carries beyond the standard ones. */
export interface TokenClaims {
  groups?: string[];
  amr?: string[];
  [claim: string]: unknown;
}

/**
 * A real OpenID Provider (oidc-provider) on a random port, standing in for an Okta custom
 * authorization server that issues JWT access tokens (ES256) for the gateway's audience:
 * client-credentials tokens through its token endpoint, and people's tokens minted the way its
 * authorization-code flow would (the browser steps are the SSO tests' business).
 */
export class TokenIdp {
  private constructor(
    private readonly server: Server,
    private readonly provider: Provider,
    /** Extra claims of each person's next token, by account id. */
    private readonly claims: Map<string, TokenClaims>,
    readonly issuer: string,
    readonly client: { id: string; secret: string },
  ) {}

  static async start(): Promise<TokenIdp> {
    const { Provider: ProviderClass } = await import('oidc-provider');
    const holder: { idp?: TokenIdp } = {};
    const server = createServer((req, res) => {
      const idp = holder.idp;
      if (idp === undefined) {
        res.writeHead(503).end();
        return;
      }
      const prefix = new URL(idp.issuer).pathname;
      const original = req.url ?? '/';
      if (!original.startsWith(prefix)) {
        res.writeHead(404).end();
        return;
      }
      // Mounted under the issuer's path, as an Express app would mount it.
      Object.assign(req, { originalUrl: original });
      req.url = original.slice(prefix.length) || '/';
      void idp.provider.callback()(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth2/gateway`;
    const client = { id: 'svc-client', secret: randomBytes(24).toString('base64url') };
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
    const claims = new Map<string, TokenClaims>();
    const claimsOf = (accountId: string | undefined): TokenClaims =>
      accountId === undefined ? {} : (claims.get(accountId) ?? {});
    const provider = new ProviderClass(issuer, {
      clients: [
        {
          client_id: client.id,
          client_secret: client.secret,
          grant_types: ['client_credentials'],
          redirect_uris: [],
          response_types: [],
          token_endpoint_auth_method: 'client_secret_post',
        },
        {
          client_id: 'console-cli',
          client_secret: randomBytes(24).toString('base64url'),
          grant_types: ['authorization_code'],
          redirect_uris: ['http://127.0.0.1/callback'],
          response_types: ['code'],
        },
      ],
      clientDefaults: { id_token_signed_response_alg: 'ES256' },
      jwks: { keys: [{ ...key, kid: randomUUID(), alg: 'ES256', use: 'sig' }] },
      features: {
        devInteractions: { enabled: false },
        clientCredentials: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => GATEWAY_AUDIENCE,
          useGrantedResource: () => true,
          getResourceServerInfo: () => ({
            scope: 'llm',
            audience: GATEWAY_AUDIENCE,
            accessTokenFormat: 'jwt',
            accessTokenTTL: 600,
            jwt: { sign: { alg: 'ES256' } },
          }),
        },
      },
      extraTokenClaims: (_ctx, token) => ({ ...claimsOf((token as { accountId?: string }).accountId) }),
      scopes: ['openid', 'llm'],
    });
    const idp = new TokenIdp(server, provider, claims, issuer, client);
    holder.idp = idp;
    return idp;
  }

  get jwksUri(): string {
    return `${this.issuer}/jwks`;
  }

  /** A client-credentials access token, through the token endpoint as a service would get it. */
  async clientCredentialsToken(): Promise<string> {
    const response = await fetch(`${this.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: this.client.id,
        client_secret: this.client.secret,
        scope: 'llm',
        resource: GATEWAY_AUDIENCE,
      }).toString(),
    });
    const body = (await response.json()) as { access_token?: string; error?: string };
    if (body.access_token === undefined) throw new Error(`no token: ${JSON.stringify(body)}`);
    return body.access_token;
  }

  /**
   * A person's access token for the gateway (`sub` = `accountId`), as the authorization-code flow
   * of the `console-cli` client would issue it, signed with the IdP's published key.
   */
  async personToken(accountId: string, claims: TokenClaims = {}): Promise<string> {
    this.claims.set(accountId, claims);
    const client = await this.provider.Client.find('console-cli');
    if (client === undefined) throw new Error('console-cli client missing');
    const grant = new this.provider.Grant({ accountId, clientId: client.clientId });
    grant.addResourceScope(GATEWAY_AUDIENCE, 'llm');
    const grantId = await grant.save();
    const token = new this.provider.AccessToken({
      accountId,
      client,
      grantId,
      gty: 'authorization_code',
      scope: 'llm',
      resourceServer: new this.provider.ResourceServer(GATEWAY_AUDIENCE, {
        scope: 'llm',
        audience: GATEWAY_AUDIENCE,
        accessTokenFormat: 'jwt',
        accessTokenTTL: 600,
        jwt: { sign: { alg: 'ES256' } },
      }),
    });
    return token.save();
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server.close(() => {
        resolve();
      }),
    );
  }
}
