import { incomingEmailRawPath } from '../incoming-email-raw.controller.js';
import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { User } from '../../auth/entities/user.entity.js';
import { Paginated } from '../../common/pagination.js';
import { ConversationModel, PostModel } from '../../conversations/models/conversation.model.js';
import type { Lazy } from '../../common/request-loaders.js';
import { MailboxAuthMethod } from '../../mailbox/mailbox.types.js';
import type { IncomingEmail } from '../entities/incoming-email.entity.js';
import { IncomingEmailStatus } from '../incoming-email-status.enum.js';
import { IncomingEmailReasonCode } from '../incoming-email-reasons.js';

@ObjectType('IncomingEmail', {
  description: 'An email read from the reply-to mailbox and what it became',
})
export class IncomingEmailModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The From address (display names are never trusted)',
  })
  from!: string | null;

  @Field(() => String, { nullable: true })
  fromName!: string | null;

  @Field(() => String, { nullable: true, description: 'To and Cc addresses' })
  to!: string | null;

  @Field(() => String, { nullable: true })
  subject!: string | null;

  @Field(() => String, { nullable: true, description: 'The Message-ID header' })
  messageId!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When it arrived in the mailbox' })
  receivedAt!: Date;

  @Field(() => MailboxAuthMethod)
  authMethod!: MailboxAuthMethod;

  @Field({ description: 'The mailbox folder it is in: INBOX, or the archive folder' })
  folder!: string;

  @Field(() => Int, { nullable: true })
  sizeBytes!: number | null;

  @Field(() => IncomingEmailStatus)
  status!: IncomingEmailStatus;

  @Field(() => IncomingEmailReasonCode, { nullable: true, description: 'Why it was rejected' })
  reasonCode!: IncomingEmailReasonCode | null;

  @Field(() => String, { nullable: true, description: 'What happened, in words' })
  reason!: string | null;

  @Field(() => ID, { nullable: true })
  conversationId!: string | null;

  @Field(() => ID, { nullable: true })
  postId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The user the reply token was issued to' })
  userId!: string | null;

  @Field(() => User, { nullable: true, description: 'The user the reply token was issued to' })
  user!: Lazy<User | null>;

  @Field(() => ConversationModel, {
    nullable: true,
    description: 'The conversation the reply token belongs to',
  })
  conversation!: Lazy<ConversationModel | null>;

  @Field(() => PostModel, { nullable: true, description: 'The post it became, once POSTED' })
  post!: Lazy<PostModel | null>;

  @Field(() => String, { nullable: true, description: 'The reply text as extracted (and posted)' })
  extractedText!: string | null;

  @Field(() => String, { nullable: true, description: 'What the extractor cut away' })
  removedText!: string | null;

  @Field(() => String, { nullable: true, description: 'The extractor rule that decided the cut' })
  extractionRule!: string | null;

  @Field(() => Int)
  attempts!: number;

  @Field(() => String, { nullable: true })
  lastError!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  nextAttemptAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  processedAt!: Date | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When it was first marked read in the mailbox',
  })
  markedReadAt!: Date | null;

  @Field(() => Int, { description: 'Times Replyline marked it read in the mailbox' })
  markReadAttempts!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Why the last attempt to mark it read failed or did not last; null when it worked',
  })
  markReadError!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  archivedAt!: Date | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When retention dropped the raw message',
  })
  rawPurgedAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Where a Server Admin downloads the raw message (GET with the API token; message/rfc822), while it is kept; null when it was too large to keep or retention dropped it',
  })
  rawDownloadPath!: string | null;

  /** The row's own columns; IncomingEmailGraph adds the relations. */
  static columnsOf(email: IncomingEmail): Omit<IncomingEmailModel, IncomingEmailRelation> {
    return {
      id: email.id,
      from: email.fromAddress,
      fromName: email.fromName,
      to: email.toAddresses,
      subject: email.subject,
      messageId: email.messageId,
      receivedAt: email.receivedAt,
      authMethod: email.authMethod,
      folder: email.folder,
      sizeBytes: email.sizeBytes,
      status: email.status,
      reasonCode: (email.reasonCode as IncomingEmailReasonCode | null) ?? null,
      reason: email.reason,
      conversationId: email.conversationId,
      postId: email.postId,
      userId: email.userId,
      extractedText: email.extractedText,
      removedText: email.removedText,
      extractionRule: email.extractionRule,
      attempts: email.attempts,
      lastError: email.lastError,
      nextAttemptAt: email.nextAttemptAt,
      processedAt: email.processedAt,
      markedReadAt: email.markedReadAt,
      markReadAttempts: email.markReadAttempts,
      markReadError: email.markReadError,
      archivedAt: email.archivedAt,
      rawPurgedAt: email.rawPurgedAt,
      // Raw bytes are missing only for a TOO_LARGE email (never downloaded) or after a purge.
      rawDownloadPath:
        email.rawPurgedAt === null && email.reasonCode !== IncomingEmailReasonCode.TOO_LARGE
          ? incomingEmailRawPath(email.id)
          : null,
    };
  }
}

/** The fields that load another row (see incoming-email.graph.ts). */
export type IncomingEmailRelation = 'user' | 'conversation' | 'post';

@ObjectType()
export class IncomingEmailPage extends Paginated(IncomingEmailModel, 'IncomingEmailPage') {}
