import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import type { ChildApp } from '../support/child-app.js';
import { eventually } from '../support/eventually.js';

export interface SentEmail {
  deliveryId: string;
  to: string;
  replyTo: string | undefined;
  subject: string;
  messageId: string;
  text: string;
}

/** The .eml the local sink wrote for a delivery (`DATA_DIR/outbox/<day>/<id>.eml`), parsed. */
export async function emlOf(app: ChildApp, deliveryId: string): Promise<SentEmail> {
  const outbox = join(app.dataDir, 'outbox');
  const path = await eventually(() =>
    readdirSync(outbox)
      .map((day) => join(outbox, day, `${deliveryId}.eml`))
      .find((candidate) => {
        try {
          readFileSync(candidate);
          return true;
        } catch {
          return false;
        }
      }),
  );
  const parsed = await simpleParser(readFileSync(path));
  return {
    deliveryId,
    to: parsed.to && !Array.isArray(parsed.to) ? (parsed.to.value[0]?.address ?? '') : '',
    replyTo: parsed.replyTo?.value[0]?.address,
    subject: parsed.subject ?? '',
    messageId: parsed.messageId ?? '',
    text: parsed.text ?? '',
  };
}

/** A reply as a mail client writes it: new text above an attribution line and the quote. */
export function replyToEmail(email: SentEmail, text: string): string {
  return [
    `From: <${email.to}>`,
    `To: ${email.replyTo ?? ''}`,
    `Subject: Re: ${email.subject}`,
    `Message-ID: <${randomUUID()}@mail.example.test>`,
    `In-Reply-To: ${email.messageId}`,
    `References: ${email.messageId}`,
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    '',
    `On ${new Date().toDateString()}, Replyline <notifications@localhost> wrote:`,
    ...email.text.split('\n').map((line) => `> ${line}`),
    '',
  ].join('\r\n');
}

/** Runs a GraphQL operation and fails the test with the errors when it has any. */
export async function ok<T>(
  app: ChildApp,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<T> {
  const { data, errors } = await app.gql<T>(query, variables, token);
  if (errors || !data) throw new Error(`${query}\n→ ${JSON.stringify(errors)}`);
  return data;
}

/** The status of deliveries, once none is PENDING any more. */
export async function finalDeliveries(
  app: ChildApp,
  ids: string[],
): Promise<Map<string, { status: string; type: string; lastError: string | null }>> {
  return eventually(
    async () => {
      const data = await ok<{
        emailDeliveries: {
          nodes: Array<{ id: string; status: string; type: string; lastError: string | null }>;
        };
      }>(app, `{ emailDeliveries(first: 200) { nodes { id status type lastError } } }`);
      const byId = new Map(data.emailDeliveries.nodes.map((node) => [node.id, node]));
      const wanted = ids.map((id) => byId.get(id));
      if (wanted.some((row) => !row || row.status === 'PENDING')) return undefined;
      return new Map(wanted.map((row) => [row!.id, row!]));
    },
    { timeoutMs: 30_000 },
  );
}
