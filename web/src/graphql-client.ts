import { cacheExchange, Client, fetchExchange, mapExchange } from 'urql';
import { errorCode } from './errors';

/**
 * One urql client per sign-in: every request carries the admin's token as a Bearer header. When
 * the API answers UNAUTHENTICATED (token revoked, user deactivated) the console signs out.
 */
export function createGraphqlClient(token: string, onSignedOut: () => void): Client {
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    fetchOptions: () => ({ headers: { Authorization: `Bearer ${token}` } }),
    exchanges: [
      mapExchange({
        onError(error) {
          if (errorCode(error) === 'UNAUTHENTICATED') onSignedOut();
        },
      }),
      cacheExchange,
      fetchExchange,
    ],
  });
}
