import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsEmail, IsUUID, MaxLength } from 'class-validator';

@ArgsType()
export class SendTestEmailArgs {
  @Field({ description: 'Where to send the test email' })
  @IsEmail({ require_tld: false }, { message: 'must be an email address' })
  @MaxLength(320)
  to!: string;
}

@ArgsType()
export class ResendDeliveryArgs {
  @Field(() => ID, { description: 'A FAILED or SUPPRESSED email delivery' })
  @IsUUID('all', { message: 'must be an email delivery id' })
  id!: string;
}
