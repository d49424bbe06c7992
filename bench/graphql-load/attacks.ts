/**
 * The attack queries of issue 13, as four clients send them during the attack run: each client
 * cycles through all of them as fast as the service answers. `token` says whose token is sent.
 */
export interface Attack {
  name: string;
  token: 'attacker' | 'made-up' | 'random';
  /** The raw JSON body (some are not what JSON.stringify of a value could produce cheaply). */
  body: string;
}

const repeat = (count: number, make: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => make(i)).join(' ');
const query = (text: string, variables?: unknown) => JSON.stringify({ query: text, variables });
const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export const ATTACKS: Attack[] = [
  {
    name: '100 aliases of posts on a page of 200',
    token: 'attacker',
    body: query(
      `{ conversations(first: 200) { nodes { ${repeat(100, (i) => `p${i}: posts { id }`)} } } }`,
    ),
  },
  {
    name: 'made-up token, 800 aliases of me',
    token: 'made-up',
    body: query(`{ ${repeat(800, (i) => `m${i}: me { username }`)} }`),
  },
  {
    name: 'a new random token each time, 15 aliases of me',
    token: 'random',
    body: query(`{ ${repeat(15, (i) => `m${i}: me { username }`)} }`),
  },
  {
    name: 'the heaviest page the limits allow: 15 aliases of posts with authors, first 50',
    token: 'attacker',
    body: query(
      `{ conversations(first: 50) { nodes { ${repeat(
        15,
        (i) => `p${i}: posts { id body author { id username displayName } }`,
      )} } } }`,
    ),
  },
  {
    name: 'cost through a variable: first $n = 200 with 15 aliases',
    token: 'attacker',
    body: query(
      `query($n: Int!) { conversations(first: $n) { nodes { ${repeat(15, (i) => `p${i}: posts { author { id } }`)} } } }`,
      { n: 200 },
    ),
  },
  {
    name: 'NUL characters in a new conversation',
    token: 'attacker',
    body: query(
      'mutation($input: CreateConversationInput!) { createConversation(input: $input) { id } }',
      { input: { title: 'a\u0000', subjectRef: 'table:\u0000', body: 'b\u0000' } },
    ),
  },
  {
    name: 'a valid-base64 cursor with a bad date',
    token: 'attacker',
    body: query(
      'query($after: String) { conversations(first: 5, after: $after) { nodes { id } } }',
      {
        after: cursor({ at: '2024-13-45T99:00:00Z', id: 'x' }),
      },
    ),
  },
  {
    name: 'a JSON payload nested 200,000 deep',
    token: 'attacker',
    body: `{"query":"mutation($p: JSON!) { publishEvent(input: { type: \\"system_health\\", payload: $p }) { recipientCount } }","variables":{"p":{"d":${'['.repeat(200_000)}${']'.repeat(200_000)}}}}`,
  },
];
