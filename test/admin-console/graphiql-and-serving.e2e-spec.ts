/**
 * How Replyline serves its browser pages: the admin console's files at /admin with a strict
 * Content-Security-Policy, and GraphiQL at /graphql (only while GRAPHQL_PLAYGROUND is on), built
 * from npm packages so that it works on a machine without internet access.
 */
import { getIntrospectionQuery } from 'graphql';
import type { Browser } from 'playwright-core';
import {
  ADMIN_CONSOLE_CSP,
  GRAPHIQL_CSP,
} from '../../src/admin-console/content-security-policy.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { launchChromium, openWatchedPage, screenshot } from './support/browser.js';
import { listenForBrowser } from './support/console-server.js';

const scriptTags = (html: string) =>
  [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);

describe('the admin console and GraphiQL as served pages', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestApp(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('answers every /admin path with the console page, under a strict CSP, with no inline script', async () => {
    const response = await t.http().get('/admin/email-log/incoming/42');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['content-security-policy']).toBe(ADMIN_CONSOLE_CSP);
    expect(ADMIN_CONSOLE_CSP).toContain("script-src 'self'");
    expect(ADMIN_CONSOLE_CSP).not.toMatch(/unsafe|https?:/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    const html = response.text;
    expect(html).not.toMatch(/https?:\/\//);
    const scripts = scriptTags(html);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toMatch(/\bsrc="\/admin\/assets\/[^"]+\.js"/);

    const asset = /src="(\/admin\/assets\/[^"]+\.js)"/.exec(html)![1];
    const script = await t.http().get(asset);
    expect(script.status).toBe(200);
    expect(script.headers['cache-control']).toContain('immutable');
    expect((await t.http().get('/admin/assets/no-such-file.js')).status).toBe(404);
  });

  it('serves GraphiQL at /graphql to a browser with no network beyond this service', async () => {
    const response = await t.http().get('/graphql').set('Accept', 'text/html');
    expect(response.status).toBe(200);
    expect(response.text).toContain('<title>Replyline GraphQL playground</title>');
    expect(response.headers['content-security-policy']).toBe(GRAPHIQL_CSP);
    for (const tag of scriptTags(response.text)) expect(tag).toMatch(/\bsrc="\/admin\/assets\//);

    const origin = await listenForBrowser(t);
    const watched = await openWatchedPage(browser, origin);
    const { page } = watched;
    try {
      // Signed in to the console in this tab, GraphiQL starts with the admin's token in its headers.
      await page.goto('/admin');
      await page.getByLabel('API token').fill(t.adminToken);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      await page.goto('/graphql');
      const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
      await editor.waitFor();
      await editor.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText('query Who { me { username role } }');
      await page.getByRole('button', { name: /Execute query/ }).click();
      await page.locator('.graphiql-response', { hasText: '"username": "admin"' }).waitFor();
      await screenshot(page, 'graphiql');
      expect(watched.externalRequests).toEqual([]);
      expect(watched.problems).toEqual([]);
    } finally {
      await watched.context.close();
    }
  });

  it('does not serve GraphiQL when GRAPHQL_PLAYGROUND is off', async () => {
    const off = await startTestApp({ env: { GRAPHQL_PLAYGROUND: 'false' } });
    try {
      const response = await off.http().get('/graphql').set('Accept', 'text/html');
      expect(response.text).not.toContain('Replyline GraphQL playground');
      expect((await off.http().get('/admin')).status).toBe(200);
      // Refused as introspection, not as a query over the depth or cost limit.
      const introspection = await off.gql(getIntrospectionQuery(), undefined, off.adminToken);
      expect(introspection.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(introspection.errors?.[0]?.message).toMatch(/introspection is not allowed/);
    } finally {
      await off.close();
    }
  });
});
