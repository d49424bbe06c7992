import { CatalogLinks } from '../catalog-links.js';
import {
  REPLY_ABOVE_THIS_LINE,
  renderConversationAssignment,
  renderConversationMention,
} from './conversation.templates.js';

const links = new CatalogLinks('https://catalog.example.com');
const context = links.contextFor('conversation_mention', { recipientName: 'Ada' });
const mention = {
  actorName: 'Grace',
  conversationId: '7d0c1a52-4a8e-4e57-9a55-1f2f0d0c0b11',
  conversationTitle: 'Quarterly revenue',
  postBody: 'Hi @ada, is <b>this</b> & "that" right?\nSecond line',
};

describe('conversation mention email', () => {
  it('has the subject, the post and a link to the conversation in both parts', () => {
    const email = renderConversationMention(mention, context);
    expect(email.subject).toBe('Grace mentioned you in Quarterly revenue');
    const url = 'https://catalog.example.com/conversations/7d0c1a52-4a8e-4e57-9a55-1f2f0d0c0b11';
    expect(email.text).toContain('> Hi @ada, is <b>this</b> & "that" right?\n> Second line');
    expect(email.text).toContain(url);
    expect(email.html).toContain(`href="${url}"`);
  });

  it('escapes the post, the names and the title in the HTML part', () => {
    const email = renderConversationMention(
      { ...mention, actorName: '<img src=x>', conversationTitle: 'A & B <script>' },
      { ...context, recipientName: '"Ada"' },
    );
    expect(email.html).toContain('is &lt;b&gt;this&lt;/b&gt; &amp; &quot;that&quot; right?<br>');
    expect(email.html).toContain('&lt;img src=x&gt; mentioned you in A &amp; B &lt;script&gt;');
    expect(email.html).toContain('Hi &quot;Ada&quot;,');
    expect(email.html).not.toMatch(/<img|<script|<b>/);
  });

  it('puts the prompt line at the very top of both parts when reply by email is on', () => {
    const email = renderConversationMention({ ...mention, replyByEmail: true }, context);
    expect(email.text.startsWith(`${REPLY_ABOVE_THIS_LINE}\n`)).toBe(true);
    const body = email.html.slice(email.html.indexOf('<body'));
    expect(body.indexOf(REPLY_ABOVE_THIS_LINE)).toBeGreaterThan(0);
    expect(body.indexOf(REPLY_ABOVE_THIS_LINE)).toBeLessThan(body.indexOf('Hi Ada'));
    expect(REPLY_ABOVE_THIS_LINE).toBe('Please type your reply above this line');
  });

  it('has no prompt line when reply by email is off', () => {
    const email = renderConversationMention({ ...mention, replyByEmail: false }, context);
    expect(email.text).not.toContain(REPLY_ABOVE_THIS_LINE);
    expect(email.html).not.toContain(REPLY_ABOVE_THIS_LINE);
  });

  it('keeps the subject on one line whatever the title holds', () => {
    const email = renderConversationMention(
      { ...mention, conversationTitle: 'Line one\r\nBcc: victim@example.com' },
      context,
    );
    expect(email.subject).toBe('Grace mentioned you in Line one Bcc: victim@example.com');
  });

  it('percent-encodes ids in links', () => {
    const email = renderConversationMention(
      { ...mention, conversationId: '../admin?x=1' },
      context,
    );
    expect(email.text).toContain('https://catalog.example.com/conversations/..%2Fadmin%3Fx%3D1');
  });
});

describe('conversation assignment email', () => {
  it('says who assigned, links the conversation and has no prompt line', () => {
    const email = renderConversationAssignment(
      mention,
      links.contextFor('conversation_assignment', { recipientName: 'Ada' }),
    );
    expect(email.subject).toBe('Grace assigned you to this Conversation');
    expect(email.text).toContain('Grace assigned you to the conversation Quarterly revenue.');
    expect(email.text).toContain(
      `https://catalog.example.com/conversations/${mention.conversationId}`,
    );
    expect(email.text).not.toContain(REPLY_ABOVE_THIS_LINE);
    expect(email.html).not.toContain(REPLY_ABOVE_THIS_LINE);
  });

  it('says that replies to it are not posted', () => {
    const email = renderConversationAssignment(mention, context);
    expect(email.text).toContain(
      'Replies to this email are not posted; open the conversation to answer.',
    );
    expect(email.html).toContain(
      'Replies to this email are not posted; open the conversation to answer.',
    );
  });
});
