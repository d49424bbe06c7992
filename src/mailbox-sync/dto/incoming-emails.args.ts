import { ArgsType, Field } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsOptional, ValidateNested } from 'class-validator';
import { PageArgs } from '../../common/pagination.js';
import { IncomingEmailFilter } from './incoming-email-filter.input.js';

@ArgsType()
export class IncomingEmailsArgs extends PageArgs {
  @Field(() => IncomingEmailFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => IncomingEmailFilter)
  filter?: IncomingEmailFilter;
}
