/**
 * Content-Security-Policy headers of the pages Replyline serves. Everything comes from this origin:
 * no CDN, no external fonts, no inline or evaluated scripts. A script injected into a page (say,
 * through an email subject shown in the log) could not run, load code, or send data elsewhere.
 */
const common = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];

/** The admin console: its styles are in one stylesheet, so inline styles are refused too. */
export const ADMIN_CONSOLE_CSP = [...common, "style-src 'self'"].join('; ');

/**
 * GraphiQL: its editor (Monaco) adds <style> elements at run time and runs its language services
 * in web workers loaded from this origin, so it needs inline styles and workers, nothing more.
 */
export const GRAPHIQL_CSP = [
  ...common,
  "style-src 'self' 'unsafe-inline'",
  "worker-src 'self'",
].join('; ');

/** Headers every page and asset of the console carries. */
export const PAGE_SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
} as const;
