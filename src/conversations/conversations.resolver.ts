import { ParseUUIDPipe } from '@nestjs/common';
import {
  Args,
  Context,
  ID,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { CurrentUser } from '../auth/auth.decorators.js';
import { User } from '../auth/entities/user.entity.js';
import { UsersByIdLoader } from '../auth/users-by-id.loader.js';
import { decodeCursor, PageArgs, toPage } from '../common/pagination.js';
import type { Page } from '../common/pagination.js';
import { RequestLoaders } from '../common/request-loaders.js';
import { MentionedUserIdsByPostLoader, PostsByConversationLoader } from './conversation.loaders.js';
import { ConversationsService } from './conversations.service.js';
import {
  AddPostArgs,
  AssignConversationArgs,
  CreateConversationInput,
} from './dto/conversation.inputs.js';
import type { Conversation } from './entities/conversation.entity.js';
import type { Post } from './entities/post.entity.js';
import { ConversationModel, ConversationPage, PostModel } from './models/conversation.model.js';

/**
 * Conversations are for every signed-in catalog user (the global guard requires a token). The
 * relations of a conversation are loaded through the request's loaders, so a page of them costs
 * a few queries in all, not a few per conversation.
 */
@Resolver(() => ConversationModel)
export class ConversationsResolver {
  constructor(
    private readonly conversationsService: ConversationsService,
    private readonly usersById: UsersByIdLoader,
    private readonly postsByConversation: PostsByConversationLoader,
    private readonly mentionedUserIds: MentionedUserIdsByPostLoader,
  ) {}

  @Query(() => ConversationModel)
  async conversation(
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
  ): Promise<Conversation> {
    return this.conversationsService.get(id);
  }

  @Query(() => ConversationPage, { description: 'Newest activity first' })
  async conversations(@Args() { first, after }: PageArgs): Promise<Page<Conversation>> {
    const rows = await this.conversationsService.list(first, decodeCursor(after));
    return toPage(rows, first, (row) => ({ at: row.lastActivityAt.toISOString(), id: row.id }));
  }

  @Mutation(() => ConversationModel)
  async createConversation(
    @CurrentUser() actor: User,
    @Args('input') input: CreateConversationInput,
  ): Promise<Conversation> {
    return (await this.conversationsService.create(actor, input)).conversation;
  }

  @Mutation(() => PostModel)
  async addPost(
    @CurrentUser() actor: User,
    @Args() { conversationId, body }: AddPostArgs,
    @Context('loaders') loaders: RequestLoaders,
  ): Promise<Post> {
    const { post, mentionedUsers } = await this.conversationsService.addPost(
      actor,
      conversationId,
      body,
    );
    // The new post's author and mentions are known already: no query to resolve them again.
    const users = this.usersById.in(loaders);
    for (const user of [actor, ...mentionedUsers]) users.prime(user.id, user);
    this.mentionedUserIds.in(loaders).prime(
      post.id,
      mentionedUsers.map((user) => user.id),
    );
    return post;
  }

  @Mutation(() => ConversationModel)
  assignConversation(
    @CurrentUser() actor: User,
    @Args() { conversationId, assigneeId }: AssignConversationArgs,
  ): Promise<Conversation> {
    return this.conversationsService.assign(actor, conversationId, assigneeId);
  }

  @ResolveField(() => User)
  async createdBy(
    @Parent() conversation: Conversation,
    @Context('loaders') loaders: RequestLoaders,
  ): Promise<User | null> {
    return this.usersById.in(loaders).load(conversation.createdById);
  }

  @ResolveField(() => User, { nullable: true })
  async assignee(
    @Parent() conversation: Conversation,
    @Context('loaders') loaders: RequestLoaders,
  ): Promise<User | null> {
    return conversation.assigneeId
      ? this.usersById.in(loaders).load(conversation.assigneeId)
      : null;
  }

  @ResolveField(() => [PostModel], { description: 'Oldest first' })
  async posts(
    @Parent() conversation: Conversation,
    @Context('loaders') loaders: RequestLoaders,
  ): Promise<Post[]> {
    return this.postsByConversation.in(loaders).load(conversation.id);
  }
}
