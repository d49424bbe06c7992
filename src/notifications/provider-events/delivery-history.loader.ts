import { Injectable } from '@nestjs/common';
import { BatchLoader } from '../../common/request-loaders.js';
import { DeliveryEventsRepository } from './delivery-events.repository.js';
import type { DeliveryEventRow } from './delivery-events.repository.js';

/** Deliveries' histories for the current request: a page of deliveries in one query. */
@Injectable()
export class DeliveryHistoryLoader extends BatchLoader<string, DeliveryEventRow[]> {
  constructor(private readonly events: DeliveryEventsRepository) {
    super();
  }

  protected async loadBatch(deliveryIds: readonly string[]): Promise<DeliveryEventRow[][]> {
    const history = await this.events.historyOf(deliveryIds);
    return deliveryIds.map((id) => history.get(id) ?? []);
  }
}
