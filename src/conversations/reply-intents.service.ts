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
    const found = await this.intents
      .createQueryBuilder('intent')
      .leftJoinAndMapOne(
        'intent.conversation',
        Conversation,
        'conversation',
        'conversation.id = intent.conversation_id',
      )
      .where('intent.token = :token', { token: token.toLowerCase() })
      .getOne();
    if (!found) return { ok: false, problem: 'UNKNOWN' };
    const { conversation, ...intent } = found as ReplyIntent & { conversation?: Conversation };
    if (intent.expiresAt.getTime() <= now.getTime()) {
      return { ok: false, problem: 'EXPIRED', intent };
    }
    if (!conversation) return { ok: false, problem: 'CONVERSATION_GONE', intent };
    const [user] = await this.users.findByIds([intent.userId]);
    if (!user?.active) return { ok: false, problem: 'USER_INACTIVE', intent };
    return { ok: true, intent, conversation, user };
  }
}
