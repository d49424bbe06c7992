import { Field, InputType, Int } from '@nestjs/graphql';
import {
  IsBoolean,
  IsEmail,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { IntentTrackingMode } from '../intent-tracking-mode.enum.js';
import { HOST_NAME, HOST_NAME_MESSAGE } from './validation-rules.js';

/** The "Basic Auth" tab of Email Interactions. */
@InputType()
export class BasicAuthReplyByEmailInput {
  @Field({ description: 'Reply To Email Address: the dedicated mailbox that receives replies' })
  @IsEmail({}, { message: 'must be an email address' })
  replyToAddress!: string;

  @Field({ description: 'IMAP Server host name' })
  @Matches(HOST_NAME, { message: HOST_NAME_MESSAGE })
  imapHost!: string;

  @Field(() => Int, { description: 'IMAP Server port' })
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be between 1 and 65535' })
  @Max(65535, { message: 'must be between 1 and 65535' })
  imapPort!: number;

  @Field({ description: 'Server uses SSL' })
  @IsBoolean()
  imapSsl!: boolean;

  @Field({ description: 'IMAP Email Account user name' })
  @IsString()
  @Length(1, 320)
  username!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'IMAP Email Account password. Omit to keep the stored one, which is only possible while the server, port, SSL setting and user name are the ones it was saved with.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 1024)
  password?: string;

  @Field(() => IntentTrackingMode)
  @IsEnum(IntentTrackingMode)
  intentTrackingMode!: IntentTrackingMode;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Allow sign-in without TLS: with "Server uses SSL" off and a server that offers no STARTTLS, the password crosses the network unencrypted. Off when omitted.',
  })
  @IsOptional()
  @IsBoolean()
  allowUnencryptedLogin?: boolean;
}
