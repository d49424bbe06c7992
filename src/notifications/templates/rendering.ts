/** What every template produces: both parts, always. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface TemplateContext {
  /**
   * The URL of one of the type's named links (its template under CATALOG_URL, filled in from
   * `values`, normally the payload, and `objectRef`), or null when a value it needs is absent.
   */
  link(name: string, values: object): string | null;
  /** The recipient's display name, when known. */
  recipientName?: string;
  /** The catalog object an event concerns, e.g. `table:42`. */
  objectRef?: string;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** For text nodes and attribute values alike: user-supplied text never becomes markup. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}

/** Escaped, with the writer's line breaks kept (post bodies, error details). */
export function htmlMultiline(value: string): string {
  return escapeHtml(value).replace(/\r\n|\r|\n/g, '<br>\n');
}

// RFC 5322 allows 998 characters a line; mail clients show far fewer. Long titles are cut here.
const MAX_SUBJECT_LENGTH = 200;

/**
 * A subject from user-supplied parts: one line (a line break in a header would end it, or be
 * refused by the provider), trimmed to a length a mail client shows.
 */
export function subjectLine(value: string): string {
  const single = value.replace(/\s+/g, ' ').trim();
  return single.length > MAX_SUBJECT_LENGTH
    ? `${single.slice(0, MAX_SUBJECT_LENGTH - 1).trimEnd()}…`
    : single;
}

export function greeting(context: TemplateContext): string {
  return context.recipientName ? `Hi ${context.recipientName},` : 'Hi,';
}

/** One block of an email: its text form and its HTML form (already escaped). */
export interface Block {
  text: string;
  html: string;
}

export const paragraph = (text: string): Block => ({
  text,
  html: `<p>${htmlMultiline(text)}</p>`,
});

/** Pre-formatted user content (a post, an error): quoted in text, kept as written in HTML. */
export const quote = (text: string): Block => ({
  text: text
    .split(/\r\n|\r|\n/)
    .map((line) => `> ${line}`)
    .join('\n'),
  html: `<blockquote style="margin:0 0 16px;padding:8px 12px;border-left:3px solid #ccc;white-space:pre-wrap">${htmlMultiline(text)}</blockquote>`,
});

export const button = (label: string, href: string): Block => ({
  text: `${label}: ${href}`,
  html: `<p><a href="${escapeHtml(href)}" style="color:#1a5fb4">${escapeHtml(label)}</a></p>`,
});

/** A button to a link that may be absent (its template needs a value the payload left out). */
export const buttonsTo = (label: string, href: string | null): Block[] =>
  href === null ? [] : [button(label, href)];

const FOOTER = 'This is an automated message; replies to it are not read unless it says so.';

/**
 * Joins blocks into the two parts. Plain string concatenation: a fan-out renders this a thousand
 * times, and a template engine would buy nothing for emails this small.
 */
export function compose(
  subject: string,
  blocks: Block[],
  footer: Block = paragraph(FOOTER),
): RenderedEmail {
  const text = `${blocks.map((block) => block.text).join('\n\n')}\n\n-- \n${footer.text}\n`;
  const html =
    '<!DOCTYPE html><html><head><meta charset="utf-8"></head>' +
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#222">' +
    blocks.map((block) => block.html).join('\n') +
    `\n<hr style="border:none;border-top:1px solid #ddd"><div style="color:#777;font-size:12px">${footer.html}</div>` +
    '</body></html>';
  return { subject: subjectLine(subject), text, html };
}
