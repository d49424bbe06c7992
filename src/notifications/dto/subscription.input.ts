import { Field, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_.-]{0,63}$/;
export const OBJECT_REF_PATTERN = /^[a-z][a-z0-9_]{0,49}:[^\s]{1,149}$/;
export const OBJECT_REF_MESSAGE = 'must be a catalog object reference like table:42';

@InputType()
export class SubscriptionInput {
  @Field({ description: 'The catalog event type, e.g. table_updated' })
  @IsString()
  @Matches(EVENT_TYPE_PATTERN, {
    message: 'must be a lower-case event type of up to 64 characters, e.g. table_updated',
  })
  eventType!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Narrow to one catalog object, e.g. table:42; omit for every object',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(OBJECT_REF_PATTERN, { message: OBJECT_REF_MESSAGE })
  objectRef?: string | null;
}
