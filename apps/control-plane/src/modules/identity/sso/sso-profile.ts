/** What Portcullis keeps of a person an OpenID Connect issuer vouches for. */
export interface SsoProfile {
  /** The `iss` of the ID token (already checked against the trusted issuer). */
  issuer: string;
  /** The `sub`: stable per issuer, the key that links the person to a directory user. */
  subject: string;
  /** Lower-cased, or null when the issuer sent none (or nothing that looks like one). */
  email: string | null;
  /** True only when the issuer says so (`email_verified: true`). */
  emailVerified: boolean;
  name: string | null;
  /** Group names from the configured groups claim (role bindings of type idp-group name these). */
  groups: string[];
}

export type Claims = Readonly<Record<string, unknown>>;

const MAX_GROUPS = 500;
const MAX_GROUP_NAME = 255;
const MAX_TEXT = 255;
const MAX_EMAIL = 320;

export function isClaims(value: unknown): value is Claims {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The claims of a compact JWS without checking its signature (see docs/decisions/0006). */
export function unverifiedJwtClaims(token: string): Claims {
  const payload = token.split('.')[1];
  if (payload === undefined) throw new Error('the ID token is not a JWT');
  const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  if (!isClaims(parsed)) throw new Error('the ID token payload is not a JSON object');
  return parsed;
}

function text(value: unknown, max = MAX_TEXT): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed.slice(0, max);
}

function email(value: unknown): string | null {
  const candidate = text(value, MAX_EMAIL + 1)?.toLowerCase() ?? null;
  if (candidate === null || candidate.length > MAX_EMAIL) return null;
  return /^[^\s@]+@[^\s@]+$/.test(candidate) ? candidate : null;
}

/** Some issuers (older Cognito, some ADFS set-ups) send the boolean as a string. */
function verified(value: unknown): boolean {
  return value === true || value === 'true';
}

function groups(value: unknown): string[] {
  const raw = typeof value === 'string' ? [value] : Array.isArray(value) ? (value as unknown[]) : [];
  const names = new Set<string>();
  for (const item of raw) {
    if (typeof item !== 'string') continue;
    const name = item.trim();
    if (name !== '' && name.length <= MAX_GROUP_NAME) names.add(name);
    if (names.size >= MAX_GROUPS) break;
  }
  return [...names].sort();
}

/**
 * Maps what the issuer sent — the ID token's claims and the userinfo response — to an SsoProfile.
 * Userinfo wins where both carry a claim (it is what the `groups` scope fills in); a userinfo
 * `sub` that differs from the ID token's is refused (OIDC Core §5.3.2).
 */
export function toSsoProfile(input: {
  issuer: string;
  idToken: Claims;
  userinfo: Claims | undefined;
  groupsClaim: string;
}): SsoProfile {
  const { idToken, userinfo = {} } = input;
  const subject = text(idToken.sub);
  if (subject === null) throw new Error('the ID token has no subject');
  if (userinfo.sub !== undefined && userinfo.sub !== subject) {
    throw new Error('the userinfo subject differs from the ID token subject');
  }
  const claim = (name: string): unknown => userinfo[name] ?? idToken[name];
  const given = text(claim('given_name'));
  const family = text(claim('family_name'));
  const joined = [given, family].filter((part) => part !== null).join(' ');
  const address = email(claim('email'));
  return {
    issuer: input.issuer,
    subject,
    email: address,
    emailVerified: address !== null && verified(claim('email_verified')),
    name: text(claim('name')) ?? (joined === '' ? null : joined),
    groups: groups(claim(input.groupsClaim)),
  };
}
