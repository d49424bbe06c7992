import { readdirSync, readFileSync } from 'node:fs';

import { simpleParser } from 'mailparser';

import {
  detectBodyFormat,
  extractReply,
  extractReplyFromBody,
  type ExtractedReply,
  type ReplyInput,
} from './index.js';

/**
 * Replies built the way each client formats them (test/fixtures/reply-extraction: clients/*.eml
 * as full MIME messages, languages/, wrapped/ and prompt-line/ as text bodies), each with the
 * reply the person typed in NAME.expected.txt.
 */

const fixturesRoot = new URL('../../../test/fixtures/reply-extraction/', import.meta.url);

function fixture(path: string): string {
  return readFileSync(new URL(path, fixturesRoot), 'utf8');
}

function textCases(folder: string): Array<[string, string, string]> {
  return readdirSync(new URL(`${folder}/`, fixturesRoot))
    .filter((file) => file.endsWith('.txt') && !file.endsWith('.expected.txt'))
    .sort()
    .map((file) => [
      file,
      fixture(`${folder}/${file}`),
      fixture(`${folder}/${file.replace(/\.txt$/, '.expected.txt')}`).trim(),
    ]);
}

const HTML_TAG = /<\/?(?:div|p|span|br|blockquote|a|b|html|body|font|table|td|o:p)\b[^>]*>/i;

function collapse(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

const clientFiles = readdirSync(new URL('clients/', fixturesRoot))
  .filter((file) => file.endsWith('.eml'))
  .sort();

interface ParsedClientMessage {
  text: string | null;
  html: string | null;
  expected: string;
}

const clientMessages = new Map<string, ParsedClientMessage>();

beforeAll(async () => {
  for (const file of clientFiles) {
    const parsed = await simpleParser(readFileSync(new URL(`clients/${file}`, fixturesRoot)), {
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipImageLinks: true,
    });
    clientMessages.set(file, {
      text: typeof parsed.text === 'string' && parsed.text.trim() !== '' ? parsed.text : null,
      html: typeof parsed.html === 'string' ? parsed.html : null,
      expected: fixture(`clients/${file.replace(/\.eml$/, '.expected.txt')}`).trim(),
    });
  }
});

function client(file: string): ParsedClientMessage {
  const message = clientMessages.get(file);
  if (!message) throw new Error(`missing fixture ${file}`);
  return message;
}

describe('extractReply on mail clients (full MIME messages)', () => {
  it.each(clientFiles)('%s: text and HTML parts together', (file) => {
    const message = client(file);
    const reply = extractReply({ text: message.text, html: message.html });
    expect(collapse(reply.text)).toBe(collapse(message.expected));
    expect(reply.text).not.toMatch(HTML_TAG);
  });

  it.each(clientFiles)('%s: HTML part alone', (file) => {
    const message = client(file);
    if (message.html === null) return;
    const reply = extractReply({ html: message.html });
    expect(collapse(reply.text)).toBe(collapse(message.expected));
    expect(reply.text).not.toMatch(HTML_TAG);
  });

  it.each(clientFiles)('%s: text part alone', (file) => {
    const message = client(file);
    if (message.text === null) return;
    expect(collapse(extractReply({ text: message.text }).text)).toBe(collapse(message.expected));
  });

  it('names the rule and keeps the cut part for the admin view', () => {
    const gmail = client('gmail.eml');
    const reply = extractReply({ text: gmail.text, html: gmail.html });
    expect(reply).toEqual({
      text: 'Yes, the revenue column is in EUR.\n\nThanks,\nJane',
      removed: expect.stringContaining('Please type your reply above this line') as string,
      rule: 'prompt-line',
    });
    expect(reply.removed).toMatch(/^On Mon, Jan 15, 2024 at 2:30\s?PM Replyline/);
  });

  it('cuts at the client quote container when the text part has no marker', () => {
    const outlook = client('outlook-desktop.eml');
    const reply = extractReply({ text: 'The table is fine now.\n\nJane', html: outlook.html });
    expect(reply).toMatchObject({
      text: 'The table is fine now.\n\nRegards,\n\nJane',
      rule: 'prompt-line',
    });
    const withoutPrompt = extractReply({
      text: 'Sure.',
      html: '<div>Sure.</div><div class="gmail_quote"><div class="gmail_attr">On Mon, Ada wrote:</div><blockquote class="gmail_quote">Earlier</blockquote></div>',
    });
    expect(withoutPrompt).toEqual({
      text: 'Sure.',
      removed: 'On Mon, Ada wrote:\n\n> Earlier',
      rule: 'html-quote',
    });
  });

  it('takes the reply from the HTML part when the text part holds only history', () => {
    const reply = extractReply({
      text: 'On Mon, Ada <ada@example.com> wrote:\n> Earlier question',
      html: '<div>The numbers are final.</div><blockquote type="cite">Earlier question</blockquote>',
    });
    expect(reply.text).toBe('The numbers are final.');
    const bothEmpty = extractReply({
      text: 'On Mon, Ada <ada@example.com> wrote:\n> Earlier question',
      html: '<div>On Mon, Ada &lt;ada@example.com&gt; wrote:</div><blockquote type="cite">Earlier question</blockquote>',
    });
    expect(bothEmpty.text).toBe('');
  });

  it('turns HTML-only mail into readable text: lists, links, no images or scripts', () => {
    const message = client('html-only-formatting.eml');
    const reply = extractReply({ html: message.html });
    expect(reply.text).toBe(
      [
        'Two things:',
        '',
        ' 1. the revenue column is in EUR',
        ' 2. the FX rates page <https://wiki.example.com/fx> explains the conversion',
        '',
        'Mail me at jane.doe@example.com.',
        '',
        'שלום 👋',
        '',
        '[revenue chart]',
      ].join('\n'),
    );
    expect(reply.rule).toBe('prompt-line');
  });
});

describe('extractReply on attribution lines in every supported language', () => {
  const languageCases = textCases('languages');

  it('covers 19 languages (and traditional Chinese) in six client styles', () => {
    const languages = new Set(languageCases.map(([file]) => file.split('.')[0]));
    expect([...languages].sort()).toEqual(
      [
        'cs',
        'da',
        'de',
        'en',
        'es',
        'fi',
        'fr',
        'it',
        'ja',
        'ko',
        'nl',
        'no',
        'pl',
        'pt',
        'ru',
        'sv',
        'uk',
        'vi',
        'zh',
        'zh-tw',
      ].sort(),
    );
    expect(languageCases).toHaveLength(20 * 6);
  });

  it.each(languageCases)('%s', (file, input, expected) => {
    const reply = extractReply({ text: input });
    expect(reply.text).toBe(expected);
    const style = file.split('.')[1];
    const expectedRule: Record<string, ExtractedReply['rule']> = {
      'gmail-prompt': 'prompt-line',
      gmail: 'attribution',
      'apple-mail': 'signature',
      'apple-unquoted': 'attribution',
      thunderbird: 'attribution',
      outlook: 'outlook-header',
    };
    expect(reply.rule).toBe(expectedRule[style ?? '']);
  });
});

describe('extractReply on attributions wrapped over two or three lines', () => {
  it.each(textCases('wrapped'))('%s', (_file, input, expected) => {
    const reply = extractReply({ text: input });
    expect(reply.text).toBe(expected);
    expect(reply.removed).not.toContain(expected);
  });
});

describe('extractReply at our prompt line', () => {
  it.each(textCases('prompt-line'))('%s', (_file, input, expected) => {
    const reply = extractReply({ text: input });
    expect(reply.text).toBe(expected);
    expect(reply.rule).toBe('prompt-line');
  });

  it('cuts at the prompt line inside an HTML blockquote and drops the attribution above it', () => {
    const reply = extractReply({
      html:
        '<p>Ok, merged.</p><p>On Mon, Jan 15, 2024 at 2:30 PM Replyline &lt;n@replyline.example&gt; wrote:</p>' +
        '<blockquote><p>Please type your reply above this line</p><p>Hi Jane,</p></blockquote>',
    });
    expect(reply).toEqual({
      text: 'Ok, merged.',
      removed: expect.stringContaining('> Please type your reply above this line') as string,
      rule: 'prompt-line',
    });
  });

  it('keeps a reply written below the quoted notification (bottom posting)', () => {
    const reply = extractReply({
      text: 'On Mon, Jan 15, 2024 at 2:30 PM Replyline <n@replyline.example> wrote:\n> Please type your reply above this line\n> Hi Jane,\n\nDone below.\n',
    });
    expect(reply.text).toBe('Done below.');
  });
});

describe('extractReply without history markers', () => {
  it('never posts our own notification when the reply sits below an unquoted copy of it', () => {
    const reply = extractReply({
      text: 'Please type your reply above this line\n\nHi Jane,\n\nAda mentioned you.\n\nMy reply',
    });
    expect(reply).toMatchObject({ text: '', rule: 'prompt-line' });
  });

  it('keeps header-like lines that are not a quoted message header', () => {
    const text = 'Plan:\n\nFrom: Berlin\nTo: Paris\nDate: Monday\nSubject: the offsite\n\nSee you!';
    expect(extractReply({ text })).toEqual({ text, removed: '', rule: 'none' });
  });
});

describe('extractReply signatures', () => {
  it.each([
    ['Sent from my iPhone'],
    ['Sent from my Samsung Galaxy smartphone.'],
    ['Get Outlook for Android'],
    ['Get Outlook for iOS<https://aka.ms/o0ukef>'],
    ['Von meinem iPhone gesendet'],
    ['Envoyé de mon iPhone'],
    ['Enviado desde mi iPhone'],
    ['Inviato da iPhone'],
    ['Enviado do meu iPhone'],
    ['Verzonden vanaf mijn iPhone'],
    ['Skickat från min iPhone'],
    ['Sendt fra min iPhone'],
    ['Lähetetty iPhonesta'],
    ["Wysłane z iPhone'a"],
    ['Отправлено с iPhone'],
    ['Надіслано з iPhone'],
    ['Odesláno z iPhonu'],
    ['iPhoneから送信'],
    ['从我的iPhone发送'],
    ['iPhone에서 보냄'],
    ['Gửi từ iPhone của tôi'],
    ['Sent with Proton Mail secure email.'],
    ['Sendt fra Mail til Windows 10'],
    ['Enviado do Email para Windows 10'],
    ['Wysłane z aplikacji Poczta dla systemu Windows 10'],
    ['أرسلت من البريد لـ Windows 10'],
    ['احصل على Outlook لـ Android'],
    ['Skickades från E-post för Windows 10'],
    ['Windows 10 için Posta ile gönderildi'],
    ['Von Yahoo Mail auf Android gesendet'],
  ])('removes "%s" and everything below it', (signature) => {
    const reply = extractReply({ text: `Thanks, Ana\n\n${signature}\n\nOriginal text below` });
    expect(reply).toEqual({
      text: 'Thanks, Ana',
      removed: `${signature}\n\nOriginal text below`,
      rule: 'signature',
    });
  });

  it('removes a "-- " signature block but keeps the sign-off above it', () => {
    expect(
      extractReply({ text: 'Works now.\n\nThanks,\nAna\n\n-- \nAna Lima\nData team' }),
    ).toEqual({
      text: 'Works now.\n\nThanks,\nAna',
      removed: '--\nAna Lima\nData team',
      rule: 'signature',
    });
  });

  it('keeps sign-offs and sentences that only look like signatures', () => {
    for (const text of [
      'Works now.\n\nThanks, Ana',
      'Works now.\n\n-Abhishek Kona',
      'Works now.\n\n—Ryan',
      'The report was sent from my laptop yesterday.',
      'Sent from a magnificent torch of pixels',
      'Sent from my desk, which is easier than my phone.',
      'I wrote a fix -- see the PR.',
    ]) {
      expect(extractReply({ text })).toEqual({ text, removed: '', rule: 'none' });
    }
  });
});

describe('extractReply robustness', () => {
  /**
   * Bounded time without a wall-clock limit (absolute timings live in bench/reply-extraction):
   * quadrupling a hostile input may at most about quadruple the time. A linear path gives about 4,
   * a quadratic one 16: the threshold sits midway (on a log scale), so a loaded machine's noise
   * and garbage collection (a doubling measured 2.9 under load) cannot fail a linear path, and a
   * quadratic one cannot pass. The best of a few runs keeps noise out of the ratio too.
   */
  const GROWTH = 4;
  const MAX_GROWTH = 8;
  function growthRatio(build: (size: number) => ReplyInput, size: number): number {
    const fastest = (input: ReplyInput): number => {
      let best = Number.POSITIVE_INFINITY;
      for (let run = 0; run < 5; run++) {
        const started = performance.now();
        extractReply(input);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    const small = build(size);
    const large = build(size * GROWTH);
    extractReply(small);
    extractReply(large);
    // The smallest of three measurements: a busy neighbour can slow one, not a quadratic path.
    let ratio = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < 3 && ratio >= MAX_GROWTH; attempt++) {
      ratio = Math.min(ratio, fastest(large) / Math.max(fastest(small), 1));
    }
    return ratio;
  }

  it('stays linear on very long lines and on 100,000 quote markers', () => {
    expect(extractReply({ text: 'a'.repeat(1024 * 1024) }).text).toHaveLength(1024 * 1024);
    expect(extractReply({ text: 'Reply\n' + '> quoted line\n'.repeat(100_000) })).toMatchObject({
      text: 'Reply',
      rule: 'quote-block',
    });
    expect(growthRatio((n) => ({ text: 'a'.repeat(n) }), 512 * 1024)).toBeLessThan(MAX_GROWTH);
    expect(
      growthRatio((n) => ({ text: 'Reply\n' + '> quoted line\n'.repeat(n) }), 50_000),
    ).toBeLessThan(MAX_GROWTH);
    expect(growthRatio((n) => ({ text: '>\n'.repeat(n) }), 50_000)).toBeLessThan(MAX_GROWTH);
    expect(growthRatio((n) => ({ text: '>'.repeat(n) }), 512 * 1024)).toBeLessThan(MAX_GROWTH);
  });

  it('stays linear on inputs built against its patterns', () => {
    const hostileText: ((n: number) => string)[] = [
      (n) => 'On 1 Jan 2020, a@b.c wrote:\n> q\n'.repeat(n / 2),
      (n) => 'On 1 a@b\n'.repeat(n),
      (n) => 'From: a\nTo: b\n'.repeat(n / 2),
      (n) => ' '.repeat(n * 10) + 'x',
      (n) => '-'.repeat(n * 10) + 'x',
      (n) => 'please type your reply above\n'.repeat(n),
      (n) => '<'.repeat(n * 10),
      (n) => ('Thanks On 1 Jan 2020, a wrote x ' + 'y'.repeat(300) + ':\n').repeat(n / 10),
    ];
    for (const build of hostileText) {
      expect(growthRatio((n) => ({ text: build(n) }), 25_000)).toBeLessThan(MAX_GROWTH);
    }
  });

  it('stays linear on deeply nested and malformed HTML', () => {
    const hostileHtml: ((n: number) => string)[] = [
      (n) => '<div class="gmail_quote">' + '<div>'.repeat(n) + 'x',
      (n) => '<div>'.repeat(n / 2) + '</span>'.repeat(n / 2),
      (n) => '<div class="gmail_quote" a="'.repeat(n / 5),
      (n) => '<p>hi</p>'.repeat(n),
      (n) => '<'.repeat(n * 10) + '<div class="x">',
    ];
    for (const build of hostileHtml) {
      expect(growthRatio((n) => ({ html: build(n) }), 12_500)).toBeLessThan(MAX_GROWTH);
    }
    const dataImage = `<p>Hi</p><img src="data:image/png;base64,${'A'.repeat(2 * 1024 * 1024)}" alt="x">`;
    expect(extractReply({ html: dataImage }).text).toBe('Hi');
  });

  it('never throws and always returns the three fields', () => {
    const odd: Array<{ text?: string | null; html?: string | null }> = [
      {},
      { text: null, html: null },
      { text: '' },
      { text: '\u0000\uFFFF\uD800' },
      { html: '<' },
      { html: '<!--' },
      { html: '<script>' },
      { text: '   \n\t\n  ' },
    ];
    for (const input of odd) {
      const reply = extractReply(input);
      expect(typeof reply.text).toBe('string');
      expect(typeof reply.removed).toBe('string');
      expect(typeof reply.rule).toBe('string');
    }
  });

  it('handles CRLF, bare CR, tabs, non-breaking spaces, right-to-left text and emoji', () => {
    const attribution = 'On Mon, Jan 15, 2024 at 2:30\u00a0PM Ada <ada@example.com> wrote:';
    expect(extractReply({ text: `Yes 👍\r\n\r\n${attribution}\r\n> q\r\n` }).text).toBe('Yes 👍');
    expect(extractReply({ text: `Yes 👍\r\r${attribution}\r> q\r` }).text).toBe('Yes 👍');
    expect(extractReply({ text: `\tIndented\u00a0reply\n\n${attribution}\n> q` }).text).toBe(
      '\tIndented reply',
    );
    const hebrew = 'כן, העמודה באירו.';
    expect(
      extractReply({
        text: `${hebrew}\n\n\u200fבתאריך יום ב׳, 15 בינו׳ 2024 ב-14:30 מאת Ada <ada@example.com>:\u200f\n> q`,
      }),
    ).toMatchObject({ text: hebrew, rule: 'attribution' });
    const arabic = 'نعم، العمود باليورو.';
    expect(
      extractReply({
        text: `${arabic}\n\nفي الاثنين، 15 يناير 2024 في 2:30 م، كتب Ada <ada@example.com>:\n> q`,
      }).text,
    ).toBe(arabic);
  });
});

describe('extractReplyFromBody', () => {
  it('detects HTML and text bodies', () => {
    expect(detectBodyFormat('<!DOCTYPE html><html><body>Hi</body></html>')).toBe('html');
    expect(detectBodyFormat('<div>Hi</div><div><br></div><div>there</div>')).toBe('html');
    expect(detectBodyFormat('Use <b> for bold, a < b.\n\nThanks')).toBe('text');
    expect(detectBodyFormat('Hi\n\nOn Mon, Ada <ada@example.com> wrote:\n> q')).toBe('text');
  });

  it('extracts from either', () => {
    expect(
      extractReplyFromBody(
        '<div>Fine.</div><blockquote type="cite">On Mon, Ada wrote: old</blockquote>',
      ).text,
    ).toBe('Fine.');
    expect(extractReplyFromBody('Fine.\n\n> old').text).toBe('Fine.');
  });
});
