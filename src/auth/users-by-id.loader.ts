import { Injectable } from '@nestjs/common';
import { alignToKeys, BatchLoader } from '../common/request-loaders.js';
import type { User } from './entities/user.entity.js';
import { UsersService } from './users.service.js';

/** Users by id for the current request: every author, assignee and mention of a page in one query. */
@Injectable()
export class UsersByIdLoader extends BatchLoader<string, User | null> {
  constructor(private readonly users: UsersService) {
    super();
  }

  protected async loadBatch(ids: readonly string[]): Promise<Array<User | null>> {
    const found = await this.users.findByIds(ids);
    return alignToKeys(ids, new Map(found.map((user) => [user.id, user])), () => null);
  }
}
