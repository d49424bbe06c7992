import { boundHtmlStructure } from './html-bounds.js';
import { htmlToReplyText } from './html-quote-containers.js';
import { renderHtml } from './html-render.js';
import { extractReply } from './index.js';

// Hand-written for Replyline: the markup each client uses, reduced to what the decision reads.

function replyOf(html: string): string {
  return extractReply({ html }).text;
}

describe('HTML quote containers, decided by content and position', () => {
  it.each([
    [
      'Gmail',
      '<div dir="ltr">Reply</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, 15 Jan 2024, A &lt;a@example.com&gt; wrote:<br></div><blockquote class="gmail_quote"><div>Old</div></blockquote></div>',
    ],
    [
      'Apple Mail',
      '<div>Reply</div><div><br><blockquote type="cite"><div>On 15 Jan 2024, at 10:00, A wrote:</div><div>Old</div></blockquote></div>',
    ],
    [
      'Thunderbird',
      '<p>Reply</p><div class="moz-cite-prefix">On 15/01/2024 10:00, A wrote:<br></div><blockquote type="cite" cite="mid:x@y">Old</blockquote>',
    ],
    [
      'Yahoo',
      '<div class="ydpa1yahoo-style-wrap">Reply</div><div id="ydpb2yahoo_quoted_123" class="ydpb2yahoo_quoted"><div>On Monday, January 15, 2024, 10:00:00 AM GMT+1, A &lt;a@example.com&gt; wrote:</div><div><div>Old</div></div></div>',
    ],
    [
      'ProtonMail',
      '<div>Reply</div><div class="protonmail_quote">------- Original Message -------<br>On Monday, January 15th, 2024 at 10:00, A wrote:<blockquote class="protonmail_quote" type="cite">Old</blockquote></div>',
    ],
    [
      'GMX / WEB.DE',
      '<div>Reply</div><div name="quote" style="margin:10px 5px 5px 10px"><b>Gesendet:</b> Montag, 15. Januar 2024 um 10:00 Uhr<br><b>Von:</b> A &lt;a@example.com&gt;<br><b>Betreff:</b> Frage<br>Old</div>',
    ],
    [
      'Outlook desktop',
      '<div class="WordSection1"><p class="MsoNormal">Reply</p><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0in 0in 0in"><p class="MsoNormal"><b>From:</b> A &lt;a@example.com&gt;<br><b>Sent:</b> Monday, January 15, 2024 10:00 AM<br><b>To:</b> B<br><b>Subject:</b> Q</p></div><p class="MsoNormal">Old</p></div>',
    ],
    [
      'Outlook on the web',
      '<div>Reply</div><div id="appendonsend"></div><hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg" dir="ltr"><b>From:</b> A &lt;a@example.com&gt;<br><b>Sent:</b> Monday<br><b>Subject:</b> Q</div><div>Old</div>',
    ],
    [
      'Exchange 2010',
      '<div>Reply<div><hr tabindex="-1"><div id="divRpF123456"><b>From:</b> A [a@example.com]<br><b>Sent:</b> Monday, January 15, 2024 10:00<br><b>To:</b> B<br><b>Subject:</b> Q</div><div>Old</div></div></div>',
    ],
    [
      'Zimbra',
      '<div>Reply</div><hr id="zwchr" data-marker="__DIVIDER__"><div data-marker="__HEADERS__"><b>From: </b>A &lt;a@example.com&gt;<br><b>Sent: </b>Monday<br><b>Subject: </b>Q</div><div data-marker="__QUOTED_TEXT__">Old</div>',
    ],
    [
      'Lotus Notes',
      '<font>Reply</font><br><div class="domino-section"><table><tr><td>Von:</td><td>A &lt;a@example.com&gt;</td></tr><tr><td>Datum:</td><td>15.01.2024 10:00</td></tr></table><pre>Old</pre></div>',
    ],
    [
      'a plain <hr> above a header block',
      '<p>Reply</p><hr><p>From: A &lt;a@example.com&gt;<br>Sent: Monday, 15 January 2024 10:00<br>To: B<br>Subject: Q</p><p>Old</p>',
    ],
  ])('%s: keeps the reply, removes the history', (_client, html) => {
    const reply = extractReply({ html });
    expect(reply.text).toBe('Reply');
    expect(reply.removed).toContain('Old');
  });

  it('keeps a reply written inside a reply-section container (no header, attribution or quote at its start)', () => {
    const html =
      '<div id="appendonsend"><div>Here is my answer, written where OWA put the cursor.</div></div>' +
      '<hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg"><b>From:</b> A &lt;a@example.com&gt;<br><b>Sent:</b> Monday<br><b>Subject:</b> Q</div><div>Old</div>';
    expect(replyOf(html)).toBe('Here is my answer, written where OWA put the cursor.');
    expect(replyOf('<div class="yahoo_quoted">My whole reply sits in here.</div>')).toBe(
      'My whole reply sits in here.',
    );
  });

  it("reads an Outlook separator's header block in a language without known labels", () => {
    const html =
      '<p>Reply</p><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p><b>Nadawcaa:</b> A<br><b>Wysłanoo:</b> wtorek</p></div><p>Old</p>';
    expect(replyOf(html)).toBe('Reply');
    // A plain <hr> needs a known label: a rule in the person's own text stays.
    expect(replyOf('<p>Part one</p><hr><p>Part two: details</p>')).toBe(
      'Part one\n\n----------------------------------------\n\nPart two: details',
    );
  });

  it('keeps answers written between the quotes inside a Gmail quote container', () => {
    const html =
      '<div>Answers inline.</div><div class="gmail_quote"><div class="gmail_attr">On Mon, 15 Jan 2024 at 10:00, A &lt;a@example.com&gt; wrote:</div>' +
      '<blockquote class="gmail_quote">Question one?</blockquote><div>Yes, one.</div><div>Also this.</div><div>And that.</div>' +
      '<blockquote class="gmail_quote">Question two?</blockquote><div>No, two.</div></div>';
    const reply = replyOf(html);
    expect(reply).toContain('Yes, one.');
    expect(reply).toContain('No, two.');
    expect(reply).toContain('> Question two?');
  });

  it('keeps a bottom post below the quote and a forward with no note', () => {
    expect(
      replyOf(
        '<div class="moz-cite-prefix">On 15/01/2024 10:00, A wrote:</div><blockquote type="cite">Old</blockquote><p>My answer below.</p>',
      ),
    ).toBe('My answer below.');
    const forwardOnly =
      '<div id="divRplyFwdMsg"><b>From:</b> A &lt;a@example.com&gt;<br><b>Sent:</b> Monday, 15 January 2024<br><b>To:</b> B<br><b>Subject:</b> Q</div><div>The forwarded text.</div>';
    expect(replyOf(forwardOnly)).toBe('The forwarded text.');
  });

  it('treats an indentation blockquote as text and a signature block like `-- `', () => {
    expect(
      replyOf(
        '<div>Steps:</div><blockquote style="margin:0 0 0 40px;border:none;padding:0px">run it twice</blockquote><div>Thanks</div>',
      ),
    ).toBe('Steps:\n\nrun it twice\n\nThanks');
    expect(replyOf('<div>Works.</div><div class="gmail_signature">Jane<br>Data team</div>')).toBe(
      'Works.',
    );
  });
});

describe('renderHtml', () => {
  it('turns paragraphs, line breaks, lists, tables and links into plain text', () => {
    const { text } = htmlToReplyText(
      '<p>One<br>two</p><ul><li>a</li><li>b <a href="https://x.example/y">link</a></li></ul>' +
        '<ol><li>first</li></ol><table><tr><td>A</td><td>B</td></tr><tr><td>C</td></tr></table>' +
        '<pre>  keep\n  spacing</pre><p>mail <a href="mailto:a@x.example">a@x.example</a></p>' +
        '<img src="t.gif" width="1" height="1" alt="pixel"><img src="c.png" alt="chart">',
    );
    expect(text).toBe(
      [
        'One',
        'two',
        '',
        ' * a',
        ' * b link <https://x.example/y>',
        '',
        ' 1. first',
        '',
        'A B',
        'C',
        '',
        '  keep',
        '  spacing',
        '',
        'mail a@x.example',
        '',
        '[chart]',
      ].join('\n'),
    );
  });

  it('leaves out the head, scripts, styles and hidden elements', () => {
    const { lines } = renderHtml(
      '<html><head><title>T</title><style>p{}</style></head><body><script>x()</script><div style="display:none">preheader</div><p>Body</p></body></html>',
    );
    expect(lines.filter((line) => line !== '')).toEqual(['Body']);
  });
});

describe('boundHtmlStructure', () => {
  it('flattens markup nested deeper than 64 levels and drops stray closing tags', () => {
    expect(boundHtmlStructure(`${'<div>'.repeat(100)}deep${'</div>'.repeat(100)}`)).toBe(
      `${'<div>'.repeat(64)}deep${'</div>'.repeat(64)}`,
    );
    expect(boundHtmlStructure('<p>Hi</p></span></b>')).toBe('<p>Hi</p>');
  });

  it('drops inline data: images that would crowd out the text', () => {
    expect(
      boundHtmlStructure(`<p>Hi</p><img src="data:image/png;base64,${'A'.repeat(5000)}">`),
    ).toBe('<p>Hi</p>');
  });
});
