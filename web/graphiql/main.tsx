import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './graphiql.css';
import { GraphiQL } from 'graphiql';
import { buildSchema } from 'graphql';
import type { ComponentProps } from 'react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import schemaSdl from '../../schema.graphql?raw';
import { readSessionToken } from '../src/auth/session-token';

type Fetcher = ComponentProps<typeof GraphiQL>['fetcher'];

/** Plain POST to this service's /graphql with the headers typed into GraphiQL's Headers tab. */
const fetcher: Fetcher = async (params, options) => {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...options?.headers },
    body: JSON.stringify(params),
  });
  return response.json() as Promise<Record<string, unknown>>;
};

// The admin console keeps its token in this tab's sessionStorage; reuse it so that a signed-in
// admin can query at once. Others paste theirs into the Headers tab.
const token = readSessionToken();
const defaultHeaders = token
  ? JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2)
  : JSON.stringify({ Authorization: 'Bearer rl_...' }, null, 2);

// The committed schema (a test keeps it equal to the server's) is built in, so the page needs no
// introspection round trip: the editor completes and documents fields before any token is entered.
const schema = buildSchema(schemaSdl);

createRoot(document.getElementById('graphiql')!).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} schema={schema} defaultHeaders={defaultHeaders} />
  </StrictMode>,
);
