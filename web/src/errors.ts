import type { CombinedError } from 'urql';

/**
 * The API's own words: the console shows a GraphQL error's message exactly as the server wrote it
 * (the product page's error texts are requirements), and says plainly when the server is not
 * reachable at all.
 */
export function errorText(error: CombinedError): string {
  const first = error.graphQLErrors[0];
  if (first) return first.message;
  if (error.networkError) return `Replyline did not answer: ${error.networkError.message}`;
  return error.message;
}

export function errorCode(error: CombinedError): string | undefined {
  const code = error.graphQLErrors[0]?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}

/** BAD_USER_INPUT carries `extensions.fields`: messages per input field. */
export function fieldErrors(error: CombinedError | undefined): Record<string, string[]> {
  const fields = error?.graphQLErrors[0]?.extensions?.fields;
  if (!fields || typeof fields !== 'object') return {};
  return fields as Record<string, string[]>;
}
