import polyglotI18nProvider from 'ra-i18n-polyglot';
import englishMessages from 'ra-language-english';
import { mergeTranslations, type TranslationMessages } from 'react-admin';

// Resource labels and notifications: "Tenant created" rather than react-admin's "Element created".
const portcullisMessages = {
  resources: {
    tenants: {
      name: 'Tenant |||| Tenants',
      fields: {
        id: 'ID',
        name: 'Name',
        slug: 'Slug',
        createdAt: 'Created',
        updatedAt: 'Updated',
      },
      notifications: {
        created: 'Tenant created',
        updated: 'Tenant updated',
        deleted: 'Tenant deleted |||| %{smart_count} tenants deleted',
      },
    },
    users: {
      name: 'User |||| Users',
      fields: {
        id: 'ID',
        tenantId: 'Tenant',
        userName: 'User name',
        displayName: 'Display name',
        email: 'E-mail',
        active: 'Active',
        source: 'Source',
        externalId: 'External id (IdP)',
        createdAt: 'Created',
        updatedAt: 'Updated',
      },
      notifications: {
        created: 'User created',
        updated: 'User updated',
        deleted: 'User deleted |||| %{smart_count} users deleted',
      },
    },
    groups: {
      name: 'Group |||| Groups',
      fields: {
        id: 'ID',
        tenantId: 'Tenant',
        displayName: 'Name',
        memberIds: 'Members',
        source: 'Source',
        externalId: 'External id (IdP)',
        createdAt: 'Created',
        updatedAt: 'Updated',
      },
      notifications: {
        created: 'Group created',
        updated: 'Group updated',
        deleted: 'Group deleted |||| %{smart_count} groups deleted',
      },
    },
    'role-bindings': {
      name: 'Role binding |||| Role bindings',
      fields: {
        id: 'ID',
        tenantId: 'Tenant',
        role: 'Role',
        subjectType: 'Subject type',
        subjectId: 'Subject',
        subjectName: 'IdP group name',
        createdAt: 'Granted',
      },
      notifications: {
        created: 'Role granted',
        deleted: 'Role binding removed |||| %{smart_count} role bindings removed',
      },
    },
    'scim-tokens': {
      name: 'SCIM token |||| SCIM tokens',
      fields: {
        id: 'ID',
        tenantId: 'Tenant',
        name: 'Name',
        prefix: 'Prefix',
        lastUsedAt: 'Last used',
        revokedAt: 'Revoked',
        createdAt: 'Created',
      },
      notifications: {
        deleted: 'SCIM token revoked |||| %{smart_count} SCIM tokens revoked',
      },
    },
    providers: {
      name: 'Provider |||| Providers',
      fields: {
        id: 'ID',
        tenantId: 'Tenant',
        name: 'Name',
        type: 'Type',
        baseUrl: 'Base URL',
        credentialsSet: 'Credentials',
        options: 'Options',
        timeoutMs: 'Timeout',
        createdAt: 'Created',
        updatedAt: 'Updated',
      },
      notifications: {
        created: 'Provider added',
        updated: 'Provider updated',
        deleted: 'Provider deleted |||| %{smart_count} providers deleted',
      },
    },
    models: {
      name: 'Model |||| Models',
      fields: {
        id: 'ID',
        tenantId: 'Tenant',
        alias: 'Alias',
        description: 'Description',
        capabilities: 'Capabilities',
        contextWindow: 'Context window',
        inputPrice: 'Input price',
        outputPrice: 'Output price',
        cachedInputPrice: 'Cached input price',
        currency: 'Currency',
        deployments: 'Deployments',
        createdAt: 'Created',
        updatedAt: 'Updated',
      },
      notifications: {
        created: 'Model added',
        updated: 'Model updated',
        deleted: 'Model deleted |||| %{smart_count} models deleted',
      },
    },
    apps: {
      name: 'Application |||| Applications',
      fields: {
        id: 'ID',
        tenantId: 'Tenant',
        name: 'Name',
        description: 'Description',
        clientId: 'OAuth client id',
        active: 'Active',
        createdAt: 'Created',
        updatedAt: 'Updated',
      },
      notifications: {
        created: 'Application created',
        updated: 'Application updated',
        deleted: 'Application deleted |||| %{smart_count} applications deleted',
      },
    },
    keys: {
      name: 'API key |||| API keys',
      fields: {
        id: 'ID',
        tenantId: 'Tenant',
        owner: 'Owner',
        name: 'Name',
        prefix: 'Prefix',
        scopeModels: 'Limited to models',
        metadata: 'Labels',
        status: 'Status',
        expiresAt: 'Expires',
        revokedAt: 'Revoked',
        lastUsedAt: 'Last used',
        createdBy: 'Created by',
        createdAt: 'Created',
        applicationId: 'Application',
        userId: 'User (owner)',
      },
      notifications: {
        deleted: 'API key revoked |||| %{smart_count} API keys revoked',
      },
    },
    grants: {
      name: 'Grant |||| Grants',
      fields: {
        id: 'ID',
        tenantId: 'Tenant',
        model: 'Model',
        subject: 'Subject',
        subjectKind: 'Granted to',
        createdAt: 'Granted',
      },
      notifications: {
        created: 'Model granted',
        deleted: 'Grant removed |||| %{smart_count} grants removed',
      },
    },
    audit: {
      name: 'Audit event |||| Audit log',
      fields: {
        id: 'ID',
        seq: '#',
        occurredAt: 'When',
        action: 'Action',
        tenantId: 'Tenant',
        ip: 'IP address',
        userAgent: 'User agent',
        requestId: 'Request id',
        hash: 'Hash',
        prevHash: 'Previous hash',
      },
    },
    nodes: {
      name: 'Data-plane node |||| Data-plane nodes',
      fields: {
        id: 'ID',
        name: 'Name',
        status: 'Status',
        version: 'Version',
        appliedRevision: 'Applied revision',
        lagRevisions: 'Lag',
        appliedAt: 'Applied',
        lastSeenAt: 'Last seen',
        remoteAddress: 'Last address',
        enrolledAt: 'Enrolled',
        revokedAt: 'Revoked',
        q: 'Search',
      },
      notifications: {
        deleted: 'Node revoked |||| %{smart_count} nodes revoked',
      },
    },
    'enrollment-tokens': {
      name: 'Enrollment token |||| Enrollment tokens',
      fields: {
        id: 'ID',
        name: 'Name',
        prefix: 'Prefix',
        status: 'Status',
        expiresAt: 'Expires',
        expiresInHours: 'Expires in (hours)',
        usedAt: 'Used',
        usedByNodeId: 'Node',
        revokedAt: 'Revoked',
        createdBy: 'Created by',
        createdAt: 'Created',
        q: 'Search',
      },
      notifications: {
        deleted: 'Enrollment token revoked |||| %{smart_count} enrollment tokens revoked',
      },
    },
    'signing-keys': {
      name: 'Signing key |||| Signing keys',
      fields: {
        kid: 'Key id',
        status: 'Status',
        announced: 'Announced',
        createdAt: 'Created',
        activatedAt: 'Activated',
        retiredAt: 'Retired',
      },
    },
    'personal-access-tokens': {
      name: 'Access token |||| My access tokens',
      fields: {
        id: 'ID',
        name: 'Name',
        prefix: 'Prefix',
        expiresAt: 'Expires',
        revokedAt: 'Revoked',
        lastUsedAt: 'Last used',
        createdAt: 'Created',
        expiresInDays: 'Expires in (days)',
      },
      notifications: {
        deleted: 'Token revoked |||| %{smart_count} tokens revoked',
      },
    },
    'token-issuers': {
      name: 'Token issuer |||| Token issuers',
      fields: { issuer: 'Issuer', updatedAt: 'Updated', createdAt: 'Created', id: 'ID' },
      notifications: {
        created: 'Token issuer trusted',
        updated: 'Token issuer updated',
        deleted: 'Token issuer removed |||| %{smart_count} token issuers removed',
      },
    },
    'identity-providers': {
      name: 'Sign-in IdP |||| Sign-in IdPs',
      fields: {
        issuer: 'Issuer',
        clientId: 'Client id',
        updatedAt: 'Updated',
        createdAt: 'Created',
        id: 'ID',
      },
      notifications: {
        created: 'Sign-in IdP added',
        updated: 'Sign-in IdP updated',
        deleted: 'Sign-in IdP removed |||| %{smart_count} sign-in IdPs removed',
      },
    },
    usage: {
      name: 'Usage event |||| Usage',
      fields: { occurredAt: 'When', model: 'Model', status: 'Status' },
    },
  },
};

const messages: TranslationMessages = mergeTranslations(
  englishMessages,
  portcullisMessages,
) as TranslationMessages;

export const i18nProvider = polyglotI18nProvider(() => messages, 'en', [{ locale: 'en', name: 'English' }], {
  allowMissing: true,
});
