import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { NotificationSubscription } from './entities/notification-subscription.entity.js';
import { eventTypeProblem } from './notification-catalogue.js';
import { NotificationsErrorCode, NotificationsException } from './notifications.exception.js';

export interface SubscriptionKey {
  eventType: string;
  /** Null or absent: every object. */
  objectRef?: string | null;
}

/** Users' subscriptions to catalog events, from their profile page. */
@Injectable()
export class SubscriptionsService {
  constructor(
    @InjectRepository(NotificationSubscription)
    private readonly subscriptions: Repository<NotificationSubscription>,
  ) {}

  /**
   * Idempotent: subscribing twice to the same thing keeps one subscription. A notification type's
   * key is refused: nothing would ever arrive for it (see `eventTypeProblem`).
   */
  async subscribe(userId: string, key: SubscriptionKey): Promise<NotificationSubscription> {
    const problem = eventTypeProblem(key.eventType);
    if (problem) {
      throw new NotificationsException(
        NotificationsErrorCode.NOT_SUBSCRIBABLE,
        `Cannot subscribe to ${key.eventType}: it ${problem}`,
        { eventType: [problem] },
      );
    }
    const objectRef = key.objectRef ?? null;
    await this.subscriptions.query(
      `INSERT INTO notification_subscriptions (user_id, event_type, object_ref)
       VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [userId, key.eventType, objectRef],
    );
    return this.subscriptions
      .createQueryBuilder('s')
      .where('s.user_id = :userId AND s.event_type = :eventType', {
        userId,
        eventType: key.eventType,
      })
      .andWhere('s.object_ref IS NOT DISTINCT FROM :objectRef', { objectRef })
      .getOneOrFail();
  }

  /** True when there was such a subscription. */
  async unsubscribe(userId: string, key: SubscriptionKey): Promise<boolean> {
    const result = await this.subscriptions
      .createQueryBuilder()
      .delete()
      .where('user_id = :userId AND event_type = :eventType', { userId, eventType: key.eventType })
      .andWhere('object_ref IS NOT DISTINCT FROM :objectRef', { objectRef: key.objectRef ?? null })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  listFor(userId: string): Promise<NotificationSubscription[]> {
    return this.subscriptions
      .createQueryBuilder('s')
      .where('s.user_id = :userId', { userId })
      .orderBy('s.event_type', 'ASC')
      .addOrderBy('s.object_ref', 'ASC', 'NULLS FIRST')
      .getMany();
  }

  /**
   * Users to tell about an `eventType` event: those subscribed to every object, plus, when the
   * event concerns one object, those subscribed to that object.
   */
  async subscriberIds(eventType: string, objectRef: string | null): Promise<string[]> {
    const rows = await this.subscriptions.query<Array<{ user_id: string }>>(
      `SELECT DISTINCT user_id FROM notification_subscriptions
       WHERE event_type = $1 AND (object_ref IS NULL OR object_ref = $2)`,
      [eventType, objectRef],
    );
    return rows.map((row) => row.user_id);
  }
}
