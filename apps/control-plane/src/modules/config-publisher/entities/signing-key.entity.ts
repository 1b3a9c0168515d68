import type { PublicJwk } from '@portcullis/signing';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type SigningKeyStatus = 'next' | 'active' | 'retired';

/** An Ed25519 key that signs config bundles; the private half is sealed under the master key. */
@Entity({ name: 'signing_keys' })
@Check('ck_signing_keys_status', `"status" IN ('next', 'active', 'retired')`)
@Index('uq_signing_keys_active', { synchronize: false })
export class SigningKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  kid!: string;

  @Column({ name: 'public_jwk', type: 'jsonb' })
  publicJwk!: PublicJwk;

  /** `encryptSecret` envelope of the private JWK, AAD `signing-key:<kid>`. */
  @Column({ name: 'private_key', type: 'text' })
  privateKey!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: SigningKeyStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt!: Date | null;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;
}
