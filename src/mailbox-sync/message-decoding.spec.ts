import iconv from 'iconv-lite';

import { decodeBytes, looksMisdecoded, parseMessage } from './message-decoding.js';

// Messages written here for Replyline (not copied from any corpus).

function message(headers: string, body: Buffer | string): Buffer {
  return Buffer.concat([Buffer.from(`${headers}\r\n\r\n`, 'latin1'), Buffer.from(body)]);
}

const BASE =
  'From: ana@example.com\r\nTo: reply@example.com\r\nSubject: Re: hi\r\nMIME-Version: 1.0';

describe('parseMessage', () => {
  it('reads UTF-8 text labelled Big5 as UTF-8', async () => {
    const raw = message(
      `${BASE}\r\nContent-Type: text/plain; charset=big5\r\nContent-Transfer-Encoding: 8bit`,
      Buffer.from('好的，明天見。', 'utf8'),
    );
    expect((await parseMessage(raw)).text?.trim()).toBe('好的，明天見。');
  });

  it('keeps a correct legacy label', async () => {
    const raw = message(
      `${BASE}\r\nContent-Type: text/plain; charset=big5\r\nContent-Transfer-Encoding: 8bit`,
      iconv.encode('好的，明天見。', 'big5'),
    );
    expect((await parseMessage(raw)).text?.trim()).toBe('好的，明天見。');
  });

  it('detects Latin-1 text with no charset or a us-ascii label', async () => {
    const body = iconv.encode(
      'Grüße aus Köln, das Treffen ist um neun Uhr. Schöne Woche!',
      'latin1',
    );
    for (const contentType of ['', '\r\nContent-Type: text/plain; charset=us-ascii']) {
      const parsed = await parseMessage(message(`${BASE}${contentType}`, body));
      expect(parsed.text?.trim()).toBe(
        'Grüße aus Köln, das Treffen ist um neun Uhr. Schöne Woche!',
      );
    }
  });

  it('reads a multipart message whose body has no parts as one text part', async () => {
    const raw = message(
      `${BASE}\r\nContent-Type: multipart/alternative; boundary="missing"`,
      'Yes, I can make it on Friday.\r\n',
    );
    expect((await parseMessage(raw)).text?.trim()).toBe('Yes, I can make it on Friday.');
  });

  it('keeps a 7-bit charset such as ISO-2022-JP (valid UTF-8 byte for byte) with its decoder', async () => {
    const raw = message(
      `${BASE}\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit`,
      // "日本語が" in ISO-2022-JP: escape sequences around JIS X 0208 bytes, all below 0x80.
      Buffer.from('\x1b$BF|K\\8l$,\x1b(B\r\n', 'latin1'),
    );
    expect((await parseMessage(raw)).text?.trim()).toBe('日本語が');
  });

  it('leaves a clean UTF-8 message as the parser read it', async () => {
    const raw = message(`${BASE}\r\nContent-Type: text/plain; charset=utf-8`, 'Ça marche 👍\r\n');
    expect((await parseMessage(raw)).text?.trim()).toBe('Ça marche 👍');
  });
});

describe('decodeBytes', () => {
  it('prefers valid UTF-8, then the declared charset; ASCII keeps the declared decoding', () => {
    expect(decodeBytes(Buffer.from('naïve', 'utf8'), 'iso-8859-1')).toBe('naïve');
    expect(decodeBytes(Buffer.from('plain ascii', 'latin1'), 'iso-2022-jp')).toBeNull();
    expect(decodeBytes(iconv.encode('naïve café', 'latin1'), 'iso-8859-1')).toBe('naïve café');
  });

  it('flags replacement and C1 control characters as misdecoded', () => {
    expect(looksMisdecoded('ok\uFFFD')).toBe(true);
    expect(looksMisdecoded('\u0080abc')).toBe(true);
    expect(looksMisdecoded('Grüße')).toBe(false);
  });
});
