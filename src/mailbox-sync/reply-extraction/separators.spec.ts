import { extractReply } from './index.js';

// Hand-written for Replyline (not copied from any corpus): one case per kind of separator the
// independent evaluations showed the extractor missing, and the forwarded-message policy.

function replyOf(text: string): string {
  return extractReply({ text }).text;
}

describe('separators', () => {
  it("cuts at Android's rule-framed attribution without a date", () => {
    expect(replyOf('Works for me.\n\n---- Jane Doe wrote ----\n\nCan you check?\n')).toBe(
      'Works for me.',
    );
  });

  it('cuts at translated original-message rules it has no exact wording for', () => {
    for (const marker of [
      '-----Antwort Nachricht-----',
      '----- Původní e-mail -----',
      '-------- Oryginalna wiadomość --------',
    ]) {
      expect(replyOf(`Klar, mache ich.\n\n${marker}\nVon: a@example.com\nHallo\n`)).toBe(
        'Klar, mache ich.',
      );
    }
    // A rule-framed heading that names no message stays.
    expect(replyOf('Notes\n\n---- Agenda ----\n1. budget\n')).toBe(
      'Notes\n\n---- Agenda ----\n1. budget',
    );
  });

  it('cuts at a quoted header block that starts with Date:', () => {
    const text =
      'Yes, Friday works.\n\nDate: Tue, 3 Mar 2026 09:41:00 +0100\nFrom: Jane <jane@example.com>\nTo: bob@example.com\nSubject: Friday\n\nShall we meet?\n';
    expect(replyOf(text)).toBe('Yes, Friday works.');
  });

  it('splits an attribution off the line the reply ends on', () => {
    const text =
      'Sounds good to me. On Tue, 3 Mar 2026 at 09:41, Jane Doe <jane@example.com> wrote:\n> Shall we ship it?\n';
    expect(replyOf(text)).toBe('Sounds good to me.');
  });

  it('joins an address wrapped inside its brackets', () => {
    expect(replyOf('Done.\n\n2013/11/1 John Smith <\njohn@example.com>\n\n> ddd\n')).toBe('Done.');
  });

  it('keeps a quote interrupted by a link line the client could not wrap as one quote', () => {
    const text =
      'See below.\n\n> Details are here:\n<https://example.com/a/very/long/link/that/was/not/wrapped>\n> Thanks\n';
    expect(replyOf(text)).toBe('See below.');
  });

  it("drops a notification's own digest of earlier posts", () => {
    const text = 'I agree with Ana.\n\nPrevious Replies\n\nAna: ship it on Friday\n';
    expect(replyOf(text)).toBe('I agree with Ana.');
  });

  it('removes device signatures in Polish and Arabic and keeps typed closings', () => {
    expect(replyOf("Dzięki!\n\nWysłano z iPhone'a\n")).toBe('Dzięki!');
    expect(replyOf('شكرا\n\nأرسلت من iPhone\n')).toBe('شكرا');
    expect(replyOf('Tak, zgoda.\n\nPozdrawiam,\nAnna\n')).toBe('Tak, zgoda.\n\nPozdrawiam,\nAnna');
    expect(replyOf('Ja tak.\n\nMed venlig hilsen\nJens\n')).toBe(
      'Ja tak.\n\nMed venlig hilsen\nJens',
    );
  });

  it('keeps a sign-off typed below the quote it wraps, without the quote', () => {
    const attribution =
      'On Tue, 3 Mar 2026 at 09:41, Some Long Name from the Example\nCompany <some@example.com> wrote:';
    expect(replyOf(`Test reply\n\n${attribution}\n\n> Test\n\nRegards, Roman\n`)).toBe(
      'Test reply\n\nRegards, Roman',
    );
    for (const closing of [
      'Med venlig hilsen\nJens',
      'Pozdrawiam\nAnna',
      'Atenciosamente,\nJoão',
      'مع تحياتي\nأحمد',
    ]) {
      expect(replyOf(`OK.\n\n${attribution}\n> Test\n\n${closing}\n`)).toBe(`OK.\n\n${closing}`);
    }
    // One or two plain lines under a quote are not an answer (quoted signature, list footer).
    expect(replyOf(`OK.\n\n${attribution}\n> Test\n\nSome footer line\n`)).toBe('OK.');
  });

  it('keeps closings in Danish, Polish, Portuguese and Arabic above a separator', () => {
    const cases: Array<[string, string]> = [
      [
        'Tak.\n\nMed venlig hilsen\nJens Hansen',
        'Fra: Jane <jane@example.com>\nSendt: 3. marts 2026 09:41\nTil: Jens\nEmne: Re: Fakturaer',
      ],
      [
        'Dzięki.\n\nPozdrawiam\nAnna',
        'W dniu 3.03.2026 o 09:41, Jane Doe\n<jane@example.com> pisze:\n> Cześć',
      ],
      [
        'Obrigado.\n\nAtenciosamente,\nJoão',
        'Em ter., 3 de mar. de 2026 às 09:41, Jane\nDoe <jane@example.com> escreveu:\n> Olá',
      ],
      [
        'شكرا.\n\nمع تحياتي\nأحمد',
        'من: Jane <jane@example.com>\nتم الإرسال: الثلاثاء، 3 مارس 2026 09:41\nإلى: Ahmed\nالموضوع: Re: الفواتير',
      ],
    ];
    for (const [reply, separator] of cases) {
      expect(replyOf(`${reply}\n\n${separator}\n\nOld text\n`)).toBe(reply);
    }
  });

  it.each([
    'On Tue, 3 Mar 2026 at 09:41, Some Long\nName <x@example.com> wrote:',
    'Le mar. 3 mars 2026 à 09:41, Some Long\nName <x@example.com> a écrit :',
    'Am Di., 3. März 2026 um 09:41 Uhr schrieb Some Long\nName <x@example.com>:',
    'Den tir. 3. mar. 2026 kl. 09.41 skrev Some Long\nName <x@example.com>:',
    'wt., 3 mar 2026 o 09:41 Some Long\nName <x@example.com> napisał(a):',
    'في الثلاثاء، 3 مارس 2026 في 9:41 ص، كتب Some Long\nName <x@example.com>:',
    'בתאריך יום ג׳, 3 במרץ 2026 ב-9:41 מאת Some Long\nName <x@example.com>:',
    'Στις Τρί, 3 Μαρ 2026 στις 9:41, ο/η Some Long\nName <x@example.com> έγραψε:',
    'Some Long Name <x@example.com>, 3 Mar 2026 Sal, 09:41\ntarihinde şunu yazdı:',
  ])('cuts at an attribution wrapped over two lines: %s', (attribution) => {
    expect(replyOf(`Fine by me.\n\n${attribution}\nOld text, not quoted\n`)).toBe('Fine by me.');
    expect(replyOf(`Fine by me.\n\n${attribution}\n\n> Old text\n`)).toBe('Fine by me.');
  });

  it('takes a line naming an address and ending in a colon above the final quote as an attribution', () => {
    expect(replyOf('Danke!\n\nZitat von Bob <bob@example.com>:\n\n> Alt\n')).toBe('Danke!');
    expect(
      replyOf('Спасибо\n\nВторник, 3 марта 2026, 9:41 +03:00 от bob@example.com:\n> Старое\n'),
    ).toBe('Спасибо');
    // Between two lines of text it is the person's own sentence.
    expect(replyOf('Write to bob@example.com:\nhe knows.')).toBe(
      'Write to bob@example.com:\nhe knows.',
    );
  });

  it('reads a header block whose fields are separated by blank lines (HTML paragraphs)', () => {
    const text =
      'Yes.\n\nDate: Tue, 3 Mar 2026 09:41:00 +0100\n\nFrom: Jane <jane@example.com>\n\nSubject: Friday\n\nShall we meet?\n';
    expect(replyOf(text)).toBe('Yes.');
  });

  it('drops zero-width spaces clients leave in edited text', () => {
    expect(replyOf('Bonjour \u200bTest\u200b,\n\nMerci')).toBe('Bonjour Test,\n\nMerci');
  });
});

describe('forwarded messages', () => {
  // Policy (see reply-extractor.ts): the note the person wrote above a forward is the reply; the
  // forwarded message is someone else's text and is removed like quoted history.
  it('keeps only the note above a forward marker', () => {
    const text =
      'Hey, check this one.\n\n---------- Forwarded message ---------\nFrom: Acme <no-reply@example.com>\nDate: Tue, Mar 3, 2026 at 9:41 AM\nSubject: Your documents\nTo: <jane@example.com>\n\nHi Jane,\nplease find attached...\n';
    expect(extractReply({ text })).toMatchObject({
      text: 'Hey, check this one.',
      rule: 'outlook-header',
    });
  });

  it('keeps the forwarded text when there is no note (the forward is all the person sent)', () => {
    const text =
      '---------- Forwarded message ---------\nFrom: Acme <no-reply@example.com>\nDate: Tue, Mar 3, 2026 at 9:41 AM\nSubject: Your documents\nTo: <jane@example.com>\n\nHi Jane,\nplease find attached.\n';
    expect(extractReply({ text }).text).toBe('Hi Jane,\nplease find attached.');
  });
});
