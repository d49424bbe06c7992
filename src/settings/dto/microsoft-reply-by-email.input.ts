import { Field, InputType } from '@nestjs/graphql';
import { IsEmail, IsOptional, IsString, Length, Matches } from 'class-validator';
import { GUID, TENANT_ID } from './validation-rules.js';

/**
 * The "OAuth 2.0" tab of Email Interactions. The service provider is always Microsoft and the
 * intent tracking mode always MESSAGE_ID, so neither is an input.
 */
@InputType()
export class MicrosoftReplyByEmailInput {
  @Field({ description: 'Reply To Email Address: the mailbox that receives replies' })
  @IsEmail({}, { message: 'must be an email address' })
  replyToAddress!: string;

  @Field({ description: 'Directory (tenant) ID of the Azure app registration' })
  @Matches(TENANT_ID, {
    message: 'must be a directory (tenant) ID GUID or a domain such as contoso.onmicrosoft.com',
  })
  tenantId!: string;

  @Field({ description: 'Application (client) ID of the Azure app registration' })
  @Matches(GUID, { message: 'must be an application (client) ID GUID' })
  clientId!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Client secret value. Omit to keep the stored one, which is only possible while the Tenant ID and Client ID are the ones it was saved with.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 1024)
  clientSecret?: string;
}
