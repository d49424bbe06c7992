import { ArgsType, Field } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsOptional, ValidateNested } from 'class-validator';
import { PageArgs } from '../../common/pagination.js';
import { EmailDeliveryFilter } from './email-delivery-filter.input.js';

// One args class for the whole field: the validation pipe sees every argument of a resolver at
// once, and refuses any it has no rule for.
@ArgsType()
export class EmailDeliveriesArgs extends PageArgs {
  @Field(() => EmailDeliveryFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => EmailDeliveryFilter)
  filter?: EmailDeliveryFilter | null;
}
