import { type ClientRequestArgs, Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent, type RequestOptions } from 'node:https';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { PassportStrategy } from '@nestjs/passport';
import type { OAuth2 } from 'oauth';
import { Passport } from 'passport';
import { Strategy } from 'passport-openidconnect';
import type { OidcEndpoints } from './oidc-discovery.js';
import { SignInErrorCode, type SignInRefusal } from './sign-in.errors.js';
import { isClaims, toSsoProfile, unverifiedJwtClaims, type SsoProfile } from './sso-profile.js';

/** How one trusted issuer is reached, and where it sends the browser back to. */
export interface OidcClientConfig {
  providerId: string;
  endpoints: OidcEndpoints;
  clientId: string;
  clientSecret: string;
  callbackUrl: string;
  groupsClaim: string;
}

/** What the session will hold once the person is signed in. */
export interface SignedInUser {
  userId: string;
  idpGroups: string[];
  providerId: string;
}

/** Decides whether the person the issuer vouches for may sign in (identity's matching rules). */
export type AcceptProfile = (profile: SsoProfile) => Promise<SignedInUser | SignInRefusal>;

/** Token and userinfo calls give up after this long without a byte from the issuer. */
const IDP_SOCKET_TIMEOUT_MS = 10_000;

// The scopes after `openid` (which the strategy always adds): `groups` makes Okta (and the
// development IdP) put the group names in the userinfo response.
const SCOPES = ['profile', 'email', 'groups'];

// The mixin registers every strategy it constructs on a Passport instance, under one name.
// Portcullis builds one strategy per trusted issuer at run time and gives the instance itself to
// passport.authenticate, so that registration goes to this private instance, never to the
// process-wide one (where strategies of another control plane in the same process would clash).
const registrations = new Passport();

type ConnectionCallback = (error: Error | null, stream: Duplex) => void;

// passport-openidconnect (through `oauth`) sets no timeout on its token and userinfo requests: a
// silent issuer would hold the sign-in request forever. Its sockets time out instead.
function timingOut(connection: Duplex | null | undefined): Duplex | null | undefined {
  if (connection instanceof Socket) {
    connection.setTimeout(IDP_SOCKET_TIMEOUT_MS, () => {
      connection.destroy(
        new Error(`the identity provider did not answer within ${IDP_SOCKET_TIMEOUT_MS} ms`),
      );
    });
  }
  return connection;
}

class TimingOutHttpAgent extends HttpAgent {
  override createConnection(
    options: ClientRequestArgs,
    callback?: ConnectionCallback,
  ): Duplex | null | undefined {
    return timingOut(super.createConnection(options, callback));
  }
}

class TimingOutHttpsAgent extends HttpsAgent {
  override createConnection(
    options: RequestOptions,
    callback?: ConnectionCallback,
  ): Duplex | null | undefined {
    return timingOut(super.createConnection(options, callback));
  }
}

function isJsonObjectText(body: string | Buffer | undefined): boolean {
  if (body === undefined) return false;
  try {
    return isClaims(JSON.parse(body.toString()));
  } catch {
    return false;
  }
}

/**
 * passport-openidconnect 0.1.2 parses the userinfo body inside an async callback and, when it is
 * not JSON (a signed `application/jwt` userinfo, an HTML error page with status 200), calls an
 * undefined function there: an uncaught exception that would stop the process. Such a body is
 * turned into an ordinary "failed to fetch user profile" error before the library sees it.
 */
function guardUserinfoParsing(oauth2: OAuth2): void {
  const get = oauth2.get.bind(oauth2);
  oauth2.get = (url, accessToken, callback) => {
    get(url, accessToken, (error, body, response) => {
      // oauth passes null for "no error", which its type declarations do not admit.
      if ((error as unknown) === null && !isJsonObjectText(body)) {
        callback({ statusCode: 502, data: 'the userinfo response is not a JSON object' }, body, response);
        return;
      }
      callback(error, body, response);
    });
  };
}

/**
 * Console sign-in with one OpenID Connect issuer: the authorization-code flow with state and
 * nonce (passport-openidconnect), userinfo fetched for the groups. It only maps what the issuer
 * sent to an SsoProfile and hands it to identity (`accept`), which decides who signs in.
 */
export class OidcStrategy extends PassportStrategy(Strategy, 'portcullis-oidc', true) {
  constructor(
    private readonly client: OidcClientConfig,
    private readonly accept: AcceptProfile,
  ) {
    super({
      issuer: client.endpoints.issuer,
      authorizationURL: client.endpoints.authorizationEndpoint,
      tokenURL: client.endpoints.tokenEndpoint,
      userInfoURL: client.endpoints.userinfoEndpoint,
      clientID: client.clientId,
      clientSecret: client.clientSecret,
      callbackURL: client.callbackUrl,
      scope: SCOPES,
      // Any truthy value: the strategy then sends a random nonce and checks it in the ID token.
      nonce: 'true',
      // One pending sign-in per issuer and session (the default key is the issuer's host name).
      sessionKey: `oidc:${client.providerId}`,
      agent: client.endpoints.tokenEndpoint.startsWith('https:')
        ? new TimingOutHttpsAgent()
        : new TimingOutHttpAgent(),
    });
    guardUserinfoParsing(this._oauth2);
  }

  getPassportInstance(): typeof registrations {
    return registrations;
  }

  /**
   * Eight parameters on purpose: PassportStrategy's third argument makes the verify callback
   * take nine, the arity at which passport-openidconnect fetches userinfo (and the groups).
   */
  async validate(
    issuer: string,
    userinfoProfile: unknown,
    _idTokenProfile: unknown,
    _context: unknown,
    idToken: unknown,
    _accessToken: unknown,
    _refreshToken: unknown,
    _params: unknown,
  ): Promise<SignedInUser | [false, SignInRefusal]> {
    const json = isClaims(userinfoProfile) ? userinfoProfile._json : undefined;
    let profile: SsoProfile;
    try {
      if (typeof idToken !== 'string') throw new Error('no ID token');
      profile = toSsoProfile({
        issuer,
        idToken: unverifiedJwtClaims(idToken),
        userinfo: isClaims(json) ? json : undefined,
        groupsClaim: this.client.groupsClaim,
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'unreadable profile';
      return [false, { code: SignInErrorCode.TOKEN_INVALID, reason }];
    }
    const verdict = await this.accept(profile);
    return 'code' in verdict ? [false, verdict] : verdict;
  }
}
