import { simpleParser } from 'mailparser';
import { messageFacts } from './message-facts.js';
import type { MessageFacts } from './message-facts.js';
import {
  answeredMessageIds,
  findReplyTokens,
  messageIdLocalPart,
  plusTag,
} from './reply-token-search.js';

const TOKEN_A = 'abcdefghijklmnopqrstuvwxyz';
const TOKEN_B = 'bcdefghijklmnopqrstuvwxyz2';
const TOKEN_C = 'cdefghijklmnopqrstuvwxyz23';

function facts(overrides: Partial<MessageFacts>): MessageFacts {
  return {
    messageId: null,
    from: [],
    fromName: null,
    to: [],
    cc: [],
    deliveredTo: [],
    originalTo: [],
    inReplyTo: [],
    references: [],
    subject: null,
    headers: {},
    attachmentTypes: [],
    ...overrides,
  };
}

describe('plusTag and messageIdLocalPart', () => {
  it('take the token-bearing part', () => {
    expect(plusTag('replies+abc@corp.test')).toBe('abc');
    expect(plusTag('replies@corp.test')).toBeNull();
    expect(plusTag('a+b+c@corp.test')).toBe('b+c');
    expect(messageIdLocalPart('<tok@corp.test>')).toBe('tok');
  });
});

describe('findReplyTokens', () => {
  it('finds nothing in an ordinary email', () => {
    expect(
      findReplyTokens(facts({ to: ['replies@corp.test'], inReplyTo: ['<x@gmail.com>'] })),
    ).toEqual([]);
  });

  it('searches plus tags first, in To, Cc, Delivered-To, X-Original-To order, then message ids', () => {
    const found = findReplyTokens(
      facts({
        inReplyTo: [`<${TOKEN_C}@corp.test>`],
        originalTo: [`replies+${TOKEN_B}@corp.test`],
        cc: [`replies+${TOKEN_A}@corp.test`],
      }),
    );
    expect(found).toEqual([
      { token: TOKEN_A, source: 'Cc' },
      { token: TOKEN_B, source: 'X-Original-To' },
      { token: TOKEN_C, source: 'In-Reply-To' },
    ]);
  });

  it('lower-cases what mail systems upper-cased and ignores tags that are not tokens', () => {
    expect(
      findReplyTokens(
        facts({ to: [`replies+${TOKEN_A.toUpperCase()}@corp.test`, 'replies+short@corp.test'] }),
      ),
    ).toEqual([{ token: TOKEN_A, source: 'To' }]);
  });

  it('reads References newest first and de-duplicates', () => {
    expect(
      findReplyTokens(
        facts({
          inReplyTo: [`<${TOKEN_B}@corp.test>`],
          references: [
            `<${TOKEN_A}@corp.test>`,
            '<other@gmail.com>',
            `<${TOKEN_B}@corp.test>`,
            `<${TOKEN_C}@corp.test>`,
          ],
        }),
      ),
    ).toEqual([
      { token: TOKEN_B, source: 'In-Reply-To' },
      { token: TOKEN_C, source: 'References' },
      { token: TOKEN_A, source: 'References' },
    ]);
  });

  it('works on parsed headers, including Delivered-To and folded References', async () => {
    const parsed = await simpleParser(
      [
        'From: ada@corp.test',
        'To: "Replyline" <replies@corp.test>',
        `Delivered-To: replies+${TOKEN_A}@corp.test`,
        `References: <one@gmail.com>`,
        `\t<${TOKEN_B}@corp.test>`,
        'Subject: Re: hi',
        '',
        'ok',
      ].join('\r\n'),
    );
    expect(findReplyTokens(messageFacts(parsed))).toEqual([
      { token: TOKEN_A, source: 'Delivered-To' },
      { token: TOKEN_B, source: 'References' },
    ]);
  });
});

describe('answeredMessageIds', () => {
  it('keeps ids in our domains without a token, nearest first, bounded', () => {
    const ids = answeredMessageIds(
      facts({
        inReplyTo: ['<d1@catalog.test>'],
        references: [
          '<d0@catalog.test>',
          '<x@gmail.com>',
          `<${TOKEN_A}@catalog.test>`,
          '<d1@catalog.test>',
        ],
      }),
      ['catalog.test'],
    );
    expect(ids).toEqual(['<d1@catalog.test>', '<d0@catalog.test>']);
    const many = facts({
      references: Array.from({ length: 20 }, (_, i) => `<d${i}@catalog.test>`),
    });
    expect(answeredMessageIds(many, ['catalog.test'], 3)).toEqual([
      '<d19@catalog.test>',
      '<d18@catalog.test>',
      '<d17@catalog.test>',
    ]);
  });
});
