import { Injectable } from '@nestjs/common';
import { alignToKeys, BatchLoader } from '../common/request-loaders.js';
import { ConversationQueries } from './conversation.queries.js';
import type { Conversation } from './entities/conversation.entity.js';
import type { Post } from './entities/post.entity.js';

/** A page's posts, oldest first per conversation, in one query. */
@Injectable()
export class PostsByConversationLoader extends BatchLoader<string, Post[]> {
  constructor(private readonly queries: ConversationQueries) {
    super();
  }

  protected async loadBatch(conversationIds: readonly string[]): Promise<Post[][]> {
    const posts = await this.queries.postsOf(conversationIds);
    return alignToKeys(conversationIds, posts, () => []);
  }
}

/** The user ids each post mentions, for all posts of a page in one query. */
@Injectable()
export class MentionedUserIdsByPostLoader extends BatchLoader<string, string[]> {
  constructor(private readonly queries: ConversationQueries) {
    super();
  }

  protected async loadBatch(postIds: readonly string[]): Promise<string[][]> {
    const mentions = await this.queries.mentionedUserIdsOf(postIds);
    return alignToKeys(postIds, mentions, () => []);
  }
}

/** Conversations by id, for rows elsewhere that refer to one (an incoming email's conversation). */
@Injectable()
export class ConversationsByIdLoader extends BatchLoader<string, Conversation | null> {
  constructor(private readonly queries: ConversationQueries) {
    super();
  }

  protected async loadBatch(ids: readonly string[]): Promise<Array<Conversation | null>> {
    const found = await this.queries.byIds(ids);
    return alignToKeys(ids, new Map(found.map((row) => [row.id, row])), () => null);
  }
}

/** Posts by id, for rows elsewhere that refer to one (the post an incoming email became). */
@Injectable()
export class PostsByIdLoader extends BatchLoader<string, Post | null> {
  constructor(private readonly queries: ConversationQueries) {
    super();
  }

  protected async loadBatch(ids: readonly string[]): Promise<Array<Post | null>> {
    const found = await this.queries.postsByIds(ids);
    return alignToKeys(ids, new Map(found.map((row) => [row.id, row])), () => null);
  }
}
