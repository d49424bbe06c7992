// Every migration, in order. Listed explicitly (not globbed) so the same list works from the
// TypeScript sources under jest and from the compiled dist/ at run time.
import { Auth1764000000000 } from './1764000000000-auth.js';
import { Settings1764000001000 } from './1764000001000-settings.js';
import { Notifications1764000002000 } from './1764000002000-notifications.js';
import { Conversations1764000003000 } from './1764000003000-conversations.js';
import { MailboxSync1764000004000 } from './1764000004000-mailbox-sync.js';
import { MailboxSyncExtra1764000005000 } from './1764000005000-mailbox-sync-extra.js';
import { Archive1764000006000 } from './1764000006000-archive.js';
import { SettingsTabsKeepTheirValues1764000100000 } from './1764000100000-settings-tabs-keep-their-values.js';
import { ImapUnencryptedLoginOptIn1764000101000 } from './1764000101000-imap-unencrypted-login-opt-in.js';
import { MarkReadTracking1764000103000 } from './1764000103000-mark-read-tracking.js';
import { RunHeartbeats1764000104000 } from './1764000104000-run-heartbeats.js';
import { MailboxListener1764000200000 } from './1764000200000-mailbox-listener.js';
import { DeliveryResendAndOnce1764000300000 } from './1764000300000-delivery-resend-and-once.js';
import { MicrosoftTokenStatus1764000400000 } from './1764000400000-microsoft-token-status.js';
import { DeliveryEvents1764000401000 } from './1764000401000-delivery-events.js';

export const migrations = [
  Auth1764000000000,
  Settings1764000001000,
  Notifications1764000002000,
  Conversations1764000003000,
  MailboxSync1764000004000,
  MailboxSyncExtra1764000005000,
  Archive1764000006000,
  SettingsTabsKeepTheirValues1764000100000,
  ImapUnencryptedLoginOptIn1764000101000,
  MarkReadTracking1764000103000,
  RunHeartbeats1764000104000,
  MailboxListener1764000200000,
  DeliveryResendAndOnce1764000300000,
  MicrosoftTokenStatus1764000400000,
  DeliveryEvents1764000401000,
];
