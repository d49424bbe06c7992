import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { IncomingEmailStatus } from '../incoming-email-status.enum.js';
import { IncomingEmailReasonCode } from '../incoming-email-reasons.js';

@InputType()
export class IncomingEmailFilter {
  @Field(() => IncomingEmailStatus, { nullable: true })
  @IsOptional()
  @IsEnum(IncomingEmailStatus)
  status?: IncomingEmailStatus;

  @Field(() => IncomingEmailReasonCode, { nullable: true })
  @IsOptional()
  @IsEnum(IncomingEmailReasonCode)
  reasonCode?: IncomingEmailReasonCode;
}
