import { Field, InputType } from '@nestjs/graphql';
import { IsDate, IsEnum, IsOptional, IsString, Length } from 'class-validator';
import { IsEarlierThan } from '../../common/date-range.js';
import { EmailDeliveryStatus } from '../delivery-status.enum.js';
import { EmailProviderStatus } from '../provider-status.enum.js';

@InputType()
export class EmailDeliveryFilter {
  @Field(() => EmailDeliveryStatus, { nullable: true })
  @IsOptional()
  @IsEnum(EmailDeliveryStatus)
  status?: EmailDeliveryStatus | null;

  @Field(() => EmailProviderStatus, {
    nullable: true,
    description: "SendGrid's verdict, e.g. BOUNCED or DROPPED",
  })
  @IsOptional()
  @IsEnum(EmailProviderStatus)
  providerStatus?: EmailProviderStatus | null;

  @Field(() => String, { nullable: true, description: 'A notification type' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  type?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'A recipient user id, or part of a recipient email address',
  })
  @IsOptional()
  @IsString()
  @Length(1, 320)
  recipient?: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Only deliveries created at or after this time',
  })
  @IsOptional()
  @IsDate()
  @IsEarlierThan('createdBefore')
  createdSince?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only deliveries created before this time' })
  @IsOptional()
  @IsDate()
  createdBefore?: Date | null;
}
