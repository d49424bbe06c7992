import { Field, ID, InputType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsArray,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { GraphQLJSON } from '../../common/json.scalar.js';
import { OBJECT_REF_MESSAGE, OBJECT_REF_PATTERN } from './subscription.input.js';

@InputType()
export class PublishEventInput {
  // A String rather than an enum, so an unknown type gets a BAD_USER_INPUT that names it.
  @Field({ description: 'The notification type, e.g. notify_on_download_ready' })
  @IsString()
  @Length(1, 64)
  type!: string;

  @Field(() => GraphQLJSON, { description: "The event's data; the fields depend on the type" })
  @IsObject({ message: 'must be a JSON object' })
  payload!: Record<string, unknown>;

  @Field(() => [ID], {
    nullable: true,
    description:
      'Who to notify, for types sent to named users (the export requester, the query owner)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true, message: 'must be user ids' })
  recipientIds?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'The catalog object a subscription_event concerns, e.g. table:42',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(OBJECT_REF_PATTERN, { message: OBJECT_REF_MESSAGE })
  objectRef?: string | null;
}
