import { removeUnsafeLinks } from './unsafe-links.js';

describe('removeUnsafeLinks', () => {
  it('takes out javascript:, vbscript: and data: links, bracketed or bare', () => {
    expect(removeUnsafeLinks('click <javascript:alert(2)> now')).toEqual({
      text: 'click now',
      removed: ['<javascript:alert(2)>'],
    });
    expect(removeUnsafeLinks('see JavaScript:alert(document.cookie) and vbscript:msgbox')).toEqual({
      text: 'see  and ',
      removed: ['JavaScript:alert(document.cookie)', 'vbscript:msgbox'],
    });
    expect(removeUnsafeLinks('img <data:text/html;base64,PHNjcmlwdD4=>').text).toBe('img');
  });

  it('sees through control characters inside the scheme', () => {
    expect(removeUnsafeLinks('x <java\tscript:alert(1)>').text).toBe('x');
    expect(removeUnsafeLinks('x java\u0000script:alert(1)').text).toBe('x ');
  });

  it('keeps words that only look like a scheme, and ordinary links', () => {
    for (const text of [
      'The data: 42 rows, all checked.',
      'I wrote it in JavaScript: it works.',
      'metadata:foo stays',
      'the data:2024 numbers and data:text without a comma stay',
      'see <https://catalog.test/tables/42>',
    ]) {
      expect(removeUnsafeLinks(text)).toEqual({ text, removed: [] });
    }
  });
});
