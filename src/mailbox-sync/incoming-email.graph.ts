import { Injectable } from '@nestjs/common';
import { UsersByIdLoader } from '../auth/users-by-id.loader.js';
import type { RequestLoaders } from '../common/request-loaders.js';
import { ConversationGraph } from '../conversations/conversation-graph.js';
import type { IncomingEmail } from './entities/incoming-email.entity.js';
import { IncomingEmailModel } from './models/incoming-email.model.js';

/**
 * Incoming emails as the API returns them. The user, conversation and post an email refers to are
 * getters over the request's batch loaders, read only when a query asks for them: a page of 200
 * emails with all three costs a few more queries in all, not one per email (as ConversationGraph
 * does for conversations, and for the same reason: no per-item resolver call).
 */
@Injectable()
export class IncomingEmailGraph {
  constructor(
    private readonly usersById: UsersByIdLoader,
    private readonly conversations: ConversationGraph,
  ) {}

  email(row: IncomingEmail, loaders: RequestLoaders): IncomingEmailModel {
    const users = this.usersById.in(loaders);
    const conversations = this.conversations;
    return {
      ...IncomingEmailModel.columnsOf(row),
      get user() {
        return row.userId ? users.load(row.userId) : null;
      },
      get conversation() {
        return row.conversationId
          ? conversations.conversationById(row.conversationId, loaders)
          : null;
      },
      get post() {
        return row.postId ? conversations.postById(row.postId, loaders) : null;
      },
    };
  }
}
