/**
 * The SCIM schemas this service provider implements, as data. One description drives the
 * `/Schemas` document, attribute-path resolution (PATCH paths, filters, `attributes`), input
 * validation and output projection, so what is advertised is exactly what is supported.
 */

export const SCIM_SCHEMA = {
  USER: 'urn:ietf:params:scim:schemas:core:2.0:User',
  GROUP: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  ENTERPRISE_USER: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  LIST_RESPONSE: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  PATCH_OP: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  ERROR: 'urn:ietf:params:scim:api:messages:2.0:Error',
  SERVICE_PROVIDER_CONFIG: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  RESOURCE_TYPE: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  SCHEMA: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
} as const;

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

export type AttributeType = 'string' | 'boolean' | 'dateTime' | 'reference' | 'complex';
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type Returned = 'always' | 'never' | 'default' | 'request';
export type Uniqueness = 'none' | 'server' | 'global';

export interface AttributeDef {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly description: string;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly uniqueness: Uniqueness;
  readonly canonicalValues?: readonly string[];
  readonly referenceTypes?: readonly string[];
  readonly subAttributes?: readonly AttributeDef[];
  /** Longest string accepted, in characters (not advertised). */
  readonly maxLength: number;
  /** Most values of a multi-valued attribute accepted (not advertised). */
  readonly maxItems: number;
}

export interface SchemaDef {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeDef[];
}

export interface ResourceSchema {
  /** `User` or `Group`: the resource type's name and `meta.resourceType`. */
  readonly name: 'User' | 'Group';
  readonly endpoint: '/Users' | '/Groups';
  readonly core: SchemaDef;
  readonly extensions: readonly SchemaDef[];
}

type AttributeOptions = Partial<Omit<AttributeDef, 'name' | 'type' | 'description'>>;

function attribute(
  name: string,
  type: AttributeType,
  description: string,
  options: AttributeOptions = {},
): AttributeDef {
  return {
    name,
    type,
    description,
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    maxLength: 1024,
    maxItems: 1,
    ...options,
  };
}

const text = (name: string, description: string, options?: AttributeOptions): AttributeDef =>
  attribute(name, 'string', description, options);

/** A multi-valued complex attribute of the usual value/display/type/primary shape. */
function plural(
  name: string,
  description: string,
  types: readonly string[],
  valueOptions: AttributeOptions = {},
): AttributeDef {
  return attribute(name, 'complex', description, {
    multiValued: true,
    maxItems: 20,
    subAttributes: [
      text('value', `The ${name} value.`, valueOptions),
      text('display', 'A human-readable name, primarily used for display purposes.'),
      text('type', 'A label indicating the function of the value.', { canonicalValues: types }),
      attribute('primary', 'boolean', 'Whether this is the primary value of the attribute.'),
    ],
  });
}

/** `id`, `externalId` and `meta`: common to every resource (RFC 7643 §3.1), not part of a schema. */
export const COMMON_ATTRIBUTES: readonly AttributeDef[] = [
  text('id', 'The identifier of the resource, issued by the service provider.', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  text('externalId', 'The identifier of the resource in the provisioning client (the IdP).', {
    caseExact: true,
    maxLength: 255,
  }),
  attribute('meta', 'complex', 'Resource metadata.', {
    mutability: 'readOnly',
    subAttributes: [
      text('resourceType', 'The name of the resource type.', { mutability: 'readOnly', caseExact: true }),
      attribute('created', 'dateTime', 'When the resource was added.', { mutability: 'readOnly' }),
      attribute('lastModified', 'dateTime', 'When the resource was last changed.', {
        mutability: 'readOnly',
      }),
      attribute('location', 'reference', 'The URI of the resource.', {
        mutability: 'readOnly',
        caseExact: true,
      }),
      text('version', 'The version (weak entity tag) of the resource.', {
        mutability: 'readOnly',
        caseExact: true,
      }),
    ],
  }),
];

export const USER_SCHEMA: SchemaDef = {
  id: SCIM_SCHEMA.USER,
  name: 'User',
  description: 'User Account',
  attributes: [
    text('userName', 'Unique identifier for the User, case-insensitive within the tenant.', {
      required: true,
      uniqueness: 'server',
      maxLength: 255,
    }),
    attribute('name', 'complex', 'The components of the user’s real name.', {
      subAttributes: [
        text('formatted', 'The full name, formatted for display.', { maxLength: 512 }),
        text('familyName', 'The family name.', { maxLength: 255 }),
        text('givenName', 'The given name.', { maxLength: 255 }),
        text('middleName', 'The middle name(s).', { maxLength: 255 }),
        text('honorificPrefix', 'The honorific prefix(es), e.g. Ms.', { maxLength: 64 }),
        text('honorificSuffix', 'The honorific suffix(es), e.g. III.', { maxLength: 64 }),
      ],
    }),
    text('displayName', 'The name of the User, suitable for display to end-users.', { maxLength: 255 }),
    text('nickName', 'The casual way to address the user.', { maxLength: 255 }),
    attribute('profileUrl', 'reference', 'A URI of the user’s online profile.', {
      referenceTypes: ['external'],
      maxLength: 2048,
    }),
    text('title', 'The user’s title, such as “Vice President”.', { maxLength: 255 }),
    text('userType', 'The relationship between the organization and the user.', { maxLength: 255 }),
    text('preferredLanguage', 'The user’s preferred written or spoken language.', { maxLength: 64 }),
    text('locale', 'The user’s default location (language tag).', { maxLength: 64 }),
    text('timezone', 'The user’s time zone (IANA name).', { maxLength: 64 }),
    attribute('active', 'boolean', 'The user’s administrative status: false denies every access at once.'),
    plural('emails', 'E-mail addresses for the user.', ['work', 'home', 'other'], { maxLength: 320 }),
    plural(
      'phoneNumbers',
      'Phone numbers for the user.',
      ['work', 'home', 'mobile', 'fax', 'pager', 'other'],
      {
        maxLength: 64,
      },
    ),
    attribute('addresses', 'complex', 'A physical mailing address for this user.', {
      multiValued: true,
      maxItems: 10,
      subAttributes: [
        text('formatted', 'The full mailing address.'),
        text('streetAddress', 'The full street address component.'),
        text('locality', 'The city or locality component.'),
        text('region', 'The state or region component.'),
        text('postalCode', 'The zip code or postal code component.'),
        text('country', 'The country name component.'),
        text('type', 'A label indicating the function of the address.', {
          canonicalValues: ['work', 'home', 'other'],
        }),
        attribute('primary', 'boolean', 'Whether this is the primary address.'),
      ],
    }),
    attribute('groups', 'complex', 'The groups the user belongs to (read-only: change them on the Group).', {
      multiValued: true,
      mutability: 'readOnly',
      subAttributes: [
        text('value', 'The id of the group.', { mutability: 'readOnly', caseExact: true }),
        attribute('$ref', 'reference', 'The URI of the group.', {
          mutability: 'readOnly',
          referenceTypes: ['Group'],
          caseExact: true,
        }),
        text('display', 'The group’s displayName.', { mutability: 'readOnly' }),
        text('type', 'Membership type: always direct (nested groups are not supported).', {
          mutability: 'readOnly',
          canonicalValues: ['direct'],
        }),
      ],
    }),
  ],
};

export const ENTERPRISE_USER_SCHEMA: SchemaDef = {
  id: SCIM_SCHEMA.ENTERPRISE_USER,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    text('employeeNumber', 'A string identifier, typically numeric or alphanumeric, of the employee.', {
      maxLength: 255,
    }),
    text('costCenter', 'The name of a cost center.', { maxLength: 255 }),
    text('organization', 'The name of an organization.', { maxLength: 255 }),
    text('division', 'The name of a division.', { maxLength: 255 }),
    text('department', 'The name of a department.', { maxLength: 255 }),
    attribute('manager', 'complex', 'The user’s manager.', {
      subAttributes: [
        text('value', 'The id of the manager’s User.', { caseExact: true, maxLength: 255 }),
        attribute('$ref', 'reference', 'The URI of the manager’s User.', {
          referenceTypes: ['User'],
          caseExact: true,
          maxLength: 2048,
        }),
        text('displayName', 'The manager’s displayName.', { mutability: 'readOnly', maxLength: 255 }),
      ],
    }),
  ],
};

export const GROUP_SCHEMA: SchemaDef = {
  id: SCIM_SCHEMA.GROUP,
  name: 'Group',
  description: 'Group',
  attributes: [
    text('displayName', 'A human-readable name for the Group, unique within the tenant (case-insensitive).', {
      required: true,
      uniqueness: 'server',
      maxLength: 255,
    }),
    attribute(
      'members',
      'complex',
      'The members of the Group: users only (nested groups are not supported).',
      {
        multiValued: true,
        maxItems: 100_000,
        subAttributes: [
          text('value', 'The id of the member User.', {
            mutability: 'immutable',
            caseExact: true,
            maxLength: 64,
          }),
          attribute('$ref', 'reference', 'The URI of the member User.', {
            mutability: 'immutable',
            referenceTypes: ['User'],
            caseExact: true,
          }),
          text('display', 'The member’s displayName or userName.', { mutability: 'readOnly' }),
          text('type', 'The type of the member: User.', {
            mutability: 'immutable',
            canonicalValues: ['User'],
          }),
        ],
      },
    ),
  ],
};

export const USER_RESOURCE: ResourceSchema = {
  name: 'User',
  endpoint: '/Users',
  core: USER_SCHEMA,
  extensions: [ENTERPRISE_USER_SCHEMA],
};

export const GROUP_RESOURCE: ResourceSchema = {
  name: 'Group',
  endpoint: '/Groups',
  core: GROUP_SCHEMA,
  extensions: [],
};

/** An attribute path resolved against a resource's schemas (`name.givenName`, `urn:…:User:manager.value`). */
export interface ResolvedPath {
  /** The URN of the schema the attribute belongs to (the core schema for common attributes). */
  readonly schema: string;
  readonly extension: boolean;
  readonly attribute: AttributeDef;
  readonly sub?: AttributeDef;
  /** The canonical spelling: `name.givenName`, or `<extension URN>:manager.value`. */
  readonly path: string;
}

export type PathResolution =
  | { kind: 'attribute'; resolved: ResolvedPath }
  /** The extension itself, e.g. `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`. */
  | { kind: 'extension'; schema: SchemaDef }
  | { kind: 'unknown' };

function byName(attributes: readonly AttributeDef[], name: string): AttributeDef | undefined {
  const lower = name.toLowerCase();
  return attributes.find((candidate) => candidate.name.toLowerCase() === lower);
}

/**
 * Resolves an attribute path (no value filter) case-insensitively, as RFC 7643 §2.1 requires:
 * `userName`, `NAME.givenName`, `urn:…:core:2.0:User:userName`, `urn:…:enterprise:2.0:User:manager.value`.
 */
export function resolvePath(resource: ResourceSchema, path: string): PathResolution {
  const lower = path.toLowerCase();
  let schema = resource.core;
  let rest = path;
  for (const extension of resource.extensions) {
    const urn = extension.id.toLowerCase();
    if (lower === urn) return { kind: 'extension', schema: extension };
    if (lower.startsWith(`${urn}:`)) {
      schema = extension;
      rest = path.slice(urn.length + 1);
    }
  }
  const core = resource.core.id.toLowerCase();
  if (schema === resource.core && lower.startsWith(`${core}:`)) rest = path.slice(core.length + 1);

  const parts = rest.split('.');
  if (parts.length > 2 || parts.some((part) => part === '')) return { kind: 'unknown' };
  const [name = '', subName] = parts;
  const attributes =
    schema === resource.core ? [...COMMON_ATTRIBUTES, ...schema.attributes] : schema.attributes;
  const found = byName(attributes, name);
  if (found === undefined) return { kind: 'unknown' };
  let sub: AttributeDef | undefined;
  if (subName !== undefined) {
    sub = byName(found.subAttributes ?? [], subName);
    if (sub === undefined) return { kind: 'unknown' };
  }
  const prefix = schema === resource.core ? '' : `${schema.id}:`;
  return {
    kind: 'attribute',
    resolved: {
      schema: schema.id,
      extension: schema !== resource.core,
      attribute: found,
      ...(sub === undefined ? {} : { sub }),
      path: `${prefix}${found.name}${sub === undefined ? '' : `.${sub.name}`}`,
    },
  };
}

/** A sub-attribute of a complex attribute, by name, case-insensitively. */
export function subAttribute(parent: AttributeDef, name: string): AttributeDef | undefined {
  return byName(parent.subAttributes ?? [], name);
}

/** The schema definition as `/Schemas` publishes it (without the internal bounds). */
export function describeAttribute(attribute: AttributeDef): Record<string, unknown> {
  return {
    name: attribute.name,
    type: attribute.type,
    multiValued: attribute.multiValued,
    description: attribute.description,
    required: attribute.required,
    caseExact: attribute.caseExact,
    mutability: attribute.mutability,
    returned: attribute.returned,
    uniqueness: attribute.uniqueness,
    ...(attribute.canonicalValues ? { canonicalValues: attribute.canonicalValues } : {}),
    ...(attribute.referenceTypes ? { referenceTypes: attribute.referenceTypes } : {}),
    ...(attribute.subAttributes ? { subAttributes: attribute.subAttributes.map(describeAttribute) } : {}),
  };
}
