/** The `scimType` values of RFC 7644 §3.12 that this service provider answers with. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

/**
 * An expected failure of a SCIM request. The SCIM error filter writes it as the RFC 7644 §3.12
 * body; `detail` is written for the IdP's administrator and never quotes a password or a token.
 */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
  ) {
    super(detail);
    this.name = 'ScimError';
  }
}

export const ScimErrors = {
  unauthenticated: (detail: string): ScimError => new ScimError(401, detail),
  notFound: (resourceType: string, id: string): ScimError =>
    new ScimError(404, `${resourceType} ${JSON.stringify(id.slice(0, 100))} not found`),
  noSuchEndpoint: (path: string): ScimError =>
    new ScimError(404, `No SCIM endpoint at ${path.slice(0, 200)}; see /scim/v2/ResourceTypes`),
  notImplemented: (what: string): ScimError =>
    new ScimError(
      501,
      `${what} is not supported by this service provider (see /scim/v2/ServiceProviderConfig)`,
    ),
  invalidSyntax: (detail: string): ScimError => new ScimError(400, detail, 'invalidSyntax'),
  invalidFilter: (detail: string): ScimError => new ScimError(400, detail, 'invalidFilter'),
  invalidPath: (detail: string): ScimError => new ScimError(400, detail, 'invalidPath'),
  invalidValue: (detail: string): ScimError => new ScimError(400, detail, 'invalidValue'),
  noTarget: (detail: string): ScimError => new ScimError(400, detail, 'noTarget'),
  mutability: (detail: string): ScimError => new ScimError(400, detail, 'mutability'),
  tooMany: (detail: string): ScimError => new ScimError(400, detail, 'tooMany'),
  uniqueness: (detail: string): ScimError => new ScimError(409, detail, 'uniqueness'),
  preconditionFailed: (): ScimError =>
    new ScimError(
      412,
      'The resource has changed since the version named in If-Match: fetch it again and retry',
    ),
  unsupportedMediaType: (): ScimError =>
    new ScimError(
      415,
      'Send the body as JSON with Content-Type: application/scim+json (or application/json)',
    ),
  payloadTooLarge: (): ScimError => new ScimError(413, 'The request body is too large'),
  internal: (): ScimError => new ScimError(500, 'Internal error'),
};
