import type { ApolloServerPlugin } from '@apollo/server';
import { NOT_BUILT } from './serve-admin-console.js';

/**
 * Apollo's landing page at GET /graphql (for browsers): GraphiQL from the web build, which loads
 * nothing from outside this service, so it works on a machine without internet access. It replaces
 * Apollo's default page, which loads its code from Apollo's CDN.
 */
export function graphiqlLandingPage(html: string | undefined): ApolloServerPlugin {
  return {
    // eslint-disable-next-line @typescript-eslint/require-await -- Apollo's hook is async
    async serverWillStart() {
      return {
        // eslint-disable-next-line @typescript-eslint/require-await -- Apollo's hook is async
        async renderLandingPage() {
          return { html: html ?? `<!doctype html><title>Not built</title><p>${NOT_BUILT}</p>` };
        },
      };
    },
  };
}
