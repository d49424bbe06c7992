import { Field, ID, ObjectType } from '@nestjs/graphql';
import { User } from '../../auth/entities/user.entity.js';
import { Paginated } from '../../common/pagination.js';
import { PostSource } from '../post-source.enum.js';

@ObjectType('Post')
export class PostModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  conversationId!: string;

  @Field(() => User)
  author!: User;

  @Field()
  body!: string;

  @Field(() => PostSource)
  source!: PostSource;

  @Field(() => [User])
  mentionedUsers!: User[];

  @Field()
  createdAt!: Date;
}

@ObjectType('Conversation')
export class ConversationModel {
  @Field(() => ID)
  id!: string;

  @Field()
  title!: string;

  @Field()
  subjectRef!: string;

  @Field(() => User)
  createdBy!: User;

  @Field(() => User, { nullable: true })
  assignee!: User | null;

  @Field()
  createdAt!: Date;

  @Field()
  lastActivityAt!: Date;
}

@ObjectType()
export class ConversationPage extends Paginated(ConversationModel, 'ConversationPage') {}
