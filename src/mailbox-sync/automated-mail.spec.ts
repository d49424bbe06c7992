import { simpleParser } from 'mailparser';
import { detectAutomatedMail } from './automated-mail.js';
import type { OwnMail } from './automated-mail.js';
import { IncomingEmailReasonCode } from './incoming-email-reasons.js';
import { messageFacts } from './message-facts.js';

const own: OwnMail = {
  replyToAddress: 'replies@corp.test',
  fromAddress: 'notifications@catalog.test',
};

async function verdict(headers: string[], body = 'Thanks, will do.') {
  const raw = [
    ...headers,
    ...(headers.some((h) => /^from:/i.test(h)) ? [] : ['From: Ada <ada@corp.test>']),
    ...(headers.some((h) => /^to:/i.test(h)) ? [] : ['To: replies+abc@corp.test']),
    ...(headers.some((h) => /^subject:/i.test(h)) ? [] : ['Subject: Re: Sales table']),
    ...(headers.some((h) => /^content-type:/i.test(h))
      ? []
      : ['Content-Type: text/plain; charset=utf-8']),
    '',
    body,
  ].join('\r\n');
  return detectAutomatedMail(messageFacts(await simpleParser(raw)), own);
}

describe('detectAutomatedMail', () => {
  it('lets an ordinary reply through, including Auto-Submitted: no', async () => {
    expect(await verdict([])).toBeNull();
    expect(await verdict(['Auto-Submitted: no'])).toBeNull();
    expect(await verdict(['X-Autoreply: no'])).toBeNull();
    expect(await verdict(['X-Auto-Response-Suppress: None'])).toBeNull();
  });

  it.each([
    ['Auto-Submitted: auto-replied', 'Auto-Submitted: auto-replied'],
    ['Auto-Submitted: auto-generated; owner-email="x@y"', 'Auto-Submitted: auto-generated'],
    ['X-Autoreply: yes', 'X-Autoreply: yes'],
    ['X-Autorespond: vacation', 'X-Autorespond: vacation'],
    ['Precedence: bulk', 'Precedence: bulk'],
    ['Precedence: junk', 'Precedence: junk'],
    ['Precedence: list', 'Precedence: list'],
    ['Precedence: auto_reply', 'Precedence: auto_reply'],
    ['X-Auto-Response-Suppress: All', 'X-Auto-Response-Suppress: All'],
    [
      'X-Auto-Response-Suppress: DR, OOF, AutoReply',
      'X-Auto-Response-Suppress: DR, OOF, AutoReply',
    ],
  ])('flags %s as an automatic reply', async (header, signal) => {
    expect(await verdict([header])).toEqual({ code: IncomingEmailReasonCode.AUTO_REPLY, signal });
  });

  it('does not reject on an out-of-office subject alone, but does with a header hint', async () => {
    expect(await verdict(['Subject: Out of Office: back Monday'])).toBeNull();
    expect(await verdict(['Subject: Automatic reply: Sales table'])).toBeNull();
    const withHint = await verdict([
      'Subject: Automatic reply: Sales table',
      'X-MS-Exchange-Inbox-Rules-Loop: ada@corp.test',
    ]);
    expect(withHint?.code).toBe(IncomingEmailReasonCode.AUTO_REPLY);
    expect(withHint?.signal).toMatch(
      /subject "Automatic reply: Sales table" with X-Ms-Exchange-Inbox-Rules-Loop/,
    );
    const nullSender = await verdict(['Subject: Out of Office', 'Return-Path: <>']);
    expect(nullSender?.code).toBe(IncomingEmailReasonCode.AUTO_REPLY);
  });

  it.each([
    [
      'From: Mail Delivery System <MAILER-DAEMON@mx.corp.test>',
      'sender mailer-daemon@mx.corp.test',
    ],
    ['From: postmaster@corp.test', 'sender postmaster@corp.test'],
  ])('flags bounces from %s', async (from, signal) => {
    expect(await verdict([from])).toEqual({ code: IncomingEmailReasonCode.BOUNCE, signal });
  });

  it('flags a delivery status report even from an ordinary-looking sender', async () => {
    const raw = [
      'From: mail@relay.test',
      'To: replies@corp.test',
      'Subject: Undeliverable',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain',
      '',
      'Delivery failed.',
      '--b1',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; relay.test',
      '',
      'Final-Recipient: rfc822; x@y.test',
      'Action: failed',
      '--b1--',
      '',
    ].join('\r\n');
    expect(detectAutomatedMail(messageFacts(await simpleParser(raw)), own)).toEqual({
      code: IncomingEmailReasonCode.BOUNCE,
      signal: 'delivery status report',
    });
  });

  it('flags an empty Return-Path as a bounce when nothing more specific applies', async () => {
    expect(await verdict(['Return-Path: <>'])).toEqual({
      code: IncomingEmailReasonCode.BOUNCE,
      signal: 'empty Return-Path <>',
    });
  });

  it('flags a read receipt as an automatic reply', async () => {
    expect(
      (
        await verdict([
          'Content-Type: multipart/report; report-type=disposition-notification; boundary=x',
        ])
      )?.code,
    ).toBe(IncomingEmailReasonCode.AUTO_REPLY);
  });

  it('recognises our own mail coming back before anything else', async () => {
    expect(
      await verdict(['From: Replies <Replies+tag@CORP.test>', 'Auto-Submitted: auto-generated']),
    ).toEqual({
      code: IncomingEmailReasonCode.LOOP,
      signal: 'From is the reply-to address replies+tag@corp.test',
    });
    expect((await verdict(['From: notifications@catalog.test']))?.code).toBe(
      IncomingEmailReasonCode.LOOP,
    );
    expect(
      await verdict([
        'From: someone@else.test',
        'Message-ID: <0b8f1c3e-1111-2222-3333-444455556666@catalog.test>',
        'Auto-Submitted: auto-generated',
      ]),
    ).toEqual({
      code: IncomingEmailReasonCode.LOOP,
      signal:
        'Message-ID <0b8f1c3e-1111-2222-3333-444455556666@catalog.test> is one of ours and Auto-Submitted: auto-generated',
    });
    // Our domain alone is not enough: people in the same company share it.
    expect(await verdict(['From: bob@corp.test', 'Message-ID: <abc@corp.test>'])).toBeNull();
  });
});
