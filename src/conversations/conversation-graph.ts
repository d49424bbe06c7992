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
import type { PostSource } from './post-source.enum.js';

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
 * A conversation as the API returns it. The relations are getters on the prototype rather than
 * in an object literal: a literal with getters is built through the runtime, getter by getter,
 * with a closure each, which for a page's 200 objects showed in the profile.
 */
class ConversationNode implements ConversationModel {
  readonly id: string;
  readonly title: string;
  readonly subjectRef: string;
  readonly createdAt: Date;
  readonly lastActivityAt: Date;

  constructor(
    private readonly row: Conversation,
    private readonly graph: ConversationGraph,
    private readonly loaders: RequestLoaders,
  ) {
    this.id = row.id;
    this.title = row.title;
    this.subjectRef = row.subjectRef;
    this.createdAt = row.createdAt;
    this.lastActivityAt = row.lastActivityAt;
  }

  // A user is never deleted, only deactivated; were one missing, graphql-js would refuse the
  // null for this non-null field and the error would be masked and logged like any other.
  get createdBy(): Lazy<User> {
    return this.graph.userOf(this.row.createdById, this.loaders) as Lazy<User>;
  }

  get assignee(): Lazy<User | null> {
    return this.row.assigneeId ? this.graph.userOf(this.row.assigneeId, this.loaders) : null;
  }

  get posts(): Lazy<PostModel[]> {
    return this.graph.postsOf(this.row.id, this.loaders);
  }
}

/** A post as the API returns it (see ConversationNode). */
class PostNode implements PostModel {
  readonly id: string;
  readonly conversationId: string;
  readonly body: string;
  readonly source: PostSource;
  readonly createdAt: Date;

  constructor(
    private readonly row: Post,
    private readonly graph: ConversationGraph,
    private readonly loaders: RequestLoaders,
  ) {
    this.id = row.id;
    this.conversationId = row.conversationId;
    this.body = row.body;
    this.source = row.source;
    this.createdAt = row.createdAt;
  }

  get author(): Lazy<User> {
    return this.graph.userOf(this.row.authorId, this.loaders) as Lazy<User>;
  }

  get mentionedUsers(): Promise<User[]> {
    return this.graph.mentionedUsersOf(this.row.id, this.loaders);
  }
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
    return new ConversationNode(row, this, loaders);
  }

  post(row: Post, loaders: RequestLoaders): PostModel {
    return new PostNode(row, this, loaders);
  }

  /** @internal A user by id for a node's getter: the value once this request has loaded it. */
  userOf(id: string, loaders: RequestLoaders): Lazy<User | null> {
    return this.usersById.lazy(loaders, id);
  }

  /** @internal A conversation's posts for ConversationNode. */
  postsOf(conversationId: string, loaders: RequestLoaders): Lazy<PostModel[]> {
    return mapLazy(this.postsByConversation.lazy(loaders, conversationId), (found) =>
      found.map((post) => this.post(post, loaders)),
    );
  }

  /** @internal The users a post mentions, for PostNode. */
  async mentionedUsersOf(postId: string, loaders: RequestLoaders): Promise<User[]> {
    const ids = await this.mentionedUserIds.in(loaders).load(postId);
    const found = await this.usersById.in(loaders).loadMany(ids);
    return found.filter((user): user is User => user !== null && !(user instanceof Error));
  }

  /**
   * Loads the relations a page's selection asks for (posts; their authors, the creators and
   * assignees in one query) before the page is answered, so the getters below return values
   * rather than promises and graphql-js completes the page's ~1,000 fields synchronously: a
   * page of 50 conversations with posts and authors took about a third less CPU
   * (bench/graphql-load). The same statements run as when the getters load lazily, or fewer.
   * A failed batch is not retried: each field that reads it reports the error as before.
   */
  async preload(rows: readonly Conversation[], loaders: RequestLoaders, selected: PageSelection) {
    const userIds = new Set<string>();
    if (selected.posts) {
      const posts = await this.postsByConversation.loadAhead(
        loaders,
        rows.map((row) => row.id),
      );
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
    if (userIds.size > 0) await this.usersById.loadAhead(loaders, [...userIds]);
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
