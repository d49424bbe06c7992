import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Cursor } from '../common/pagination.js';
import { groupBy } from '../common/request-loaders.js';
import type { Conversation } from './entities/conversation.entity.js';
import type { Post } from './entities/post.entity.js';
import type { PostSource } from './post-source.enum.js';

export interface ConversationRow {
  id: string;
  title: string;
  subject_ref: string;
  created_by_id: string;
  assignee_id: string | null;
  created_at: Date;
  last_activity_at: Date;
}

export const CONVERSATION_COLUMNS =
  'id, title, subject_ref, created_by_id, assignee_id, created_at, last_activity_at';

export function conversationFromRow(row: ConversationRow): Conversation {
  return {
    id: row.id,
    title: row.title,
    subjectRef: row.subject_ref,
    createdById: row.created_by_id,
    assigneeId: row.assignee_id,
    createdAt: row.created_at,
    lastActivityAt: row.last_activity_at,
  };
}

interface PostRow {
  id: string;
  conversation_id: string;
  author_id: string;
  body: string;
  source: PostSource;
  created_at: Date;
}

const POST_COLUMNS = 'id, conversation_id, author_id, body, source, created_at';

function postFromRow(row: PostRow): Post {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    authorId: row.author_id,
    body: row.body,
    source: row.source,
    createdAt: row.created_at,
  };
}

/**
 * What the API reads of conversations, posts and mentions. Plain SQL: every page of
 * conversations runs these, and TypeORM's query building and entity mapping cost more CPU than
 * the queries themselves (measured with bench/graphql-load).
 */
@Injectable()
export class ConversationQueries {
  constructor(private readonly dataSource: DataSource) {}

  async get(id: string): Promise<Conversation | null> {
    const [row] = await this.dataSource.query<ConversationRow[]>(
      `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE id = $1`,
      [id],
    );
    return row ? conversationFromRow(row) : null;
  }

  /** Many conversations by id, in one query (those that exist). */
  async byIds(ids: readonly string[]): Promise<Conversation[]> {
    const rows = await this.dataSource.query<ConversationRow[]>(
      `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map(conversationFromRow);
  }

  /** Newest activity first; `first + 1` rows so the caller can tell whether there is a next page. */
  async page(first: number, after?: Cursor): Promise<Conversation[]> {
    const rows = after
      ? await this.dataSource.query<ConversationRow[]>(
          `SELECT ${CONVERSATION_COLUMNS} FROM conversations
            WHERE (last_activity_at, id) < ($1::timestamptz, $2::uuid)
            ORDER BY last_activity_at DESC, id DESC LIMIT $3`,
          [after.at, after.id, first + 1],
        )
      : await this.dataSource.query<ConversationRow[]>(
          `SELECT ${CONVERSATION_COLUMNS} FROM conversations
            ORDER BY last_activity_at DESC, id DESC LIMIT $1`,
          [first + 1],
        );
    return rows.map(conversationFromRow);
  }

  /** The posts of many conversations, oldest first: one query for a whole page. */
  async postsOf(conversationIds: readonly string[]): Promise<Map<string, Post[]>> {
    const rows = await this.dataSource.query<PostRow[]>(
      `SELECT ${POST_COLUMNS} FROM posts
        WHERE conversation_id = ANY($1::uuid[]) ORDER BY created_at, id`,
      [conversationIds],
    );
    return groupBy(rows.map(postFromRow), (post) => post.conversationId);
  }

  /** Many posts by id, in one query (those that exist). */
  async postsByIds(ids: readonly string[]): Promise<Post[]> {
    const rows = await this.dataSource.query<PostRow[]>(
      `SELECT ${POST_COLUMNS} FROM posts WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map(postFromRow);
  }

  /** Who each of many posts mentions, as user ids: one query for a whole page. */
  async mentionedUserIdsOf(postIds: readonly string[]): Promise<Map<string, string[]>> {
    const rows = await this.dataSource.query<Array<{ post_id: string; user_id: string }>>(
      'SELECT post_id, user_id FROM post_mentions WHERE post_id = ANY($1::uuid[])',
      [postIds],
    );
    const grouped = groupBy(rows, (row) => row.post_id);
    return new Map(
      [...grouped].map(([postId, group]) => [postId, group.map((row) => row.user_id)]),
    );
  }
}
