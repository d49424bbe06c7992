import { classifyAttribution, headerFieldOf, isForwardMarker } from './attribution-patterns.js';

describe('classifyAttribution', () => {
  it.each([
    'On Mon, Jan 15, 2024 at 2:30 PM Ada <ada@example.com> wrote:',
    '---- On Wed, 24 Feb 2021 14:02:50 +0530 john@gmail.com wrote ----',
    'At 6/16/2016 08:32 PM, you wrote:',
    'Ada Lovelace <ada@example.com> schrieb am Fr., 28. Apr. 2017 um 11:53 Uhr:',
    'Am 15.01.24 um 14:30 schrieb Replyline:',
    'Le 15/01/2024 à 14:30, Replyline a écrit :',
    'El lun, 15 ene 2024 a las 14:30, Ada (<ada@example.com>) escribió:',
    'Il giorno lun 15 gen 2024 alle ore 14:30 Ada <ada@example.com> ha scritto:',
    'Em seg., 15 de jan. de 2024 às 14:30, Ada <ada@example.com> escreveu:',
    'Op 15 jan 2024 om 14:30 heeft Ada <ada@example.com> het volgende geschreven:',
    'Den mån 15 jan. 2024 kl 14:30 skrev Ada <ada@example.com>:',
    'ma 15.1.2024 klo 14.30 Ada (ada@example.com) kirjoitti:',
    'pon., 15 sty 2024 o 14:30 Ada <ada@example.com> napisał(a):',
    'W dniu 15.01.2024 o 14:30, Ada pisze:',
    'пн, 15 янв. 2024 г. в 14:30, Ada <ada@example.com>:',
    '15.01.2024 14:30, Ada пишет:',
    'пн, 15 січ. 2024 р. о 14:30 Ada <ada@example.com> пише:',
    'po 15. 1. 2024 v 14:30 odesílatel Ada <ada@example.com> napsal:',
    '2024年1月15日(月) 14:30 Ada <ada@example.com>:',
    '2024/01/15 14:30、Ada <ada@example.com>のメール:',
    'Ada <ada@example.com> 于2024年1月15日周一 14:30写道：',
    '2024년 1월 15일 (월) 오후 2:30, Ada <ada@example.com>님이 작성:',
    'Vào Th 2, 15 thg 1, 2024 vào lúc 14:30 Ada <ada@example.com> đã viết:',
    '2013/7/20 sam via Discourse Meta <info@discourse.org>',
    '2016-03-03 17:21 GMT+01:00 Some One',
    'codinghorror via Discourse Meta <info@discourse.org> schrieb:',
  ])('recognises "%s"', (line) => {
    expect(classifyAttribution(line)).toBe('strong');
  });

  it('trusts an attribution without date or address only when a quote follows', () => {
    expect(classifyAttribution('Ada Lovelace wrote:')).toBe('weak');
    expect(classifyAttribution('On Monday, Ada wrote:')).toBe('weak');
  });

  it.each([
    'On the other hand, we should be careful about edge cases.',
    'It\'s interesting how URLs contain patterns like "wrote:" in them.',
    'I need to parse emails that come from: john@example.com',
    'Here are the numbers for 2024:',
    'Jan 15, 2024 at 14:30',
    'So I said: the revenue column is in EUR, as I wrote in my long message to the whole team yesterday afternoon:',
  ])('ignores "%s"', (line) => {
    expect(classifyAttribution(line)).toBeUndefined();
  });
});

describe('headerFieldOf', () => {
  it.each([
    ['From: Ada', 'from'],
    ['*From:* Ada', 'from'],
    ['Envoyé le :jeudi 15 décembre 2016 09:35', 'date'],
    ['De : Ada', 'from'],
    ['Gesendet: Montag', 'date'],
    ['Wysłane: poniedziałek', 'date'],
    ['差出人: Ada', 'from'],
    ['보낸 사람: Ada', 'from'],
    ['Chủ đề: Hi', 'subject'],
    ['主题：Hi', 'subject'],
  ])('reads "%s" as %s', (line, field) => {
    expect(headerFieldOf(line)).toBe(field);
  });

  it('ignores labels that are not header fields', () => {
    expect(headerFieldOf('Note: from now on')).toBeUndefined();
    expect(headerFieldOf('https://example.com')).toBeUndefined();
  });
});

describe('isForwardMarker', () => {
  it.each([
    '-----Original Message-----',
    '*-------- Original Message --------*',
    '---------- Forwarded message ---------',
    'Begin forwarded message:',
    '-----Ursprüngliche Nachricht-----',
    "-------- Message d'origine --------",
    '----- Mail original -----',
    '-------- Oprindelig besked --------',
    '------------------ 原始邮件 ------------------',
  ])('recognises "%s"', (line) => {
    expect(isForwardMarker(line)).toBe(true);
  });

  it('ignores prose about the original message', () => {
    expect(isForwardMarker('See the original message below')).toBe(false);
  });
});
