import { Field, ID, ObjectType } from '@nestjs/graphql';
import { User } from '../../auth/entities/user.entity.js';
import { Paginated } from '../../common/pagination.js';
import { listOf } from '../../common/query-cost.plugin.js';
import type { Lazy } from '../../common/request-loaders.js';
import { PostSource } from '../post-source.enum.js';

/** A post mentions a few people; the cost estimate assumes this many. */
const ASSUMED_MENTIONS_PER_POST = 3;

@ObjectType('Post')
export class PostModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  conversationId!: string;

  @Field(() => User)
  author!: Lazy<User>;

  @Field()
  body!: string;

  @Field(() => PostSource)
  source!: PostSource;

  @Field(() => [User], { complexity: listOf(ASSUMED_MENTIONS_PER_POST) })
  mentionedUsers!: Lazy<User[]>;

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
  createdBy!: Lazy<User>;

  @Field(() => User, { nullable: true })
  assignee!: Lazy<User | null>;

  @Field(() => [PostModel], { description: 'Oldest first' })
  posts!: Lazy<PostModel[]>;

  @Field()
  createdAt!: Date;

  @Field()
  lastActivityAt!: Date;
}

@ObjectType()
export class ConversationPage extends Paginated(ConversationModel, 'ConversationPage') {}
