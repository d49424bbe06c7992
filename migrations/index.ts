// Every migration, in order. Listed explicitly (not globbed) so the same list works from the
// TypeScript sources under jest and from the compiled dist/ at run time.
import { Auth1764000000000 } from './1764000000000-auth.js';

export const migrations = [Auth1764000000000];
