import type { AddressObject } from 'mailparser';
import { simpleParser } from 'mailparser';
import { composeEml, EmlFormatError } from './eml-composer.js';
import type { OutboundEmail } from './mail-transport.js';

function message(overrides: Partial<OutboundEmail> = {}): OutboundEmail {
  return {
    deliveryId: '0b6f3c2e-8d1a-4c47-9a53-2f0e6d7c1a90',
    to: { email: 'ada@example.com', name: 'Ada Lovelace' },
    from: { email: 'notifications@catalog.example.com', name: 'Data Catalog' },
    replyTo: 'replies+k3j5h6g7f8d9s0a1q2w3e4r5t6y7u8i9@catalog.example.com',
    subject: 'Grace mentioned you in Quarterly revenue',
    text: 'Please type your reply above this line\n\nHello Ada,\nsee the table.',
    html: '<p>Please type your reply above this line</p><p>Hello <b>Ada</b></p>',
    headers: {
      'Message-ID': '<k3j5h6g7f8d9s0a1q2w3e4r5t6y7u8i9@catalog.example.com>',
      'Auto-Submitted': 'auto-generated',
      'In-Reply-To': '<parent-1@catalog.example.com>',
      References: '<root-0@catalog.example.com> <parent-1@catalog.example.com>',
    },
    ...overrides,
  };
}

const date = new Date('2025-03-04T05:06:07Z');

function firstAddress(field: AddressObject | AddressObject[] | undefined) {
  const object = Array.isArray(field) ? field[0] : field;
  return object?.value[0];
}

/** mailparser reports text with LF line ends; the writer puts CRLF on the wire. */
const lf = (text: string) => text.replace(/\r\n|\r/g, '\n');

async function compose(input: OutboundEmail): Promise<string> {
  return (await composeEml(input, { date })).toString('utf8');
}

async function roundTrip(input: OutboundEmail) {
  const eml = await compose(input);
  return { eml, parsed: await simpleParser(eml) };
}

describe('composeEml', () => {
  it('round-trips every field through a real MIME parser', async () => {
    const input = message();
    const { parsed } = await roundTrip(input);

    expect(parsed.subject).toBe(input.subject);
    expect(firstAddress(parsed.from)).toEqual({ address: input.from.email, name: 'Data Catalog' });
    expect(firstAddress(parsed.to)).toEqual({ address: input.to.email, name: 'Ada Lovelace' });
    expect(firstAddress(parsed.replyTo)?.address).toBe(input.replyTo);
    expect(parsed.messageId).toBe(input.headers['Message-ID']);
    expect(parsed.inReplyTo).toBe('<parent-1@catalog.example.com>');
    expect(parsed.references).toEqual([
      '<root-0@catalog.example.com>',
      '<parent-1@catalog.example.com>',
    ]);
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(parsed.headers.get('mime-version')).toBe('1.0');
    expect(parsed.date?.toISOString()).toBe(date.toISOString());
    expect(lf(parsed.text ?? '').trimEnd()).toBe(input.text);
    expect(parsed.html && parsed.html.trimEnd()).toBe(input.html);
    expect(parsed.attachments).toHaveLength(0);
  });

  it('round-trips non-ASCII subjects, names and bodies', async () => {
    const input = message({
      subject:
        'Zoë Ångström mentioned you in „Umsätze 2024“ — 売上データ 📈 and a long tail of words to force several encoded words',
      from: { email: 'notifications@catalog.example.com', name: 'Daten-Katalog Ü' },
      to: { email: 'jose@example.com', name: 'José Nuñez 日本' },
      text: 'Grüße aus Köln! Ünïcödé ✓\nЗдравствуйте 👋🏽\n',
      html: '<p>Grüße — <i>日本語</i> 👋🏽</p>',
    });
    const { eml, parsed } = await roundTrip(input);

    expect(Buffer.byteLength(eml, 'utf8')).toBe(eml.length);
    expect(parsed.subject).toBe(input.subject);
    expect(firstAddress(parsed.from)?.name).toBe('Daten-Katalog Ü');
    expect(firstAddress(parsed.to)).toEqual({
      address: 'jose@example.com',
      name: 'José Nuñez 日本',
    });
    expect(lf(parsed.text ?? '').trimEnd()).toBe(input.text.trimEnd());
    expect(parsed.html && parsed.html.trimEnd()).toBe(input.html);
  });

  it('keeps long lines intact while no output line exceeds 78 characters', async () => {
    const longWord = 'x'.repeat(5_000);
    const longSentence = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
    const input = message({
      subject: `A very long subject ${'that keeps going '.repeat(20)}until the end`,
      text: `${longWord}\n${longSentence}\nends with spaces   \n= signs == and =?not-a-word?=\n\ttabbed`,
      html: `<p>${'é'.repeat(3_000)}</p>`,
      headers: {
        ...message().headers,
        References: Array.from(
          { length: 30 },
          (_, i) => `<ancestor-${i}@catalog.example.com>`,
        ).join(' '),
      },
    });
    const { eml, parsed } = await roundTrip(input);

    for (const line of eml.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    expect(eml.includes('\n') && !/[^\r]\n/.test(eml)).toBe(true);
    expect(parsed.subject).toBe(input.subject);
    expect(lf(parsed.text ?? '').trimEnd()).toBe(input.text);
    expect(parsed.html && parsed.html.trimEnd()).toBe(input.html);
    expect(parsed.references).toHaveLength(30);
  });

  it('encodes subjects and names that merely look like encoded words', async () => {
    const input = message({
      subject: 'Literally =?UTF-8?B?aGk=?= in a title',
      to: { email: 'ada@example.com', name: '=?UTF-8?B?aGk=?=' },
    });
    const { parsed } = await roundTrip(input);
    expect(parsed.subject).toBe(input.subject);
    expect(firstAddress(parsed.to)?.name).toBe(input.to.name);
  });

  it('quotes ASCII display names with specials', async () => {
    const input = message({ from: { email: 'n@example.com', name: 'Ops "Night" \\ Team, Inc.' } });
    const { parsed } = await roundTrip(input);
    expect(firstAddress(parsed.from)).toEqual({
      address: 'n@example.com',
      name: 'Ops "Night" \\ Team, Inc.',
    });
  });

  it('omits Reply-To when there is none and invents a Message-ID when none is given', async () => {
    const input = message({ replyTo: undefined, headers: { 'Auto-Submitted': 'auto-generated' } });
    const { eml, parsed } = await roundTrip(input);
    expect(eml).not.toMatch(/^Reply-To:/im);
    expect(parsed.replyTo).toBeUndefined();
    expect(parsed.messageId).toBe(`<${input.deliveryId}@catalog.example.com>`);
  });

  it('keeps body lines that look like MIME boundaries inside their part', async () => {
    const text = '--=_replyline_x\n----_NmP-0-Part_1\n--\nend';
    const { parsed } = await roundTrip(message({ text }));
    expect(lf(parsed.text ?? '').trimEnd()).toBe(text);
    expect(parsed.attachments).toHaveLength(0);
  });

  it('writes the bodies as readable quoted-printable UTF-8', async () => {
    const eml = await compose(message({ text: 'Grüße', html: '<p>Grüße</p>' }));
    expect(eml).toContain('Content-Type: text/plain; charset=utf-8');
    expect(eml).toContain('Content-Transfer-Encoding: quoted-printable');
    expect(eml).toContain('Gr=C3=BC=C3=9Fe');
  });

  it('refuses header injection and reserved or malformed headers', async () => {
    await expect(compose(message({ subject: 'Hi\r\nBcc: victim@example.com' }))).rejects.toThrow(
      EmlFormatError,
    );
    await expect(
      compose(message({ to: { email: 'a@example.com', name: 'A\nB' } })),
    ).rejects.toThrow(EmlFormatError);
    await expect(
      compose(message({ headers: { 'X-Note': 'one\r\nBcc: victim@example.com' } })),
    ).rejects.toThrow(/line break/);
    await expect(compose(message({ headers: { Bcc: 'x@example.com' } }))).rejects.toThrow(/Bcc/);
    await expect(compose(message({ headers: { 'Bad Name': 'x' } }))).rejects.toThrow(/header name/);
    await expect(compose(message({ replyTo: 'not an address' }))).rejects.toThrow(/address/);
  });
});
