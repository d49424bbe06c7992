import { InvalidEnvironmentError } from '../config/environment.js';
import { CatalogLinks, linkTemplateProblems } from './catalog-links.js';

describe('CatalogLinks', () => {
  it('puts the default templates under CATALOG_URL, filled from the payload and percent-encoded', () => {
    const links = new CatalogLinks('https://catalog.example.com');
    const context = links.contextFor('notify_on_download_ready');
    expect(context.link('export', { exportId: 'e 1/../admin' })).toBe(
      'https://catalog.example.com/exports/e%201%2F..%2Fadmin',
    );
    expect(links.template('conversation_mention', 'conversation')).toBe(
      'https://catalog.example.com/conversations/{conversationId}',
    );
  });

  it('uses an operator template per type and link, relative or absolute', () => {
    const links = new CatalogLinks('https://catalog.example.com', {
      'notify_on_download_ready.export': '/data/exports/{exportId}?tab=download',
      'conversation_mention.conversation': 'https://talk.example.com/c/{conversationId}',
    });
    expect(links.contextFor('notify_on_download_ready').link('export', { exportId: '42' })).toBe(
      'https://catalog.example.com/data/exports/42?tab=download',
    );
    // Other types keep their defaults.
    expect(links.contextFor('notify_on_download_failed').link('export', { exportId: '42' })).toBe(
      'https://catalog.example.com/exports/42',
    );
    expect(
      links.contextFor('conversation_mention').link('conversation', { conversationId: 'c1' }),
    ).toBe('https://talk.example.com/c/c1');
  });

  it('fills {objectRef} from the context, and gives null when a value is missing', () => {
    const links = new CatalogLinks('https://catalog.example.com');
    expect(
      links.contextFor('subscription_event', { objectRef: 'table:42' }).link('object', {}),
    ).toBe('https://catalog.example.com/catalog/table%3A42');
    expect(links.contextFor('subscription_event').link('object', {})).toBeNull();
    expect(links.contextFor('reply_rejected').link('conversation', {})).toBeNull();
    expect(links.contextFor('test_email').link('anything', {})).toBeNull();
  });

  it('refuses templates for unknown types, unknown links and unknown fields, naming each', () => {
    expect(
      linkTemplateProblems({
        'no_such_type.export': '/x',
        'notify_on_download_ready.download': '/x',
        'notify_on_download_ready.export': '/exports/{exportName}/{queryId}',
        'test_email.x': '/x',
      }),
    ).toEqual([
      'CATALOG_LINK_TEMPLATES: "no_such_type.export" names no notification type "no_such_type"',
      'CATALOG_LINK_TEMPLATES: notify_on_download_ready has no link "download" (its links: export)',
      'CATALOG_LINK_TEMPLATES: "notify_on_download_ready.export" uses {queryId}, which notify_on_download_ready does not have (it has exportId, exportName, expiresAt, objectRef)',
      'CATALOG_LINK_TEMPLATES: test_email has no link "x" (it has no links)',
    ]);
    expect(() => new CatalogLinks('https://c', { 'nope.x': '/x' })).toThrow(
      InvalidEnvironmentError,
    );
  });
});
