import { ParseUUIDPipe } from '@nestjs/common';
import { Args, Context, ID, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { CurrentUser } from '../auth/auth.decorators.js';
import { User } from '../auth/entities/user.entity.js';
import { decodeCursor, PageArgs, toPage } from '../common/pagination.js';
import type { Page } from '../common/pagination.js';
import { RequestLoaders } from '../common/request-loaders.js';
import { ConversationGraph, pageSelection } from './conversation-graph.js';
import { ConversationQueries } from './conversation.queries.js';
import { ConversationsErrorCode, ConversationsException } from './conversations.exception.js';
import { ConversationsService } from './conversations.service.js';
import {
  AddPostArgs,
  AssignConversationArgs,
  CreateConversationInput,
} from './dto/conversation.inputs.js';
import { ConversationModel, ConversationPage, PostModel } from './models/conversation.model.js';

/**
 * Conversations are for every signed-in catalog user (the global guard requires a token). Each
 * returns ConversationGraph objects, whose relations load in batches per request.
 */
@Resolver(() => ConversationModel)
export class ConversationsResolver {
  constructor(
    private readonly conversationsService: ConversationsService,
    private readonly queries: ConversationQueries,
    private readonly graph: ConversationGraph,
  ) {}

  @Query(() => ConversationModel)
  async conversation(
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Context('loaders') loaders: RequestLoaders,
  ): Promise<ConversationModel> {
    const conversation = await this.queries.get(id);
    if (!conversation) {
      throw new ConversationsException(
        ConversationsErrorCode.CONVERSATION_NOT_FOUND,
        `Conversation ${id} not found`,
      );
    }
    return this.graph.conversation(conversation, loaders);
  }

  @Query(() => ConversationPage, { description: 'Newest activity first' })
  async conversations(
    @Args() { first, after }: PageArgs,
    @Context('loaders') loaders: RequestLoaders,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Page<ConversationModel>> {
    const rows = await this.queries.page(first, decodeCursor(after));
    const page = toPage(rows, first, (row) => ({
      at: row.lastActivityAt.toISOString(),
      id: row.id,
    }));
    await this.graph.preload(page.nodes, loaders, pageSelection(info, ['nodes']));
    return {
      nodes: page.nodes.map((row) => this.graph.conversation(row, loaders)),
      pageInfo: page.pageInfo,
    };
  }

  @Mutation(() => ConversationModel)
  async createConversation(
    @CurrentUser() actor: User,
    @Args('input') input: CreateConversationInput,
    @Context('loaders') loaders: RequestLoaders,
  ): Promise<ConversationModel> {
    const { conversation } = await this.conversationsService.create(actor, input);
    return this.graph.conversation(conversation, loaders);
  }

  @Mutation(() => PostModel)
  async addPost(
    @CurrentUser() actor: User,
    @Args() { conversationId, body }: AddPostArgs,
    @Context('loaders') loaders: RequestLoaders,
  ): Promise<PostModel> {
    const { post, mentionedUsers } = await this.conversationsService.addPost(
      actor,
      conversationId,
      body,
    );
    this.graph.primeNewPost(loaders, post, actor, mentionedUsers);
    return this.graph.post(post, loaders);
  }

  @Mutation(() => ConversationModel)
  async assignConversation(
    @CurrentUser() actor: User,
    @Args() { conversationId, assigneeId }: AssignConversationArgs,
    @Context('loaders') loaders: RequestLoaders,
  ): Promise<ConversationModel> {
    const conversation = await this.conversationsService.assign(actor, conversationId, assigneeId);
    return this.graph.conversation(conversation, loaders);
  }
}
