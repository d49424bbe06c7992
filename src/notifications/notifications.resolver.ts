import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { User } from '../auth/entities/user.entity.js';
import { UserRole } from '../auth/user-role.enum.js';
import { DeliveryStatus } from './delivery-status.enum.js';
import { PublishEventInput } from './dto/publish-event.input.js';
import { SubscriptionInput } from './dto/subscription.input.js';
import { NotificationSubscription } from './entities/notification-subscription.entity.js';
import { PublishedEvent } from './models/email-delivery.model.js';
import { NotificationsService } from './notifications.service.js';
import { SubscriptionsService } from './subscriptions.service.js';

/** Subscriptions (any signed-in user, for themselves) and publishing (internal services). */
@Resolver()
export class NotificationsResolver {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  @Query(() => [NotificationSubscription], { description: "The signed-in user's subscriptions" })
  mySubscriptions(@CurrentUser() user: User): Promise<NotificationSubscription[]> {
    return this.subscriptions.listFor(user.id);
  }

  @Mutation(() => NotificationSubscription, {
    description: 'Subscribe the signed-in user to an event type (idempotent)',
  })
  subscribe(
    @CurrentUser() user: User,
    @Args('input') input: SubscriptionInput,
  ): Promise<NotificationSubscription> {
    return this.subscriptions.subscribe(user.id, input);
  }

  @Mutation(() => Boolean, { description: 'False when there was no such subscription' })
  unsubscribe(
    @CurrentUser() user: User,
    @Args('input') input: SubscriptionInput,
  ): Promise<boolean> {
    return this.subscriptions.unsubscribe(user.id, input);
  }

  @Roles(UserRole.SERVICE)
  @Mutation(() => PublishedEvent, {
    description: 'Publish a catalog event as notification emails (service tokens only)',
  })
  async publishEvent(@Args('input') input: PublishEventInput): Promise<PublishedEvent> {
    const { type, deliveries } = await this.notifications.publish(input);
    return {
      type,
      recipientCount: deliveries.length,
      suppressedCount: deliveries.filter((d) => d.status === DeliveryStatus.SUPPRESSED).length,
      deliveryIds: deliveries.map((delivery) => delivery.id),
    };
  }
}
