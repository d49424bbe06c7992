import { readFileSync } from 'node:fs';

import { extractReplyFromFile, looksLikeRawEmail } from './extract-reply.command.js';

const clients = new URL('../../test/fixtures/reply-extraction/clients/', import.meta.url);

describe('extract-reply command', () => {
  it('parses a raw .eml with mailparser and uses both parts', async () => {
    const eml = readFileSync(new URL('outlook-web.eml', clients));
    expect(looksLikeRawEmail(eml)).toBe(true);
    await expect(extractReplyFromFile(eml)).resolves.toMatchObject({
      text: 'Thanks, looks good.',
      rule: 'prompt-line',
    });
  });

  it('treats a body that starts with a quoted header block as a body, not a message', async () => {
    const body = Buffer.from(
      'From: Ada <ada@example.com>\nSent: Monday, January 15, 2024 2:30 PM\nTo: Jane\nSubject: Hi\n\nOld\n',
    );
    expect(looksLikeRawEmail(body)).toBe(false);
    await expect(extractReplyFromFile(body)).resolves.toMatchObject({ rule: 'outlook-header' });
  });

  it('detects text and HTML bodies', async () => {
    await expect(
      extractReplyFromFile(Buffer.from('Fine.\n\nOn Mon, Jan 15, 2024 Ada <a@b.c> wrote:\n> old')),
    ).resolves.toEqual({
      text: 'Fine.',
      removed: 'On Mon, Jan 15, 2024 Ada <a@b.c> wrote:\n> old',
      rule: 'attribution',
    });
    await expect(
      extractReplyFromFile(
        Buffer.from(
          '<html><body><p>Fine.</p><blockquote type="cite">old</blockquote></body></html>',
        ),
      ),
    ).resolves.toMatchObject({ text: 'Fine.', rule: 'html-quote' });
  });
});
