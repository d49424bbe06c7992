import { HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import { Logger } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { graphiqlLandingPage } from './admin-console/graphiql-landing-page.js';
import { locateWebBuild } from './admin-console/web-build.js';
import type { AuthenticatedRequest } from './auth/auth.decorators.js';
import { INVALID_TOKEN_MESSAGE, throttledMessage } from './auth/authentication-refusal.js';
import type { RequestAuthenticator } from './auth/request-authenticator.js';
import { ErrorCode } from './common/domain.exception.js';
import { createGraphqlErrorFormatter } from './common/graphql-error-format.js';
import { queryCostPlugin } from './common/query-cost.plugin.js';
import { structuralQueryLimits } from './common/query-limits.js';
import { RequestLoaders } from './common/request-loaders.js';
import type { AppConfig } from './config/app-config.js';

/** What every resolver can read from its GraphQL context. */
export interface GraphqlContext {
  req: AuthenticatedRequest;
  loaders: RequestLoaders;
}

/**
 * Builds each request's context before the document is even parsed: the request is
 * authenticated here, once, so a bad token is refused at the cost of one lookup however many
 * fields it asks for, and every resolver finds `req.user` and the request's own loaders.
 */
async function createContext(
  req: AuthenticatedRequest,
  authenticator: RequestAuthenticator,
): Promise<GraphqlContext> {
  const authentication = await authenticator.authenticate(req);
  switch (authentication.kind) {
    case 'invalid':
      throw new GraphQLError(INVALID_TOKEN_MESSAGE, {
        extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
      });
    case 'throttled':
      throw new GraphQLError(throttledMessage(authentication.retryAfterSeconds), {
        extensions: {
          code: 'TOO_MANY_REQUESTS',
          http: {
            status: 429,
            headers: new HeaderMap([['retry-after', String(authentication.retryAfterSeconds)]]),
          },
        },
      });
    case 'user':
      req.user = authentication.user;
      break;
    case 'anonymous':
      // Introspection may be public (GRAPHQL_PLAYGROUND); every resolver still needs a user.
      break;
  }
  return { req, loaders: new RequestLoaders() };
}

export function graphqlOptions(
  config: AppConfig,
  authenticator: RequestAuthenticator,
): ApolloDriverConfig {
  const introspection = config.http.graphqlPlayground;
  const structural = structuralQueryLimits(config.graphqlLimits);
  return {
    autoSchemaFile: true,
    sortSchema: true,
    path: '/graphql',
    playground: false,
    introspection,
    plugins: [
      // No HTTP caching of GraphQL answers here; the plugin would wrap every field's resolver.
      ApolloServerPluginCacheControlDisabled(),
      ...(introspection ? [graphiqlLandingPage(locateWebBuild().graphiqlHtml)] : []),
      ...structural.plugins,
      queryCostPlugin(config.graphqlLimits),
    ],
    validationRules: structural.validationRules,
    // graphql-js stops parsing past this many tokens: the first and cheapest size limit.
    parseOptions: { maxTokens: config.graphqlLimits.maxTokens },
    allowBatchedHttpRequests: false,
    // Without introspection, "Did you mean ...?" in errors would reveal the schema it hides.
    hideSchemaDetailsFromClientErrors: !introspection,
    includeStacktraceInErrorResponses: false,
    formatError: createGraphqlErrorFormatter(new Logger('GraphQL')),
    context: ({ req }: { req: AuthenticatedRequest }) => createContext(req, authenticator),
  };
}
