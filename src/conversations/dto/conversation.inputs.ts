import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsNotBlank } from '../../common/not-blank.js';

export const POST_BODY_MAX = 20_000;
const BODY_LENGTH_MESSAGE = `must be 1 to ${POST_BODY_MAX} characters`;

@InputType()
export class CreateConversationInput {
  @Field()
  @IsString()
  @Length(1, 300)
  @IsNotBlank()
  title!: string;

  @Field({ description: 'The catalog object the conversation is about, e.g. table:42' })
  @Matches(/^[a-z][a-z0-9_-]{0,49}:[^\s]{1,149}$/, {
    message: 'must be an object reference such as table:42 (type, colon, id)',
  })
  subjectRef!: string;

  @Field({ description: 'The first post' })
  @IsString()
  @Length(1, POST_BODY_MAX, { message: BODY_LENGTH_MESSAGE })
  @IsNotBlank()
  body!: string;
}

@ArgsType()
export class AddPostArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a conversation id' })
  conversationId!: string;

  @Field()
  @IsString()
  @Length(1, POST_BODY_MAX, { message: BODY_LENGTH_MESSAGE })
  @IsNotBlank()
  body!: string;
}

@ArgsType()
export class AssignConversationArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a conversation id' })
  conversationId!: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'must be a user id' })
  assigneeId!: string;
}
