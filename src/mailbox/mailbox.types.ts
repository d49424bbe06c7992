/** How Replyline signs in to the reply-to mailbox; the GraphQL enum of the same name mirrors it. */
export enum MailboxAuthMethod {
  BASIC = 'BASIC',
  MICROSOFT_OAUTH = 'MICROSOFT_OAUTH',
}

/** An IMAP mailbox reached with a user name and password (the "Basic Auth" tab). */
export interface ImapAccount {
  authMethod: MailboxAuthMethod.BASIC;
  host: string;
  port: number;
  /**
   * Implicit TLS from the first byte (usually port 993). Off: the plain IMAP port (usually 143),
   * upgraded with STARTTLS before the password is sent.
   */
  ssl: boolean;
  username: string;
  password: string;
  /**
   * With `ssl` off, sign in even when the server offers no STARTTLS, sending the password in
   * clear. Without it such a server is refused before the password leaves.
   */
  allowUnencryptedLogin: boolean;
}

/** An Exchange Online mailbox read through Microsoft Graph with an app registration. */
export interface MicrosoftAccount {
  authMethod: MailboxAuthMethod.MICROSOFT_OAUTH;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The reply-to address: the mailbox whose Inbox is read. */
  mailbox: string;
}

export type MailboxAccount = ImapAccount | MicrosoftAccount;

/** The account type that goes with an auth method. */
export type MailboxAccountFor<M extends MailboxAuthMethod> = Extract<
  MailboxAccount,
  { authMethod: M }
>;

/** The result of a connection test, shown to the admin as is. */
export interface ConnectionTestResult {
  ok: boolean;
  message: string;
}

export interface ConnectionTestOptions {
  /** Give up after this long; defaults to the module's `connectTimeoutMs` (15 s). */
  timeoutMs?: number;
}

/**
 * A message in a mailbox folder, as listed. Refs are only meaningful to the session kind that
 * produced them (an IMAP ref carries a UID, a Graph ref a Graph message id).
 */
export interface MailboxMessageRef {
  /**
   * Unique and stable across runs for as long as the message stays where it is:
   * IMAP `imap:<user>@<host>:<folder>:<uidValidity>:<uid>`, Graph `graph:<mailbox>:<message id>`.
   */
  key: string;
  /** The folder the message was listed in (`INBOX` for unread mail). */
  folder: string;
  /** IMAP UID. */
  uid?: number;
  /** IMAP UIDVALIDITY of the folder when the message was listed, as a decimal string. */
  uidValidity?: string;
  /** Graph message id. */
  graphId?: string;
  /** Size in bytes when the server reports it (IMAP RFC822.SIZE). */
  size?: number;
  /** Arrival time: IMAP internal date, Graph receivedDateTime. */
  receivedAt: Date;
  /** The Message-ID header, with angle brackets, when the server reports it. */
  messageId?: string;
  /**
   * The first From address (lower-cased) and the subject, when the server reports them (IMAP's
   * envelope): what is known of a message too large to download.
   */
  from?: string;
  subject?: string;
}

export interface RawMailboxMessage {
  ref: MailboxMessageRef;
  /** The complete RFC 5322 message as stored by the server. */
  raw: Buffer;
}

export interface ListUnreadOptions {
  /** At most this many messages, the oldest first. Default 500. */
  limit?: number;
  /**
   * Says which of these keys the caller does not want listed (messages it knows it cannot mark
   * read, say). The listing pages past them, so they never take the places of newer messages.
   * Called with the keys of one window of candidates at a time, oldest first.
   */
  skip?: (keys: readonly string[]) => Promise<ReadonlySet<string>>;
}

/** A message the server would not mark read, and why, in words an admin reads. */
export interface MarkReadFailure {
  key: string;
  reason: string;
}

export interface ListFolderOptions {
  /**
   * Only messages that arrived before this date. IMAP compares whole days (RFC 3501 SEARCH BEFORE
   * ignores the time of day), Graph compares instants.
   */
  before?: Date;
  /** At most this many messages, the oldest first. Default: no limit. */
  limit?: number;
}

export interface MoveResult {
  /** How many messages the server confirmed moved. */
  moved: number;
  /** `MOVE` (RFC 6851), `COPY_EXPUNGE` (fallback for servers without MOVE) or `GRAPH`. */
  method: 'MOVE' | 'COPY_EXPUNGE' | 'GRAPH';
}

/**
 * One open connection to a mailbox, for one run of sync or archive. Not for concurrent use:
 * await each call before the next, and finish (or break out of) a `fetchRaw` iteration before
 * calling anything else on the same session.
 */
export interface MailboxSession {
  readonly authMethod: MailboxAuthMethod;
  /**
   * Identifies the Inbox this session reads, for building unique keys: IMAP
   * `imap:<user>@<host>:INBOX:<uidValidity>`, Graph `graph:<mailbox>`. When an IMAP server resets
   * UIDVALIDITY, this changes and old UIDs must not be trusted.
   */
  readonly inboxIdentity: string;
  /** IMAP UIDVALIDITY of the Inbox (decimal string); undefined for Graph. */
  readonly uidValidity: string | undefined;
  listUnread(options?: ListUnreadOptions): Promise<MailboxMessageRef[]>;
  /** Streams the raw messages; refs that no longer exist are skipped. */
  fetchRaw(refs: readonly MailboxMessageRef[]): AsyncIterable<RawMailboxMessage>;
  /**
   * Marks the messages read. Messages the server refuses one by one come back as failures, so the
   * others are still marked; it throws only when the session itself fails.
   */
  markRead(refs: readonly MailboxMessageRef[]): Promise<MarkReadFailure[]>;
  /** Moves the messages to `folder`, creating it when missing. */
  moveTo(refs: readonly MailboxMessageRef[], folder: string): Promise<MoveResult>;
  /** Lists a folder by arrival date; an empty list when the folder does not exist. */
  listFolder(folder: string, options?: ListFolderOptions): Promise<MailboxMessageRef[]>;
  /** Permanently deletes the messages from `folder`. */
  deleteMessages(folder: string, refs: readonly MailboxMessageRef[]): Promise<void>;
  /** Ends the session; safe to call twice and after a failure. */
  close(): Promise<void>;
}
