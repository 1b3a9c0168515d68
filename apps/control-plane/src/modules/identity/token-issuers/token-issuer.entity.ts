import {
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { ClaimRequirement } from '../../../platform/http/claim-requirement.dto.js';

/**
 * An IdP whose access tokens a tenant accepts at the data plane (decision 0011): nodes verify
 * them locally against its JWKS and look the subject up in the tenant's directory.
 */
@Entity({ name: 'token_issuers' })
@Index('uq_token_issuers_tenant_issuer', ['tenantId', 'issuer'], { unique: true })
export class TokenIssuerEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('TenantEntity', { name: 'token_issuers_tenant_id_fkey' })
  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  /** Equal to the tokens' `iss`, exactly. */
  @Column({ type: 'varchar', length: 500 })
  issuer!: string;

  /** The tokens' `aud` must contain one of these. */
  @Column({ type: 'jsonb' })
  audience!: string[];

  @Column({ name: 'jwks_uri', type: 'varchar', length: 1000 })
  jwksUri!: string;

  @Column({ name: 'groups_claim', type: 'varchar', length: 100, nullable: true })
  groupsClaim!: string | null;

  @Column({ name: 'required_claims', type: 'jsonb', default: () => "'[]'" })
  requiredClaims!: ClaimRequirement[];

  @Column({ type: 'jsonb' })
  algorithms!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
