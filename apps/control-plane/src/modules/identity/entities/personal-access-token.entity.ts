import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

@Entity({ name: 'personal_access_tokens' })
@Unique('uq_personal_access_tokens_hash', ['tokenHash'])
@Index('ix_personal_access_tokens_user', ['userId'])
export class PersonalAccessTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('DirectoryUserEntity', { name: 'personal_access_tokens_user_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** The first characters of the token, shown so its owner can tell tokens apart. */
  @Column({ type: 'varchar', length: 16 })
  prefix!: string;

  /** HMAC-SHA-256 of the token under the server's token-hashing key, hex. The token itself is never stored. */
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
