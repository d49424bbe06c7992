import type { CombinedError } from 'urql';
import { errorText } from '../errors';

/**
 * Live regions for the outcome of an action: errors are announced at once (role="alert"),
 * successes politely (role="status"). The regions stay in the page even when empty, so that
 * screen readers announce what later appears in them.
 */
export function ErrorMessage({
  id,
  error,
}: {
  id?: string;
  error: CombinedError | string | undefined;
}) {
  const text = typeof error === 'string' ? error : error ? errorText(error) : '';
  return (
    <p id={id} role="alert" className={text ? 'message error' : 'message empty'}>
      {text}
    </p>
  );
}

export function StatusMessage({ id, text }: { id?: string; text: string | undefined }) {
  return (
    <p id={id} role="status" className={text ? 'message ok' : 'message empty'}>
      {text ?? ''}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return <p className="loading">Loading {what}…</p>;
}
