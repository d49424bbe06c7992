import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Paginated } from '../../common/pagination.js';
import { PostSource } from '../post-source.enum.js';

/** A post's own columns; `author` and `mentionedUsers` are resolved per request in batches. */
@ObjectType('Post')
export class PostModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  conversationId!: string;

  /** Not in the schema: the `author` field resolves it. */
  authorId!: string;

  @Field()
  body!: string;

  @Field(() => PostSource)
  source!: PostSource;

  @Field()
  createdAt!: Date;
}

/** A conversation's own columns; `createdBy`, `assignee` and `posts` are resolved in batches. */
@ObjectType('Conversation')
export class ConversationModel {
  @Field(() => ID)
  id!: string;

  @Field()
  title!: string;

  @Field()
  subjectRef!: string;

  /** Not in the schema: the `createdBy` field resolves it. */
  createdById!: string;

  /** Not in the schema: the `assignee` field resolves it. */
  assigneeId!: string | null;

  @Field()
  createdAt!: Date;

  @Field()
  lastActivityAt!: Date;
}

@ObjectType()
export class ConversationPage extends Paginated(ConversationModel, 'ConversationPage') {}
