import { Field, InputType } from '@nestjs/graphql';
import { IsDate, IsEnum, IsOptional } from 'class-validator';
import { IsEarlierThan } from '../../common/date-range.js';
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

  @Field(() => Date, {
    nullable: true,
    description: 'Only emails received (by the mailbox) at or after this time',
  })
  @IsOptional()
  @IsDate()
  @IsEarlierThan('receivedBefore')
  receivedSince?: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'Only emails received (by the mailbox) before this time',
  })
  @IsOptional()
  @IsDate()
  receivedBefore?: Date;
}
