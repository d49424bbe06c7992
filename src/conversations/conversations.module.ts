import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { ConversationGraph } from './conversation-graph.js';
import {
  ConversationsByIdLoader,
  MentionedUserIdsByPostLoader,
  PostsByConversationLoader,
  PostsByIdLoader,
} from './conversation.loaders.js';
import { ConversationQueries } from './conversation.queries.js';
import { ConversationsResolver } from './conversations.resolver.js';
import { ConversationsService } from './conversations.service.js';
import { Conversation } from './entities/conversation.entity.js';
import { PostMention } from './entities/post-mention.entity.js';
import { Post } from './entities/post.entity.js';
import { ReplyIntent } from './entities/reply-intent.entity.js';
import { ReplyIntentsService } from './reply-intents.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([Conversation, Post, PostMention, ReplyIntent]),
    AuthModule,
    SettingsModule,
    NotificationsModule,
  ],
  providers: [
    ConversationsService,
    ReplyIntentsService,
    ConversationsResolver,
    ConversationQueries,
    ConversationGraph,
    PostsByConversationLoader,
    MentionedUserIdsByPostLoader,
    ConversationsByIdLoader,
    PostsByIdLoader,
  ],
  // ConversationGraph: for other modules' objects that refer to a conversation or a post;
  // ConversationQueries: reads (mailbox-sync names the conversation in a rejection notice).
  exports: [ConversationsService, ReplyIntentsService, ConversationGraph, ConversationQueries],
})
export class ConversationsModule {}
