import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A secret shared by every data-plane node (e.g. the fleet key), sealed under the master key. */
@Entity({ name: 'fleet_secrets' })
export class FleetSecretEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 64 })
  kid!: string;

  /** `encryptSecret` envelope, AAD `fleet-secret:<name>:<kid>`. */
  @Column({ type: 'text' })
  sealed!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
