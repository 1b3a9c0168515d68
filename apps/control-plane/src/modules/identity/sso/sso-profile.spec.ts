import { describe, expect, it } from 'vitest';
import { toSsoProfile, unverifiedJwtClaims } from './sso-profile.js';

const issuer = 'https://acme.okta.com/oauth2/default';

describe('toSsoProfile', () => {
  it('takes groups and e-mail from userinfo, the subject from the ID token', () => {
    const profile = toSsoProfile({
      issuer,
      idToken: { sub: '00u1', iss: issuer },
      userinfo: {
        sub: '00u1',
        email: ' Bob@Acme.Test ',
        email_verified: true,
        name: 'Bob Builder',
        groups: ['acme-owners', 'acme-owners', 'Everyone', 42, ''],
      },
      groupsClaim: 'groups',
    });
    expect(profile).toEqual({
      issuer,
      subject: '00u1',
      email: 'bob@acme.test',
      emailVerified: true,
      name: 'Bob Builder',
      groups: ['Everyone', 'acme-owners'],
    });
  });

  it('falls back to ID-token claims, a configured groups claim and given + family names', () => {
    const profile = toSsoProfile({
      issuer,
      idToken: { sub: 'abc', email: 'c@acme.test', email_verified: 'true', roles: 'acme-devs' },
      userinfo: { given_name: 'Carol', family_name: 'Coder' },
      groupsClaim: 'roles',
    });
    expect(profile).toMatchObject({
      email: 'c@acme.test',
      emailVerified: true,
      name: 'Carol Coder',
      groups: ['acme-devs'],
    });
  });

  it('never calls an e-mail verified unless the issuer says so, nor keeps a malformed one', () => {
    expect(
      toSsoProfile({
        issuer,
        idToken: { sub: 's' },
        userinfo: { email: 'd@acme.test' },
        groupsClaim: 'groups',
      }),
    ).toMatchObject({ email: 'd@acme.test', emailVerified: false, name: null, groups: [] });
    expect(
      toSsoProfile({
        issuer,
        idToken: { sub: 's' },
        userinfo: { email: 'not an address', email_verified: true },
        groupsClaim: 'groups',
      }),
    ).toMatchObject({ email: null, emailVerified: false });
  });

  it('refuses a userinfo response about someone else, and a token without subject', () => {
    expect(() =>
      toSsoProfile({ issuer, idToken: { sub: 'a' }, userinfo: { sub: 'b' }, groupsClaim: 'groups' }),
    ).toThrow(/subject/);
    expect(() => toSsoProfile({ issuer, idToken: {}, userinfo: undefined, groupsClaim: 'groups' })).toThrow(
      /subject/,
    );
  });
});

describe('unverifiedJwtClaims', () => {
  it('reads the payload of a compact JWS', () => {
    const payload = Buffer.from(JSON.stringify({ sub: 'x', nonce: 'n' })).toString('base64url');
    expect(unverifiedJwtClaims(`e30.${payload}.sig`)).toEqual({ sub: 'x', nonce: 'n' });
    expect(() => unverifiedJwtClaims('garbage')).toThrow();
  });
});
