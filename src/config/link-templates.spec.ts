import { validateEnvironment } from './environment.js';
import { parseLinkTemplates, placeholdersOf } from './link-templates.js';

describe('CATALOG_LINK_TEMPLATES', () => {
  it('is optional, and parses a JSON object of templates', () => {
    expect(parseLinkTemplates(undefined)).toEqual({ templates: {}, problems: [] });
    expect(parseLinkTemplates('{"notify_on_download_ready.export":"/exports/{exportId}"}')).toEqual(
      {
        templates: { 'notify_on_download_ready.export': '/exports/{exportId}' },
        problems: [],
      },
    );
  });

  it('names every malformed entry', () => {
    expect(parseLinkTemplates('[1]').problems).toEqual([
      'CATALOG_LINK_TEMPLATES: must be a JSON object',
    ]);
    expect(parseLinkTemplates('{nope').problems).toEqual([
      'CATALOG_LINK_TEMPLATES: must be a JSON object',
    ]);
    expect(
      parseLinkTemplates(
        JSON.stringify({
          export: '/x',
          'a.b': 5,
          'a.c': 'exports/{id}',
          'a.d': 'javascript:alert(1)',
          'a.e': '/x/{id',
          'a.f': '/x y',
        }),
      ).problems,
    ).toEqual([
      'CATALOG_LINK_TEMPLATES: "export" is not <notification type>.<link name>, e.g. notify_on_download_ready.export',
      'CATALOG_LINK_TEMPLATES: "a.b" must map to a string',
      'CATALOG_LINK_TEMPLATES: "a.c" must be a path starting with / or an absolute http(s) URL',
      'CATALOG_LINK_TEMPLATES: "a.d" must be a path starting with / or an absolute http(s) URL',
      'CATALOG_LINK_TEMPLATES: "a.e" has a brace that is not part of a {field} placeholder',
      'CATALOG_LINK_TEMPLATES: "a.f" must not contain spaces',
    ]);
  });

  it('stops the boot with the other configuration problems', () => {
    expect(() =>
      validateEnvironment({ CATALOG_LINK_TEMPLATES: '{"x":1}', CATALOG_URL: 'not a url' }),
    ).toThrow(/CATALOG_URL: must be an absolute http\(s\) URL[\s\S]*CATALOG_LINK_TEMPLATES: "x"/);
  });

  it('lists placeholders', () => {
    expect(placeholdersOf('/a/{one}/b/{two_2}')).toEqual(['one', 'two_2']);
  });
});
