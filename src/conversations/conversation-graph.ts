import { Injectable } from '@nestjs/common';
import type { User } from '../auth/entities/user.entity.js';
import { UsersByIdLoader } from '../auth/users-by-id.loader.js';
import type { RequestLoaders } from '../common/request-loaders.js';
import {
  ConversationsByIdLoader,
  MentionedUserIdsByPostLoader,
  PostsByConversationLoader,
  PostsByIdLoader,
} from './conversation.loaders.js';
import type { Conversation } from './entities/conversation.entity.js';
import type { Post } from './entities/post.entity.js';
import type { ConversationModel, PostModel } from './models/conversation.model.js';

/**
 * Turns conversation and post rows into the GraphQL objects the API returns. Their relations
 * (creator, assignee, posts, author, mentioned users) are getters that go through the request's
 * batch loaders only when a query reads them, so a page of 200 conversations with every relation
 * costs a handful of queries.
 *
 * Getters rather than @ResolveField methods: Nest runs every resolve-field call through its
 * execution context, parameter pipes and exception proxy (about 15 µs each, measured), which on a
 * page of 50 conversations with 150 posts was a quarter of the request's CPU.
 */
@Injectable()
export class ConversationGraph {
  constructor(
    private readonly usersById: UsersByIdLoader,
    private readonly postsByConversation: PostsByConversationLoader,
    private readonly mentionedUserIds: MentionedUserIdsByPostLoader,
    private readonly conversationsById: ConversationsByIdLoader,
    private readonly postsById: PostsByIdLoader,
  ) {}

  /** The conversation with this id, batched with the request's other lookups; null if none. */
  async conversationById(id: string, loaders: RequestLoaders): Promise<ConversationModel | null> {
    const row = await this.conversationsById.in(loaders).load(id);
    return row ? this.conversation(row, loaders) : null;
  }

  /** The post with this id, batched with the request's other lookups; null if none. */
  async postById(id: string, loaders: RequestLoaders): Promise<PostModel | null> {
    const row = await this.postsById.in(loaders).load(id);
    return row ? this.post(row, loaders) : null;
  }

  conversation(row: Conversation, loaders: RequestLoaders): ConversationModel {
    const users = this.usersById.in(loaders);
    const posts = this.postsByConversation.in(loaders);
    const toPost = (post: Post) => this.post(post, loaders);
    return {
      id: row.id,
      title: row.title,
      subjectRef: row.subjectRef,
      createdAt: row.createdAt,
      lastActivityAt: row.lastActivityAt,
      // A user is never deleted, only deactivated; were one missing, graphql-js would refuse the
      // null for this non-null field and the error would be masked and logged like any other.
      get createdBy() {
        return users.load(row.createdById) as Promise<User>;
      },
      get assignee() {
        return row.assigneeId ? users.load(row.assigneeId) : null;
      },
      get posts() {
        return posts.load(row.id).then((found) => found.map(toPost));
      },
    };
  }

  post(row: Post, loaders: RequestLoaders): PostModel {
    const users = this.usersById.in(loaders);
    const mentionedUserIds = this.mentionedUserIds.in(loaders);
    return {
      id: row.id,
      conversationId: row.conversationId,
      body: row.body,
      source: row.source,
      createdAt: row.createdAt,
      get author() {
        return users.load(row.authorId) as Promise<User>;
      },
      get mentionedUsers() {
        return mentionedUserIds
          .load(row.id)
          .then((ids) => users.loadMany(ids))
          .then((found) =>
            found.filter((user): user is User => user !== null && !(user instanceof Error)),
          );
      },
    };
  }

  /** A post just written: its author and mentions are known, so reading them costs no query. */
  primeNewPost(loaders: RequestLoaders, post: Post, author: User, mentioned: User[]): void {
    const users = this.usersById.in(loaders);
    for (const user of [author, ...mentioned]) users.prime(user.id, user);
    this.mentionedUserIds.in(loaders).prime(
      post.id,
      mentioned.map((user) => user.id),
    );
  }
}
