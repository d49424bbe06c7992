import { Field, ID, ObjectType } from '@nestjs/graphql';
import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { UserRole } from '../user-role.enum.js';
import { PRIVATE_USER_FIELD_NOTE, selfOrAdminOnly } from '../user-visibility.js';

const privateField = {
  nullable: true,
  description: PRIVATE_USER_FIELD_NOTE,
  middleware: [selfOrAdminOnly],
};

@ObjectType('User')
@Entity('users')
export class User {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field()
  @Column()
  username!: string;

  @Field(() => String, privateField)
  @Column()
  email!: string;

  @Field()
  @Column()
  displayName!: string;

  @Field(() => UserRole, privateField)
  @Column({ type: 'enum', enum: UserRole, enumName: 'user_role' })
  role!: UserRole;

  @Field(() => Boolean, privateField)
  @Column()
  active!: boolean;

  @Field(() => Date, privateField)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Field(() => Date, privateField)
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
