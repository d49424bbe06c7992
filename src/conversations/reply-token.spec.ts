import {
  generateReplyToken,
  messageIdWithToken,
  REPLY_TOKEN,
  replyAddressWithToken,
} from './reply-token.js';

describe('reply tokens', () => {
  it('are 26 lower-case base32 characters (130 random bits) and unique', () => {
    const tokens = new Set(Array.from({ length: 10_000 }, generateReplyToken));
    expect(tokens.size).toBe(10_000);
    for (const token of tokens) expect(token).toMatch(REPLY_TOKEN);
  });

  it('use every character of the alphabet (no stuck bits)', () => {
    const seen = new Set(Array.from({ length: 2000 }, generateReplyToken).join(''));
    expect(seen.size).toBe(32);
  });

  it('go into a plus-tagged reply address or a Message-ID', () => {
    expect(replyAddressWithToken('replies@example.com', 'abc')).toBe('replies+abc@example.com');
    expect(messageIdWithToken('replies@example.com', 'abc')).toBe('<abc@example.com>');
  });
});
