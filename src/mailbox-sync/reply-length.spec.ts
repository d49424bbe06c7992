import { limitReplyLength, REPLY_MAX_CHARS, TRUNCATION_NOTE } from './reply-length.js';

describe('limitReplyLength', () => {
  it('keeps replies within the limit as they are', () => {
    const text = 'a'.repeat(REPLY_MAX_CHARS);
    expect(limitReplyLength(text)).toEqual({ text });
  });

  it('cuts longer ones to the limit with a visible note', () => {
    const result = limitReplyLength('word '.repeat(6000));
    expect(result.truncatedFrom).toBe(30_000);
    expect(result.text.length).toBeLessThanOrEqual(REPLY_MAX_CHARS);
    expect(result.text.endsWith(TRUNCATION_NOTE)).toBe(true);
  });

  it('never splits a surrogate pair', () => {
    const max = 200;
    const keep = max - TRUNCATION_NOTE.length - 2;
    const text = 'x'.repeat(keep - 1) + '😀'.repeat(50);
    const result = limitReplyLength(text, max);
    expect(result.text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(result.text.length).toBeLessThanOrEqual(max);
  });
});
