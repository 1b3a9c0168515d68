import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A console session (express-session, stored by PgSessionStore). `data` holds what the session
 * carries: the pending sign-in's state and nonce, then who signed in (never tokens or secrets).
 */
@Entity({ name: 'sessions' })
@Index('ix_sessions_expires_at', ['expiresAt'])
export class SessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  sid!: string;

  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  /** Absolute end of the session: touching it never moves this later. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
