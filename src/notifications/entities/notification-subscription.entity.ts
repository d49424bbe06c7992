import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A user's wish to hear about an event type, on every object or on one (`objectRef`). */
@ObjectType('EventSubscription')
@Entity('notification_subscriptions')
export class NotificationSubscription {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  userId!: string;

  @Field()
  @Column({ type: 'varchar', length: 64 })
  eventType!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The one catalog object this subscription is narrowed to, e.g. table:42; null for all',
  })
  @Column({ type: 'varchar', length: 200, nullable: true })
  objectRef!: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
