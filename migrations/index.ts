// Every migration, in order. Listed explicitly (not globbed) so the same list works from the
// TypeScript sources under jest and from the compiled dist/ at run time.
import { Auth1764000000000 } from './1764000000000-auth.js';
import { Settings1764000001000 } from './1764000001000-settings.js';
import { Conversations1764000003000 } from './1764000003000-conversations.js';
import { MailboxSync1764000004000 } from './1764000004000-mailbox-sync.js';

export const migrations = [
  Auth1764000000000,
  Settings1764000001000,
  Conversations1764000003000,
  MailboxSync1764000004000,
];
