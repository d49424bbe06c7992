import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, Length } from 'class-validator';
import { EmailDeliveryStatus } from '../delivery-status.enum.js';

@InputType()
export class EmailDeliveryFilter {
  @Field(() => EmailDeliveryStatus, { nullable: true })
  @IsOptional()
  @IsEnum(EmailDeliveryStatus)
  status?: EmailDeliveryStatus | null;

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
}
