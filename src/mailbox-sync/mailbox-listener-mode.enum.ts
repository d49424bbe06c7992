import { registerEnumType } from '@nestjs/graphql';

/** How new mail reaches Replyline now. Every mode keeps the scheduled poll as a sweep. */
export enum MailboxListenerMode {
  IDLE = 'IDLE',
  DELTA = 'DELTA',
  SUBSCRIPTION = 'SUBSCRIPTION',
  POLL = 'POLL',
}

registerEnumType(MailboxListenerMode, {
  name: 'MailboxListenerMode',
  description: 'How new mail reaches Replyline; the poll runs as a sweep in every mode',
  valuesMap: {
    IDLE: { description: 'IMAP IDLE: the server tells Replyline of new mail at once' },
    DELTA: { description: 'Microsoft Graph delta query, every GRAPH_DELTA_INTERVAL_SECONDS' },
    SUBSCRIPTION: {
      description: 'Microsoft Graph change notifications run the delta query at once',
    },
    POLL: {
      description:
        'No push: the poll alone (listener turned off, a server without IDLE, or no replica listening)',
    },
  },
});
