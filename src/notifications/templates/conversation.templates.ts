import type { Block, RenderedEmail, TemplateContext } from './rendering.js';
import { buttonsTo, compose, greeting, paragraph, quote } from './rendering.js';

/** The line the reply extractor cuts at; mailbox-sync relies on this exact text. */
export const REPLY_ABOVE_THIS_LINE = 'Please type your reply above this line';

export interface ConversationMentionPayload {
  actorName: string;
  conversationId: string;
  conversationTitle: string;
  postBody: string;
  /** True when reply by email is on for this email: adds the prompt line at the very top. */
  replyByEmail?: boolean;
}

export interface ConversationAssignmentPayload {
  actorName: string;
  conversationId: string;
  conversationTitle: string;
}

/** Said in every assignment email: answering it by email posts nothing. */
export const ASSIGNMENT_NOT_REPLYABLE =
  'Replies to this email are not posted; open the conversation to answer';

export function renderConversationMention(
  payload: ConversationMentionPayload,
  context: TemplateContext,
): RenderedEmail {
  const blocks: Block[] = [];
  if (payload.replyByEmail) {
    // First, above everything else: a reply is typed above it, and everything from it down is cut.
    blocks.push({
      text: REPLY_ABOVE_THIS_LINE,
      html: `<p style="color:#777">${REPLY_ABOVE_THIS_LINE}</p>`,
    });
  }
  blocks.push(
    paragraph(greeting(context)),
    paragraph(`${payload.actorName} mentioned you in ${payload.conversationTitle}:`),
    quote(payload.postBody),
    ...buttonsTo('Open the conversation', context.link('conversation', payload)),
  );
  if (payload.replyByEmail) {
    blocks.push(paragraph('You can answer by replying to this email.'));
  }
  return compose(`${payload.actorName} mentioned you in ${payload.conversationTitle}`, blocks);
}

export function renderConversationAssignment(
  payload: ConversationAssignmentPayload,
  context: TemplateContext,
): RenderedEmail {
  return compose(`${payload.actorName} assigned you to this Conversation`, [
    paragraph(greeting(context)),
    paragraph(
      `${payload.actorName} assigned you to the conversation ${payload.conversationTitle}.`,
    ),
    ...buttonsTo('Open the conversation', context.link('conversation', payload)),
    paragraph(`${ASSIGNMENT_NOT_REPLYABLE}.`),
  ]);
}
