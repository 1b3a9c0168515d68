import {
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

/** The OpenID Connect issuer a tenant trusts for console sign-in (one per tenant). */
@Entity({ name: 'tenant_identity_providers' })
@Unique('uq_tenant_identity_providers_tenant', ['tenantId'])
export class TenantIdentityProviderEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('TenantEntity', { name: 'tenant_identity_providers_tenant_id_fkey' })
  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  /** Exactly as the issuer names itself (`iss`), e.g. https://acme.okta.com/oauth2/default. */
  @Column({ type: 'varchar', length: 512 })
  issuer!: string;

  @Column({ name: 'client_id', type: 'varchar', length: 255 })
  clientId!: string;

  /** encryptSecret(secret, masterKey, aad) envelope; the plaintext is never stored or returned. */
  @Column({ name: 'client_secret', type: 'text' })
  clientSecret!: string;

  /** The userinfo / ID-token claim that lists the person's groups. */
  @Column({ name: 'groups_claim', type: 'varchar', length: 100, default: 'groups' })
  groupsClaim!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
