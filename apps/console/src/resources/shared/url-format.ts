const isWebUrl = (value: string): boolean => {
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
};

/**
 * A first check of an issuer or JWKS URL, so a typo shows before saving. The API decides the rest
 * (https except for hosts the platform allows, reachability, private addresses) and names the field.
 */
export const urlFormat = (value: unknown): string | undefined =>
  typeof value !== 'string' || value === '' || isWebUrl(value)
    ? undefined
    : 'A URL, e.g. https://acme.okta.com/oauth2/default.';
