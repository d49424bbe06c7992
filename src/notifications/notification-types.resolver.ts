import { Query, Resolver } from '@nestjs/graphql';
import { CatalogLinks } from './catalog-links.js';
import { NOTIFICATION_TYPE_DEFINITIONS } from './notification-catalogue.js';
import type { FieldKind, FieldSpec, RecipientRule } from './notification-type.js';
import { NOTIFICATION_TYPES } from './notification-type.js';
import {
  NotificationFieldType,
  NotificationRecipients,
  NotificationTypeModel,
} from './models/notification-type.model.js';

const RECIPIENTS: Record<RecipientRule, NotificationRecipients> = {
  subscribers: NotificationRecipients.SUBSCRIBERS,
  named: NotificationRecipients.NAMED_USERS,
  admins: NotificationRecipients.SERVER_ADMINS,
  in_process: NotificationRecipients.REPLYLINE,
};

const FIELD_TYPES: Record<FieldKind, NotificationFieldType> = {
  string: NotificationFieldType.STRING,
  number: NotificationFieldType.NUMBER,
  boolean: NotificationFieldType.BOOLEAN,
};

/**
 * The catalogue of notification types, for any signed-in user: what the kill switch turns off,
 * what can be subscribed to, and what each payload holds. Nothing in it is secret; the links show
 * the catalog's own address.
 */
@Resolver()
export class NotificationTypesResolver {
  constructor(private readonly links: CatalogLinks) {}

  @Query(() => [NotificationTypeModel], {
    description: 'Every notification type: who receives it, its payload and its links',
  })
  notificationTypes(): NotificationTypeModel[] {
    return NOTIFICATION_TYPES.map((key) => {
      const definition = NOTIFICATION_TYPE_DEFINITIONS[key];
      return {
        key,
        description: definition.description,
        recipients: RECIPIENTS[definition.recipients],
        exemptFromKillSwitch: definition.exemptFromKillSwitch,
        subscribable: definition.recipients === 'subscribers',
        publishable: definition.recipients !== 'in_process',
        autoSubmitted: definition.autoSubmitted,
        payloadFields: Object.entries<FieldSpec>(definition.fields).map(([name, spec]) => ({
          name,
          type: FIELD_TYPES[spec.kind],
          required: !spec.optional,
          description: spec.description,
        })),
        links: this.links.templates(key),
      };
    });
  }
}
