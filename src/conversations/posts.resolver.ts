import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { User } from '../auth/entities/user.entity.js';
import { UsersByIdLoader } from '../auth/users-by-id.loader.js';
import { listOf } from '../common/query-cost.plugin.js';
import { RequestLoaders } from '../common/request-loaders.js';
import { MentionedUserIdsByPostLoader } from './conversation.loaders.js';
import type { Post } from './entities/post.entity.js';
import { PostModel } from './models/conversation.model.js';

/** A post mentions a few people; the cost estimate assumes this many. */
const ASSUMED_MENTIONS_PER_POST = 3;

@Resolver(() => PostModel)
export class PostsResolver {
  constructor(
    private readonly usersById: UsersByIdLoader,
    private readonly mentionedUserIds: MentionedUserIdsByPostLoader,
  ) {}

  @ResolveField(() => User)
  async author(
    @Parent() post: Post,
    @Context('loaders') loaders: RequestLoaders,
  ): Promise<User | null> {
    return this.usersById.in(loaders).load(post.authorId);
  }

  @ResolveField(() => [User], { complexity: listOf(ASSUMED_MENTIONS_PER_POST) })
  async mentionedUsers(
    @Parent() post: Post,
    @Context('loaders') loaders: RequestLoaders,
  ): Promise<User[]> {
    const ids = await this.mentionedUserIds.in(loaders).load(post.id);
    const users = await this.usersById.in(loaders).loadMany(ids);
    // A mentioned user who no longer exists has nothing to show.
    return users.filter((user): user is User => user !== null && !(user instanceof Error));
  }
}
