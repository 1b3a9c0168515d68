import { Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A one-use token (`pen_…`) a platform admin hands to a new data-plane node so that it can enroll.
 * Only its keyed hash and a display prefix are stored.
 */
@Entity({ name: 'enrollment_tokens' })
@Unique('uq_enrollment_tokens_hash', ['tokenHash'])
export class EnrollmentTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** The first characters of the token (`pen_` and 8 more), to tell tokens apart. */
  @Column({ type: 'varchar', length: 16 })
  prefix!: string;

  /** HMAC-SHA-256 of the token under the server's token-hashing key, hex. */
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @ForeignKey('DataplaneNodeEntity', { name: 'enrollment_tokens_used_by_node_id_fkey' })
  @Column({ name: 'used_by_node_id', type: 'uuid', nullable: true })
  usedByNodeId!: string | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  /** Who created it, as the audit actor's `type:id`. */
  @Column({ name: 'created_by', type: 'varchar', length: 255 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
