import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';

/** Who receives a notification type; mirrors `RecipientRule`. */
export enum NotificationRecipients {
  /** Users subscribed to the event type (`subscribe`), on every object or the one concerned. */
  SUBSCRIBERS = 'SUBSCRIBERS',
  /** The users the publisher names in `recipientIds`. */
  NAMED_USERS = 'NAMED_USERS',
  /** Every active Server Admin. */
  SERVER_ADMINS = 'SERVER_ADMINS',
  /** Sent by Replyline itself (conversations, reply by email, the admin's test); not publishable. */
  REPLYLINE = 'REPLYLINE',
}
registerEnumType(NotificationRecipients, { name: 'NotificationRecipients' });

export enum NotificationFieldType {
  STRING = 'STRING',
  NUMBER = 'NUMBER',
  BOOLEAN = 'BOOLEAN',
}
registerEnumType(NotificationFieldType, { name: 'NotificationFieldType' });

@ObjectType({ description: 'One field of a notification type’s payload' })
export class NotificationPayloadField {
  @Field()
  name!: string;

  @Field(() => NotificationFieldType)
  type!: NotificationFieldType;

  @Field()
  required!: boolean;

  @Field()
  description!: string;
}

@ObjectType({ description: 'A page of the catalog that the emails of a type link to' })
export class NotificationLink {
  @Field({ description: 'e.g. conversation, export' })
  name!: string;

  @Field({
    description:
      'The URL with {field} placeholders filled from the payload (CATALOG_URL and CATALOG_LINK_TEMPLATES)',
  })
  template!: string;
}

@ObjectType('NotificationType', { description: 'A kind of notification email Replyline sends' })
export class NotificationTypeModel {
  @Field({ description: 'The stable key, e.g. notify_on_download_ready' })
  key!: string;

  @Field()
  description!: string;

  @Field(() => NotificationRecipients)
  recipients!: NotificationRecipients;

  @Field({
    description: 'Still sent while "Turn Off All Email Notifications for All Users" is on',
  })
  exemptFromKillSwitch!: boolean;

  @Field({
    description:
      'Users receive it by subscribing (subscribe) to catalog event types; it is the type those events arrive as',
  })
  subscribable!: boolean;

  @Field({ description: 'Catalog services may send it with publishEvent' })
  publishable!: boolean;

  @Field({ description: 'Its Auto-Submitted header: auto-generated or auto-replied' })
  autoSubmitted!: string;

  @Field(() => [NotificationPayloadField])
  payloadFields!: NotificationPayloadField[];

  @Field(() => [NotificationLink])
  links!: NotificationLink[];
}
