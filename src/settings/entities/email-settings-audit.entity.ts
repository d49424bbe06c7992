import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One field's change. Secrets are recorded only as changed: no value, old or new. */
export interface SettingChangeRecord {
  field: string;
  oldValue: string | null;
  newValue: string | null;
  secret: boolean;
}

@Entity('email_settings_audit')
export class EmailSettingsAudit {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'varchar', nullable: true })
  actorUsername!: string | null;

  @Column()
  action!: string;

  @Column({ type: 'jsonb' })
  changes!: SettingChangeRecord[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
