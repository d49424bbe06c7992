import { readFileSync } from 'node:fs';
import { withCurrentSection } from './notification-types.markdown.js';

describe("README's notification type reference", () => {
  it('is what the catalogue says (npm run docs:update rewrites it)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toBe(withCurrentSection(readme));
  });
});
