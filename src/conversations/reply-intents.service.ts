import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { User } from '../auth/entities/user.entity.js';
import { UsersService } from '../auth/users.service.js';
import { AppConfig } from '../config/app-config.js';
import { Conversation } from './entities/conversation.entity.js';
import { ReplyIntent } from './entities/reply-intent.entity.js';
import { generateReplyToken, REPLY_TOKEN } from './reply-token.js';

const DAY_MS = 86_400_000;

interface IntentRow {
  id: string;
  token: string;
  conversation_id: string | null;
  user_id: string;
  post_id: string | null;
  created_at: Date;
  expires_at: Date;
  c_id: string | null;
  c_title: string | null;
  c_subject_ref: string | null;
  c_created_by_id: string | null;
  c_assignee_id: string | null;
  c_created_at: Date | null;
  c_last_activity_at: Date | null;
}

export type ReplyIntentProblem = 'UNKNOWN' | 'EXPIRED' | 'CONVERSATION_GONE' | 'USER_INACTIVE';

export type ReplyIntentResolution =
  | { ok: true; intent: ReplyIntent; conversation: Conversation; user: User }
  | { ok: false; problem: ReplyIntentProblem; intent?: ReplyIntent };

@Injectable()
export class ReplyIntentsService {
  constructor(
    @InjectRepository(ReplyIntent) private readonly intents: Repository<ReplyIntent>,
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  /** Issues a token for one mention email, inside the transaction that stores the post. */
  issue(
    manager: EntityManager,
    binding: { conversationId: string; userId: string; postId: string },
  ): Promise<ReplyIntent> {
    return manager.save(
      manager.create(ReplyIntent, {
        ...binding,
        token: generateReplyToken(),
        expiresAt: new Date(Date.now() + this.config.replyIntentTtlDays * DAY_MS),
      }),
    );
  }

  /** Whether a string is shaped like a token (after lower-casing). */
  static looksLikeToken(candidate: string): boolean {
    return REPLY_TOKEN.test(candidate.toLowerCase());
  }

  /** The conversation and user a token was issued to, or why it cannot be used. */
  async resolve(token: string, now = new Date()): Promise<ReplyIntentResolution> {
    // One round trip for the intent and its conversation: this runs for every incoming reply.
    const [row] = await this.intents.manager.query<IntentRow[]>(
      `SELECT i.id, i.token, i.conversation_id, i.user_id, i.post_id, i.created_at, i.expires_at,
              c.id AS c_id, c.title AS c_title, c.subject_ref AS c_subject_ref,
              c.created_by_id AS c_created_by_id, c.assignee_id AS c_assignee_id,
              c.created_at AS c_created_at, c.last_activity_at AS c_last_activity_at
         FROM reply_intents i LEFT JOIN conversations c ON c.id = i.conversation_id
        WHERE i.token = $1`,
      [token.toLowerCase()],
    );
    if (!row) return { ok: false, problem: 'UNKNOWN' };
    const intent = this.intents.create({
      id: row.id,
      token: row.token,
      conversationId: row.conversation_id,
      userId: row.user_id,
      postId: row.post_id,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    });
    const conversation = row.c_id
      ? this.intents.manager.create(Conversation, {
          id: row.c_id,
          title: row.c_title!,
          subjectRef: row.c_subject_ref!,
          createdById: row.c_created_by_id!,
          assigneeId: row.c_assignee_id,
          createdAt: row.c_created_at!,
          lastActivityAt: row.c_last_activity_at!,
        })
      : undefined;
    if (intent.expiresAt.getTime() <= now.getTime()) {
      return { ok: false, problem: 'EXPIRED', intent };
    }
    if (!conversation) return { ok: false, problem: 'CONVERSATION_GONE', intent };
    const [user] = await this.users.findByIds([intent.userId]);
    if (!user?.active) return { ok: false, problem: 'USER_INACTIVE', intent };
    return { ok: true, intent, conversation, user };
  }
}
