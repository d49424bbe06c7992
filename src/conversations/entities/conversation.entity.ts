import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A conversation about one catalog object (`subjectRef`, e.g. `table:42`). */
@Entity('conversations')
export class Conversation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column()
  title!: string;

  @Column()
  subjectRef!: string;

  @Column('uuid')
  createdById!: string;

  @Column({ type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  lastActivityAt!: Date;
}
