import type { EncryptionPublicJwk, PublicJwk } from '@portcullis/signing';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Revision numbers are bigint in the database and safe integers in the code. */
const revisionColumn = {
  to: (value: number | undefined): number | undefined => value,
  from: (value: string | number | null): number => Number(value ?? 0),
};

/**
 * An enrolled data-plane node: the public halves of its keys (it proves who it is with the Ed25519
 * key, and secrets are sealed to the X25519 key) and the last revision it acknowledged.
 */
@Entity({ name: 'dataplane_nodes' })
@Index('ix_dataplane_nodes_active', { synchronize: false })
export class DataplaneNodeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** The software version the node reported when it enrolled. */
  @Column({ type: 'varchar', length: 64 })
  version!: string;

  /** Ed25519 public JWK `{kty, crv, x}` that verifies the node's assertions. */
  @Column({ name: 'signing_key', type: 'jsonb' })
  signingKey!: PublicJwk;

  /** X25519 public JWK `{kty, crv, x}` that fleet secrets are sealed to. */
  @Column({ name: 'encryption_key', type: 'jsonb' })
  encryptionKey!: EncryptionPublicJwk;

  @CreateDateColumn({ name: 'enrolled_at', type: 'timestamptz' })
  enrolledAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true })
  lastSeenAt!: Date | null;

  /** The revision the node said it had applied (its `since`), never moving backwards. */
  @Column({ name: 'applied_revision', type: 'bigint', default: 0, transformer: revisionColumn })
  appliedRevision!: number;

  /** When `appliedRevision` last changed. */
  @Column({ name: 'applied_at', type: 'timestamptz', nullable: true })
  appliedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  /** Where its last config poll came from (as Express sees it: TRUST_PROXY applies). */
  @Column({ name: 'remote_address', type: 'varchar', length: 64, nullable: true })
  remoteAddress!: string | null;
}
