import { Injectable } from '@nestjs/common';
import type { User } from '../auth/entities/user.entity.js';
import { UsersByIdLoader } from '../auth/users-by-id.loader.js';
import type { GraphQLResolveInfo } from 'graphql';
import { mapLazy } from '../common/request-loaders.js';
import type { Lazy, RequestLoaders } from '../common/request-loaders.js';
import { selects } from '../common/selected-fields.js';
import {
  ConversationsByIdLoader,
  MentionedUserIdsByPostLoader,
  PostsByConversationLoader,
  PostsByIdLoader,
} from './conversation.loaders.js';
import type { Conversation } from './entities/conversation.entity.js';
import type { Post } from './entities/post.entity.js';
import type { ConversationModel, PostModel } from './models/conversation.model.js';

/** Which of a conversation's relations a query reads (see ConversationGraph.preload). */
export interface PageSelection {
  posts: boolean;
  postAuthors: boolean;
  createdBy: boolean;
  assignee: boolean;
}

/** What the operation selects on the conversations below `path` (e.g. ['nodes']). */
export function pageSelection(info: GraphQLResolveInfo, path: readonly string[]): PageSelection {
  return {
    posts: selects(info, [...path, 'posts']),
    postAuthors: selects(info, [...path, 'posts', 'author']),
    createdBy: selects(info, [...path, 'createdBy']),
    assignee: selects(info, [...path, 'assignee']),
  };
}

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
    const { usersById, postsByConversation } = this;
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
        return usersById.lazy(loaders, row.createdById) as Lazy<User>;
      },
      get assignee() {
        return row.assigneeId ? usersById.lazy(loaders, row.assigneeId) : null;
      },
      get posts() {
        return mapLazy(postsByConversation.lazy(loaders, row.id), (found) => found.map(toPost));
      },
    };
  }

  post(row: Post, loaders: RequestLoaders): PostModel {
    const { usersById } = this;
    const users = usersById.in(loaders);
    const mentionedUserIds = this.mentionedUserIds.in(loaders);
    return {
      id: row.id,
      conversationId: row.conversationId,
      body: row.body,
      source: row.source,
      createdAt: row.createdAt,
      get author() {
        return usersById.lazy(loaders, row.authorId) as Lazy<User>;
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

  /**
   * Loads the relations a page's selection asks for (posts; their authors, the creators and
   * assignees in one query) before the page is answered, so the getters below return values
   * rather than promises and graphql-js completes the page's ~1,000 fields synchronously: a
   * page of 50 conversations with posts and authors took about a third less CPU
   * (bench/graphql-load). The same statements run as when the getters load lazily, or fewer.
   * A failed batch is left in the loader: the field that reads it reports the error as before.
   */
  async preload(rows: readonly Conversation[], loaders: RequestLoaders, selected: PageSelection) {
    const userIds = new Set<string>();
    if (selected.posts) {
      const posts = await this.postsByConversation.in(loaders).loadMany(rows.map((row) => row.id));
      if (selected.postAuthors) {
        for (const found of posts) {
          if (!(found instanceof Error)) for (const post of found) userIds.add(post.authorId);
        }
      }
    }
    for (const row of rows) {
      if (selected.createdBy) userIds.add(row.createdById);
      if (selected.assignee && row.assigneeId) userIds.add(row.assigneeId);
    }
    if (userIds.size > 0) await this.usersById.in(loaders).loadMany([...userIds]);
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
