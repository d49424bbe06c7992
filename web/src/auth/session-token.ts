// The API token lives in sessionStorage: it survives a reload but not the closing of the tab, and
// no other site can read it. It is sent only as a Bearer header, never in a URL.
const KEY = 'replyline.adminToken';

export function readSessionToken(): string | null {
  return window.sessionStorage.getItem(KEY);
}

export function storeSessionToken(token: string): void {
  window.sessionStorage.setItem(KEY, token);
}

export function clearSessionToken(): void {
  window.sessionStorage.removeItem(KEY);
}
