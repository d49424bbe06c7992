import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../auth/auth.decorators.js';
import { User } from '../auth/entities/user.entity.js';
import { UsersService } from '../auth/users.service.js';
import { decodeCursor, PageArgs, toPage } from '../common/pagination.js';
import type { Page } from '../common/pagination.js';
import { ConversationsService } from './conversations.service.js';
import type { StoredPost } from './conversations.service.js';
import {
  AddPostArgs,
  AssignConversationArgs,
  CreateConversationInput,
} from './dto/conversation.inputs.js';
import type { Conversation } from './entities/conversation.entity.js';
import { ConversationModel, ConversationPage, PostModel } from './models/conversation.model.js';

/** Conversations are for every signed-in catalog user (the global guard requires a token). */
@Resolver(() => ConversationModel)
export class ConversationsResolver {
  constructor(
    private readonly conversationsService: ConversationsService,
    private readonly users: UsersService,
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
  ): Promise<PostModel> {
    return this.toPostModel(
      await this.conversationsService.addPost(actor, conversationId, body),
      actor,
    );
  }

  @Mutation(() => ConversationModel)
  assignConversation(
    @CurrentUser() actor: User,
    @Args() { conversationId, assigneeId }: AssignConversationArgs,
  ): Promise<Conversation> {
    return this.conversationsService.assign(actor, conversationId, assigneeId);
  }

  @ResolveField(() => User)
  createdBy(@Parent() conversation: Conversation): Promise<User> {
    return this.users.findById(conversation.createdById);
  }

  @ResolveField(() => User, { nullable: true })
  async assignee(@Parent() conversation: Conversation): Promise<User | null> {
    return conversation.assigneeId ? this.users.findById(conversation.assigneeId) : null;
  }

  @ResolveField(() => [PostModel], { description: 'Oldest first' })
  async posts(@Parent() conversation: Conversation): Promise<PostModel[]> {
    const stored = await this.conversationsService.postsOf(conversation.id);
    const authors = new Map(
      (await this.users.findByIds([...new Set(stored.map(({ post }) => post.authorId))])).map(
        (u) => [u.id, u],
      ),
    );
    return stored.map((entry) => this.toPostModel(entry, authors.get(entry.post.authorId)!));
  }

  private toPostModel({ post, mentionedUsers }: StoredPost, author: User): PostModel {
    return { ...post, author, mentionedUsers };
  }
}
