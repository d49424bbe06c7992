import { boundHtmlStructure, stripHtmlQuoteContainers } from './html-quote-stripper.js';

describe('stripHtmlQuoteContainers', () => {
  it.each([
    [
      'Gmail',
      '<div dir="ltr">Reply</div><br><div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">On Mon, A wrote:<br></div><blockquote class="gmail_quote"><div>Old</div></blockquote></div>',
    ],
    [
      'Apple Mail',
      '<div>Reply</div><div><br><blockquote type="cite"><div>On 15 Jan, A wrote:</div><div>Old</div></blockquote></div>',
    ],
    [
      'Thunderbird',
      '<p>Reply</p><div class="moz-cite-prefix">On 15/01/2024, A wrote:<br></div><blockquote type="cite" cite="mid:x@y">Old</blockquote>',
    ],
    [
      'Yahoo',
      '<div class="ydpa1yahoo-style-wrap">Reply</div><div id="ydpb2yahoo_quoted_123" class="ydpb2yahoo_quoted"><div>On Monday, A wrote:</div><div>Old</div></div>',
    ],
    [
      'ProtonMail',
      '<div>Reply</div><div class="protonmail_quote">On Monday, A wrote:<blockquote class="protonmail_quote" type="cite">Old</blockquote></div>',
    ],
    [
      'Zoho',
      '<div>Reply</div><div class="zmail_extra"><div>---- On Mon, A wrote ----</div><blockquote>Old</blockquote></div>',
    ],
    [
      'GMX / WEB.DE',
      '<div>Reply</div><div name="quote" style="margin:10px 5px 5px 10px"><b>Gesendet:</b> Montag<br>Old</div>',
    ],
    [
      'Spark',
      '<div>Reply</div><div name="messageReplySection">On 15 Jan 2024, A wrote:<br><blockquote type="cite">Old</blockquote></div>',
    ],
  ])('removes the %s quote element and keeps what follows it', (_client, html) => {
    const stripped = stripHtmlQuoteContainers(`${html}<p>After</p>`);
    expect(stripped.removedContainer).toBe(true);
    expect(stripped.html).toContain('Reply');
    expect(stripped.html).toContain('<p>After</p>');
    expect(stripped.html).not.toContain('Old');
    expect(stripped.removedHtml).toContain('Old');
  });

  it.each([
    [
      'Outlook desktop',
      `<div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0in 0in 0in'><p><b>From:</b> A</p></div>`,
    ],
    [
      'Outlook on the web',
      '<div id="appendonsend"></div><hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg" dir="ltr"><b>From:</b> A</div>',
    ],
    [
      'Outlook (Exchange x_ prefix)',
      '<div id="x_divRplyFwdMsg" dir="ltr"><hr tabindex="-1"><b>From:</b> A</div>',
    ],
    [
      'Exchange 2010',
      '<div id="divRpF123456" style="direction: ltr;"><hr tabindex="-1"><b>From:</b> A</div>',
    ],
    ['Outlook mobile', '<div id="mail-editor-reference-message-container"><b>From:</b> A</div>'],
    [
      'Zimbra',
      '<hr id="zwchr" data-marker="__DIVIDER__"><div data-marker="__HEADERS__"><b>From: </b>A</div>',
    ],
    ['Zimbra (quoted text only)', '<div data-marker="__QUOTED_TEXT__">A</div>'],
  ])('removes everything from the %s separator on', (_client, marker) => {
    const stripped = stripHtmlQuoteContainers(
      `<div>Reply</div>${marker}<div>Old</div><p>After</p>`,
    );
    expect(stripped).toEqual({
      html: '<div>Reply</div>',
      removedHtml: `${marker}<div>Old</div><p>After</p>`,
      removedContainer: true,
    });
  });

  it('leaves ordinary blockquotes, our own notification hr and unrelated classes alone', () => {
    const html =
      '<p>Quote: <blockquote>a saying</blockquote></p><hr style="border:none;border-top:1px solid #ddd"><div class="quote-of-the-day">Hi</div>';
    expect(stripHtmlQuoteContainers(html)).toEqual({
      html,
      removedHtml: '',
      removedContainer: false,
    });
  });

  it('puts a signature delimiter before Gmail and Thunderbird signature blocks', () => {
    const stripped = stripHtmlQuoteContainers(
      '<div>Reply</div><div class="gmail_signature">Jane<br>Data team</div>',
    );
    expect(stripped.html).toBe(
      '<div>Reply</div><div>-- </div><div class="gmail_signature">Jane<br>Data team</div>',
    );
    expect(stripped.removedContainer).toBe(false);
  });

  it('handles unclosed containers, stray closing tags, comments and raw text', () => {
    expect(stripHtmlQuoteContainers('<p>Hi</p><blockquote type="cite">never closed').html).toBe(
      '<p>Hi</p>',
    );
    expect(
      stripHtmlQuoteContainers(
        '<p>Hi</p></span><!-- <div class="gmail_quote"> --><script>"<div class=gmail_quote>"</script>',
      ).html,
    ).toBe('<p>Hi</p><!-- <div class="gmail_quote"> --><script>"<div class=gmail_quote>"</script>');
  });
});

describe('boundHtmlStructure', () => {
  it('drops markup nested deeper than 64 levels, keeping the text', () => {
    const bounded = boundHtmlStructure(`${'<div>'.repeat(100)}deep${'</div>'.repeat(100)}`);
    expect(bounded).toBe(`${'<div>'.repeat(64)}deep${'</div>'.repeat(64)}`);
  });

  it('drops inline data: images that would crowd out the text', () => {
    expect(
      boundHtmlStructure(`<p>Hi</p><img src="data:image/png;base64,${'A'.repeat(5000)}">`),
    ).toBe('<p>Hi</p>');
  });
});
