import {
  KIND_BLANK,
  KIND_CODE,
  KIND_QUOTE,
  MARK_ATTRIBUTION,
  MARK_CLOSING,
  MARK_DIGEST,
  MARK_FOOTER_RULE,
  MARK_FORWARD,
  MARK_HEADER_BLOCK,
  MARK_RULE,
  MARK_SEPARATOR_RULE,
  MARK_SIGNATURE,
  classifyLines,
} from './line-classes.js';

// Hand-written for Replyline. One letter per line, the way the cut rule reads a message:
// e blank, q quote, c code, a attribution, h header block, f forward marker, s signature,
// u underscore footer rule, r rule, R rule above a forward or header block, d digest heading,
// k closing under a quote, t text. Continuation lines of an attribution or header block are lower-case '-'.
function classes(text: string): string {
  const lines = text.split('\n');
  const classified = classifyLines(lines, lines.length);
  const letters: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const letter =
      {
        [MARK_ATTRIBUTION]: 'a',
        [MARK_HEADER_BLOCK]: 'h',
        [MARK_FORWARD]: 'f',
        [MARK_SIGNATURE]: 's',
        [MARK_FOOTER_RULE]: 'u',
        [MARK_RULE]: 'r',
        [MARK_SEPARATOR_RULE]: 'R',
        [MARK_DIGEST]: 'd',
        [MARK_CLOSING]: 'k',
      }[classified.marks[index] ?? 0] ??
      {
        [KIND_BLANK]: 'e',
        [KIND_QUOTE]: 'q',
        [KIND_CODE]: 'c',
      }[classified.kinds[index] ?? 0] ??
      't';
    letters.push(letter);
    const span = classified.spans[index] ?? 0;
    for (let more = 1; more < span; more++) letters.push('-');
    index += Math.max(span - 1, 0);
  }
  return letters.join('');
}

describe('classifyLines', () => {
  it('gives every line one class, spans for wrapped attributions and header blocks', () => {
    expect(
      classes(
        [
          'Sounds good.',
          '> Are you in?',
          'Regards,',
          'Ana',
          '',
          'On Tue, 3 Mar 2026 at 09:41, Some Long',
          'Name <x@example.com> wrote:',
          '> Question?',
          '',
          '________________________________',
          'From: Jane <jane@example.com>',
          'Sent: Tuesday, 3 March 2026 09:41',
          'Subject: Question',
          '-----Original Message-----',
          '```',
          '> not a quote',
          '```',
          '-- ',
          'Sent from my iPhone',
          '',
          '____',
          'Previous Replies',
          '=====',
        ].join('\n'),
      ),
    ).toBe('tqktea-qeRh--fcccsseudr');
  });

  it('reads a wrapped attribution as one, but not a sentence above a real one', () => {
    expect(classes('On Tue, 3 Mar 2026 at 09:41, Some Long\nName <x@example.com> wrote:')).toBe(
      'a-',
    );
    expect(
      classes('I did that on 3 Mar.\nOn Tue, 3 Mar 2026 at 09:41, Jane <x@example.com> wrote:'),
    ).toBe('ta');
  });
});
