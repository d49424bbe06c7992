import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum OutboundTransportKind {
  SENDGRID = 'SENDGRID',
  /** No SENDGRID_API_KEY: emails are written as .eml files under DATA_DIR/outbox. */
  LOCAL_SINK = 'LOCAL_SINK',
}
registerEnumType(OutboundTransportKind, { name: 'OutboundTransportKind' });

@ObjectType({
  description:
    'Where outbound mail goes, and how its last sends went on the replica that answered (since it started)',
})
export class OutboundTransportStatus {
  @Field(() => OutboundTransportKind)
  kind!: OutboundTransportKind;

  @Field({ description: 'e.g. "SendGrid at https://api.sendgrid.com"' })
  description!: string;

  @Field(() => String, { nullable: true, description: 'The last send that failed, in words' })
  lastError!: string | null;

  @Field(() => Date, { nullable: true })
  lastErrorAt!: Date | null;

  @Field(() => ID, { nullable: true, description: 'The delivery that failed' })
  lastErrorDeliveryId!: string | null;

  @Field(() => Date, { nullable: true })
  lastSuccessAt!: Date | null;
}
