import { CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

@Entity({ name: 'group_memberships' })
@Index('ix_group_memberships_user', ['userId'])
export class GroupMembershipEntity {
  @ForeignKey('DirectoryGroupEntity', { name: 'group_memberships_group_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'group_id', type: 'uuid', primaryKeyConstraintName: 'pk_group_memberships' })
  groupId!: string;

  @ForeignKey('DirectoryUserEntity', { name: 'group_memberships_user_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'pk_group_memberships' })
  userId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
