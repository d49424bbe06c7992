import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { User } from '../../auth/entities/user.entity.js';
import { Paginated } from '../../common/pagination.js';
import type { Lazy } from '../../common/request-loaders.js';
import { DeliveryFailureClass } from '../delivery-failure-class.enum.js';
import { EmailDeliveryStatus } from '../delivery-status.enum.js';
import { EmailProviderStatus } from '../provider-status.enum.js';

export enum EmailDeliveryEventSource {
  TRANSPORT = 'TRANSPORT',
  SENDGRID = 'SENDGRID',
}

registerEnumType(EmailDeliveryEventSource, {
  name: 'EmailDeliveryEventSource',
  valuesMap: {
    TRANSPORT: { description: "The transport's answer to one send attempt" },
    SENDGRID: { description: "An event from SendGrid's Event Webhook" },
  },
});

@ObjectType('EmailDeliveryEvent', {
  description: 'One answer about a delivery: a send attempt, or what SendGrid reported later',
})
export class EmailDeliveryEventModel {
  @Field({ description: 'When it happened (SendGrid: the event time it reports)' })
  at!: Date;

  @Field(() => EmailDeliveryEventSource)
  source!: EmailDeliveryEventSource;

  @Field({
    description:
      'TRANSPORT: ACCEPTED, RETRY or FAILED; SENDGRID: processed, deferred, delivered, bounce, ' +
      'dropped, spamreport, unsubscribe, group_unsubscribe, group_resubscribe',
  })
  event!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'TRANSPORT: the attempt number; SENDGRID deferred: its delivery attempt',
  })
  attempt!: number | null;

  @Field(() => String, { nullable: true, description: 'The answer, in the words it came with' })
  detail!: string | null;

  @Field(() => String, { nullable: true })
  providerMessageId!: string | null;
}

@ObjectType('EmailDelivery', { description: 'One notification email to one recipient' })
export class EmailDeliveryModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'The notification type, e.g. conversation_mention' })
  type!: string;

  @Field({ description: 'The recipient email address' })
  recipient!: string;

  @Field(() => ID, { nullable: true })
  recipientUserId!: string | null;

  @Field(() => User, {
    nullable: true,
    description: 'The recipient as a user; null for an address that is not one',
  })
  recipientUser!: Lazy<User | null>;

  @Field(() => String, { nullable: true })
  recipientName!: string | null;

  @Field()
  subject!: string;

  @Field(() => EmailDeliveryStatus)
  status!: EmailDeliveryStatus;

  @Field(() => String, { nullable: true, description: 'Why the email was not sent' })
  suppressionReason!: string | null;

  @Field(() => Int)
  attempts!: number;

  @Field(() => String, { nullable: true })
  lastError!: string | null;

  @Field(() => DeliveryFailureClass, {
    nullable: true,
    description: 'For a FAILED email the provider refused on account grounds: which refusal',
  })
  failureClass!: DeliveryFailureClass | null;

  @Field(() => EmailProviderStatus, {
    nullable: true,
    description:
      "SendGrid's verdict after accepting it, from the Event Webhook (null: none received)",
  })
  providerStatus!: EmailProviderStatus | null;

  @Field(() => String, { nullable: true, description: "SendGrid's reason for that verdict" })
  providerStatusReason!: string | null;

  @Field(() => Date, { nullable: true })
  providerStatusAt!: Date | null;

  @Field(() => String, { nullable: true, description: "SendGrid's x-message-id" })
  providerMessageId!: string | null;

  @Field(() => [EmailDeliveryEventModel], {
    description:
      "The transport's answer to each send attempt and SendGrid's events after it, oldest first",
  })
  history!: Lazy<EmailDeliveryEventModel[]>;

  @Field(() => String, { nullable: true, description: 'sendgrid or local' })
  transport!: string | null;

  @Field({ description: 'When the next attempt is due, for PENDING emails' })
  nextAttemptAt!: Date;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  sentAt!: Date | null;

  @Field()
  updatedAt!: Date;

  @Field({ description: 'The plain-text part, as sent' })
  textBody!: string;

  @Field({ description: 'The HTML part, as sent' })
  htmlBody!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Set on a resend (resendDelivery): the FAILED or SUPPRESSED email it repeats',
  })
  resentFromId!: string | null;
}

@ObjectType()
export class EmailDeliveryPage extends Paginated(EmailDeliveryModel, 'EmailDeliveryPage') {}

@ObjectType()
export class PublishedEvent {
  @Field()
  type!: string;

  @Field(() => Int, { description: 'Emails created: one per recipient' })
  recipientCount!: number;

  @Field(() => Int, { description: 'Of those, how many were SUPPRESSED by the kill switch' })
  suppressedCount!: number;

  @Field(() => [ID])
  deliveryIds!: string[];
}
