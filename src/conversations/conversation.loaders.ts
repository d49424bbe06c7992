import { Injectable } from '@nestjs/common';
import { alignToKeys, BatchLoader } from '../common/request-loaders.js';
import { ConversationsService } from './conversations.service.js';
import type { Post } from './entities/post.entity.js';

/** A page's posts, oldest first per conversation, in one query. */
@Injectable()
export class PostsByConversationLoader extends BatchLoader<string, Post[]> {
  constructor(private readonly conversations: ConversationsService) {
    super();
  }

  protected async loadBatch(conversationIds: readonly string[]): Promise<Post[][]> {
    const posts = await this.conversations.postsOfConversations(conversationIds);
    return alignToKeys(conversationIds, posts, () => []);
  }
}

/** The user ids each post mentions, for all posts of a page in one query. */
@Injectable()
export class MentionedUserIdsByPostLoader extends BatchLoader<string, string[]> {
  constructor(private readonly conversations: ConversationsService) {
    super();
  }

  protected async loadBatch(postIds: readonly string[]): Promise<string[][]> {
    const mentions = await this.conversations.mentionedUserIdsOfPosts(postIds);
    return alignToKeys(postIds, mentions, () => []);
  }
}
