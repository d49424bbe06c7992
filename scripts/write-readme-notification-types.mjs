// Rewrites the README's notification type reference from the catalogue in the compiled sources
// (npm run docs:update builds them first). A unit test fails while the README is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { withCurrentSection } from '../dist/src/notifications/notification-types.markdown.js';

const readme = new URL('../README.md', import.meta.url);
const before = readFileSync(readme, 'utf8');
const after = withCurrentSection(before);
if (after === before) {
  console.log('README.md: the notification type reference is up to date');
} else {
  writeFileSync(readme, after);
  console.log('README.md: rewrote the notification type reference');
}
