import { CatalogLinks } from './catalog-links.js';
import {
  isNotificationType,
  NOTIFICATION_TYPE_DEFINITIONS,
  renderNotification,
  validatePayload,
} from './notification-catalogue.js';
import { NOTIFICATION_TYPES } from './notification-type.js';

describe('notification type registry', () => {
  it('defines every type under its own key', () => {
    for (const type of NOTIFICATION_TYPES) {
      expect(NOTIFICATION_TYPE_DEFINITIONS[type].type).toBe(type);
    }
  });

  it('knows its types, and nothing inherited from Object', () => {
    expect(isNotificationType('notify_on_download_ready')).toBe(true);
    expect(isNotificationType('nope')).toBe(false);
    expect(isNotificationType('constructor')).toBe(false);
  });

  it('names each missing or mistyped payload field', () => {
    expect(
      validatePayload('scheduled_query_succeeded', { queryName: 5, rowCount: 'many' }),
    ).toEqual({
      'payload.queryId': ['is required for scheduled_query_succeeded'],
      'payload.queryName': ['must be a string'],
      'payload.rowCount': ['must be a number'],
    });
    const problems = validatePayload('conversation_mention', { actorName: ' ' });
    expect(problems['payload.actorName']).toEqual(['must not be empty']);
    // Optional fields may be left out.
    expect(problems).not.toHaveProperty(['payload.replyByEmail']);
  });

  it('accepts a complete payload, ignoring fields it does not read', () => {
    expect(
      validatePayload('notify_on_download_ready', { exportId: 'e1', exportName: 'Q3', extra: 1 }),
    ).toEqual({});
  });

  it('refuses a payload that is not an object', () => {
    expect(validatePayload('system_health', [1])).toEqual({ payload: ['must be a JSON object'] });
    expect(validatePayload('system_health', null)).toEqual({ payload: ['must be a JSON object'] });
  });

  it('renders through the registry', () => {
    const email = renderNotification(
      'system_health',
      { status: 'down', summary: 'Database unreachable' },
      new CatalogLinks('http://x').contextFor('system_health'),
    );
    expect(email.subject).toBe('System health: down - Database unreachable');
  });
});
