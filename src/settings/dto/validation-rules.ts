// Shared rules for the reply-by-email inputs. Kept as data so the messages read the same in
// every input that uses them.
export const HOST_NAME =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^\d{1,3}(?:\.\d{1,3}){3}$|^\[[0-9A-Fa-f:.]+\]$/;
export const HOST_NAME_MESSAGE =
  'must be a host name or IP address, without spaces, scheme or port (for example imap.example.com)';

export const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

// A directory's GUID, or one of its verified domains such as contoso.onmicrosoft.com.
export const TENANT_ID = new RegExp(
  `${GUID.source}|^(?=.{4,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$`,
);
