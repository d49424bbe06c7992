import { randomUUID } from 'node:crypto';
import type { GqlResponse, TestApp } from '../support/test-app.js';

export interface TracedResponse<T> extends GqlResponse<T> {
  requestId: string;
  headers: Record<string, string>;
}

/** A GraphQL request with its own `x-request-id`, so the statements it caused can be found. */
export async function tracedGql<T = Record<string, unknown>>(
  t: TestApp,
  query: string,
  variables: Record<string, unknown> | undefined,
  token: string | null,
): Promise<TracedResponse<T>> {
  const requestId = `test-${randomUUID()}`;
  let call = t
    .http()
    .post('/graphql')
    .set('Content-Type', 'application/json')
    .set('x-request-id', requestId);
  if (token) call = call.set('Authorization', `Bearer ${token}`);
  const response = await call.send({ query, variables });
  const body = response.body as { data?: T | null; errors?: GqlResponse<T>['errors'] };
  return {
    status: response.status,
    data: body.data,
    errors: body.errors,
    body: response.body,
    requestId,
    headers: response.headers,
  };
}
