import type { RenderedEmail, TemplateContext } from './rendering.js';
import { buttonsTo, compose, greeting, paragraph } from './rendering.js';

// Emails Replyline writes on its own account rather than for the catalog: the answer to a reply
// that could not be posted, and the admin's test email.

export interface ReplyRejectedPayload {
  /** The incoming email's reason code, e.g. EMPTY_REPLY. */
  reasonCode: string;
  /** What went wrong and what to do, in plain words for the person who wrote the email. */
  explanation: string;
  originalSubject?: string;
  conversationId?: string;
  conversationTitle?: string;
}

export interface TestEmailPayload {
  /** The Server Admin who asked for it. */
  requestedBy: string;
  /** Which transport it was handed to, e.g. "SendGrid (https://api.sendgrid.com)". */
  transport: string;
}

const NOT_READ_FOOTER = paragraph(
  'This is an automatic answer to your email. Replies to it are not read.',
);

export function renderReplyRejected(
  payload: ReplyRejectedPayload,
  context: TemplateContext,
): RenderedEmail {
  const where = payload.conversationTitle ? ` to ${payload.conversationTitle}` : '';
  const what = payload.originalSubject
    ? `Your email "${payload.originalSubject}" was not posted${where}.`
    : `Your email was not posted${where}.`;
  const conversation = context.link('conversation', payload);
  return compose(
    `Your reply${where} was not posted`,
    [
      paragraph(greeting(context)),
      paragraph(what),
      paragraph(payload.explanation),
      ...buttonsTo('Open the conversation', conversation),
      ...(conversation === null ? [] : [paragraph('You can also answer in the conversation.')]),
    ],
    NOT_READ_FOOTER,
  );
}

export function renderTestEmail(
  payload: TestEmailPayload,
  context: TemplateContext,
): RenderedEmail {
  return compose('Replyline test email', [
    paragraph(greeting(context)),
    paragraph(
      `This is a test email that ${payload.requestedBy} sent from Replyline's Email Server ` +
        `settings. It went out through ${payload.transport}.`,
    ),
    paragraph('If you can read it, Replyline can send email to this address.'),
  ]);
}
