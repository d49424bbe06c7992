import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ArgsType, Field, ID, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { IsString, IsUUID, Length } from 'class-validator';
import { IsNotBlank } from '../common/not-blank.js';
import { ApiTokensService } from './api-tokens.service.js';
import { CurrentUser, Roles } from './auth.decorators.js';
import { CreateUserInput } from './dto/create-user.input.js';
import { UpdateUserInput } from './dto/update-user.input.js';
import { ApiToken } from './entities/api-token.entity.js';
import { User } from './entities/user.entity.js';
import { UsersService } from './users.service.js';
import { UserRole } from './user-role.enum.js';

@ObjectType()
export class CreatedApiToken {
  @Field({ description: 'The token itself. Shown only in this response; store it now.' })
  token!: string;

  @Field(() => ApiToken)
  apiToken!: ApiToken;
}

@ArgsType()
class CreateApiTokenArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a user id' })
  userId!: string;

  @Field()
  @IsString()
  @Length(1, 100)
  @IsNotBlank()
  name!: string;
}

@Resolver(() => User)
export class UsersResolver {
  constructor(
    private readonly usersService: UsersService,
    private readonly apiTokensService: ApiTokensService,
  ) {}

  @Query(() => User, { description: 'The user the request is authenticated as.' })
  me(@CurrentUser() user: User): User {
    return user;
  }

  @Roles(UserRole.SERVER_ADMIN)
  @Query(() => [User])
  users(): Promise<User[]> {
    return this.usersService.list();
  }

  @Roles(UserRole.SERVER_ADMIN)
  @Mutation(() => User)
  createUser(@Args('input') input: CreateUserInput): Promise<User> {
    return this.usersService.create(input);
  }

  @Roles(UserRole.SERVER_ADMIN)
  @Mutation(() => User)
  updateUser(
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Args('input') input: UpdateUserInput,
  ): Promise<User> {
    return this.usersService.update(id, input);
  }

  @Roles(UserRole.SERVER_ADMIN)
  @Query(() => [ApiToken])
  apiTokens(
    @Args('userId', { type: () => ID }, ParseUUIDPipe) userId: string,
  ): Promise<ApiToken[]> {
    return this.apiTokensService.listForUser(userId);
  }

  @Roles(UserRole.SERVER_ADMIN)
  @Mutation(() => CreatedApiToken)
  createApiToken(@Args() { userId, name }: CreateApiTokenArgs): Promise<CreatedApiToken> {
    return this.apiTokensService.create(userId, name);
  }

  @Roles(UserRole.SERVER_ADMIN)
  @Mutation(() => ApiToken)
  revokeApiToken(@Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<ApiToken> {
    return this.apiTokensService.revoke(id);
  }
}
