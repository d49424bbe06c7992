import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { User } from '../auth/entities/user.entity.js';
import { UsersService } from '../auth/users.service.js';
import { rowsOf } from '../common/query-result.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { EmailSettingsService } from '../settings/email-settings.service.js';
import type { ReplyByEmailConfig } from '../settings/email-settings.service.js';
import { IntentTrackingMode } from '../settings/intent-tracking-mode.enum.js';
import { CONVERSATION_COLUMNS, conversationFromRow } from './conversation.queries.js';
import type { ConversationRow } from './conversation.queries.js';
import { ConversationsErrorCode, ConversationsException } from './conversations.exception.js';
import type { CreateConversationInput } from './dto/conversation.inputs.js';
import { Conversation } from './entities/conversation.entity.js';
import { PostMention } from './entities/post-mention.entity.js';
import { Post } from './entities/post.entity.js';
import { extractMentionedUsernames } from './mentions.js';
import { PostSource } from './post-source.enum.js';
import { ReplyIntentsService } from './reply-intents.service.js';
import { messageIdWithToken, replyAddressWithToken } from './reply-token.js';

export interface StoredPost {
  post: Post;
  mentionedUsers: User[];
}

/**
 * Conversations and their posts. A post's @-mentions notify the mentioned users in the same
 * transaction that stores the post (the outbox), so a mention email exists exactly when its post does.
 */
@Injectable()
export class ConversationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly settings: EmailSettingsService,
    private readonly notifications: NotificationsService,
    private readonly replyIntents: ReplyIntentsService,
  ) {}

  async create(
    actor: User,
    input: CreateConversationInput,
  ): Promise<{ conversation: Conversation } & StoredPost> {
    return this.dataSource.transaction(async (manager) => {
      const now = new Date();
      const conversation = await manager.save(
        manager.create(Conversation, {
          title: input.title,
          subjectRef: input.subjectRef,
          createdById: actor.id,
          assigneeId: null,
          lastActivityAt: now,
        }),
      );
      const stored = await this.storePost(manager, actor, conversation, input.body, PostSource.WEB);
      return { conversation, ...stored };
    });
  }

  /**
   * Adds a post as `author`; `source` EMAIL is for replies that arrived by email. Pass `manager` to
   * post inside the caller's transaction (the email pipeline records the incoming email as POSTED
   * in the same commit, so a reply is never posted twice).
   */
  async addPost(
    author: User,
    conversationId: string,
    body: string,
    source = PostSource.WEB,
    manager?: EntityManager,
  ): Promise<StoredPost> {
    const work = async (transaction: EntityManager) => {
      const conversation = await this.touchConversation(transaction, conversationId);
      return this.storePost(transaction, author, conversation, body, source);
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  async assign(actor: User, conversationId: string, assigneeId: string): Promise<Conversation> {
    return this.dataSource.transaction(async (manager) => {
      const conversation = await this.touchConversation(manager, conversationId);
      // On `manager`: a query on another pooled connection while this transaction holds one
      // deadlocks once the pool is exhausted by concurrent assignments.
      const [assignee] = await this.users.findByIds([assigneeId], manager);
      if (!assignee?.active) {
        throw new ConversationsException(
          ConversationsErrorCode.ASSIGNEE_NOT_FOUND,
          `User ${assigneeId} not found`,
        );
      }
      const changed = conversation.assigneeId !== assignee.id;
      conversation.assigneeId = assignee.id;
      await manager.update(Conversation, { id: conversation.id }, { assigneeId: assignee.id });
      // Telling people what they did themselves is noise; re-assigning the same person is too.
      if (changed && assignee.id !== actor.id) {
        // An assignment cannot be answered by email. Its replies go to the reply mailbox (without
        // a token) rather than to the sender address, so each one is recorded as NOT_REPLYABLE
        // in the incoming email log instead of vanishing; the email says so too.
        const replyByEmail = await this.settings.getReplyByEmail(manager);
        await this.notifications.enqueue(manager, {
          type: 'conversation_assignment',
          recipients: [{ userId: assignee.id, email: assignee.email, name: assignee.displayName }],
          payload: {
            actorName: actor.displayName,
            conversationId: conversation.id,
            conversationTitle: conversation.title,
          },
          replyTo: (replyByEmail.enabled && replyByEmail.replyToAddress) || undefined,
        });
      }
      return conversation;
    });
  }

  /**
   * Marks new activity on a conversation and returns it, locked for the rest of the transaction:
   * one statement, because every post (and every reply by email) goes through here. Activity times
   * keep millisecond precision, the precision of the list's cursors.
   */
  private async touchConversation(manager: EntityManager, id: string): Promise<Conversation> {
    const [row] = rowsOf<ConversationRow>(
      await manager.query(
        `UPDATE conversations SET last_activity_at = date_trunc('milliseconds', now())
          WHERE id = $1
          RETURNING ${CONVERSATION_COLUMNS}`,
        [id],
      ),
    );
    if (!row) {
      throw new ConversationsException(
        ConversationsErrorCode.CONVERSATION_NOT_FOUND,
        `Conversation ${id} not found`,
      );
    }
    return conversationFromRow(row);
  }

  private async storePost(
    manager: EntityManager,
    author: User,
    conversation: Conversation,
    body: string,
    source: PostSource,
  ): Promise<StoredPost> {
    // Plain SQL on the reply-by-email hot path: TypeORM's save diffs the entity first, which costs
    // more CPU than the INSERT itself.
    const [inserted] = rowsOf<{ id: string; created_at: Date }>(
      await manager.query(
        `INSERT INTO posts (conversation_id, author_id, body, source) VALUES ($1, $2, $3, $4)
         RETURNING id, created_at`,
        [conversation.id, author.id, body, source],
      ),
    );
    const post = manager.create(Post, {
      id: inserted.id,
      conversationId: conversation.id,
      authorId: author.id,
      body,
      source,
      createdAt: inserted.created_at,
    });
    const mentionedUsers = await this.users.findActiveByUsernames(
      extractMentionedUsernames(body),
      manager,
    );
    if (mentionedUsers.length > 0) {
      await manager.insert(
        PostMention,
        mentionedUsers.map((user) => ({ postId: post.id, userId: user.id })),
      );
    }
    const recipients = mentionedUsers.filter((user) => user.id !== author.id);
    if (recipients.length > 0) {
      const replyByEmail = await this.settings.getReplyByEmail(manager);
      for (const recipient of recipients) {
        await this.notifyMention(manager, { author, recipient, conversation, post, replyByEmail });
      }
    }
    return { post, mentionedUsers };
  }

  private async notifyMention(
    manager: EntityManager,
    mention: {
      author: User;
      recipient: User;
      conversation: Conversation;
      post: Post;
      replyByEmail: ReplyByEmailConfig;
    },
  ): Promise<void> {
    const { author, recipient, conversation, post, replyByEmail } = mention;
    const replyable = replyByEmail.enabled && replyByEmail.replyToAddress !== null;
    let replyTo: string | undefined;
    const headers: Record<string, string> = {};
    if (replyable && replyByEmail.replyToAddress) {
      const { token } = await this.replyIntents.issue(manager, {
        conversationId: conversation.id,
        userId: recipient.id,
        postId: post.id,
      });
      switch (replyByEmail.intentTrackingMode) {
        case IntentTrackingMode.EMAIL_ADDRESS:
          replyTo = replyAddressWithToken(replyByEmail.replyToAddress, token);
          break;
        case IntentTrackingMode.MESSAGE_ID:
          replyTo = replyByEmail.replyToAddress;
          headers['Message-ID'] = messageIdWithToken(replyByEmail.replyToAddress, token);
          break;
      }
    }
    await this.notifications.enqueue(manager, {
      type: 'conversation_mention',
      recipients: [{ userId: recipient.id, email: recipient.email, name: recipient.displayName }],
      payload: {
        actorName: author.displayName,
        conversationId: conversation.id,
        conversationTitle: conversation.title,
        postBody: post.body,
        replyByEmail: replyable,
      },
      replyTo,
      headers,
    });
  }
}
