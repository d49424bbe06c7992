/**
 * Debian's Chromium driven by playwright-core, for the admin console's browser tests. Playwright's
 * own browser download cannot run here; `/usr/bin/chromium` comes from `apt-get install chromium`
 * (.ci/run installs it when missing). Each page is watched: any request to another origin is
 * aborted and recorded, and so is every Content-Security-Policy violation, so a test can assert
 * that the console loads nothing from elsewhere and breaks none of its own policy.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import playwright from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Headless Chromium with a fresh profile (Playwright gives every launch a new user-data-dir). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium)`);
  }
  return playwright.chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
}

export interface WatchedContext {
  context: BrowserContext;
  page: Page;
  /** URLs the page tried to load from another origin (all were aborted). */
  externalRequests: string[];
  /** Console messages that report a Content-Security-Policy violation, and uncaught errors. */
  problems: string[];
}

export async function openWatchedPage(browser: Browser, origin: string): Promise<WatchedContext> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    baseURL: origin,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const externalRequests: string[] = [];
  const problems: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:')) {
      await route.continue();
    } else {
      externalRequests.push(url);
      await route.abort();
    }
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return { context, page, externalRequests, problems };
}

/** axe-core's WCAG 2.1 A/AA rules on the page as it is now; returns the violations, if any. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
  );
}

/**
 * Screenshots for the README, made by the tests that walk through each page. They are written to
 * docs/screenshots only with UPDATE_SCREENSHOTS=1 (`npm run screenshots:update`), so an ordinary
 * test run leaves the working tree clean; otherwise they go to a temp folder, the same code path.
 */
const screenshotDir = process.env.UPDATE_SCREENSHOTS
  ? join(process.cwd(), 'docs', 'screenshots')
  : join(tmpdir(), 'replyline-screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled', caret: 'hide' });
  return path;
}
