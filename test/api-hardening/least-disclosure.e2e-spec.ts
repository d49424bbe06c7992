import { createAdmin, createService, createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

const PRIVATE = 'email role active createdAt updatedAt';
const USER_FIELDS = `id username displayName ${PRIVATE}`;

interface UserView {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  role: string | null;
  active: boolean | null;
  createdAt: string | null;
  updatedAt: string | null;
}

const hidden = { email: null, role: null, active: null, createdAt: null, updatedAt: null };

describe("least disclosure: other users' private fields are for Server Admins and themselves", () => {
  let t: TestApp;
  let admin: UserWithToken;
  let service: UserWithToken;
  let ana: UserWithToken;
  let bruno: UserWithToken;
  let conversationId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createAdmin(t, { username: 'boss' });
    service = await createService(t, { username: 'svc' });
    ana = await createUser(t, { username: 'ana' });
    bruno = await createUser(t, { username: 'bruno' });
    const created = await t.gql<{ createConversation: { id: string } }>(
      `mutation { createConversation(input: { title: "Totals", subjectRef: "table:1", body: "Hello" }) { id } }`,
      undefined,
      ana.token,
    );
    conversationId = created.data!.createConversation.id;
    const assigned = await t.gql(
      'mutation($c: ID!, $u: ID!) { assignConversation(conversationId: $c, assigneeId: $u) { id } }',
      { c: conversationId, u: bruno.user.id },
      ana.token,
    );
    expect(assigned.errors).toBeUndefined();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("does not show a USER the email and role of the admin and service accounts they mention (the issue's probe)", async () => {
    const { data, errors } = await t.gql<{ addPost: { mentionedUsers: UserView[] } }>(
      `mutation($c: ID!) { addPost(conversationId: $c, body: "hi @boss @svc @bruno @ana") {
        mentionedUsers { ${USER_FIELDS} } } }`,
      { c: conversationId },
      ana.token,
    );
    expect(errors).toBeUndefined();
    const byName = new Map(data!.addPost.mentionedUsers.map((user) => [user.username, user]));
    for (const other of [admin, service, bruno]) {
      expect(byName.get(other.user.username)).toEqual({
        id: other.user.id,
        username: other.user.username,
        displayName: other.user.displayName,
        ...hidden,
      });
    }
    // Her own record is hers to see.
    expect(byName.get('ana')).toMatchObject({ email: ana.user.email, role: 'USER', active: true });
    expect(JSON.stringify(data)).not.toMatch(/boss@|svc@|bruno@|SERVER_ADMIN|SERVICE/);
  });

  it('hides them on every User a conversation exposes: creator, assignee, authors, mentions', async () => {
    const query = `query($c: ID!) { conversation(id: $c) {
      createdBy { ${USER_FIELDS} } assignee { ${USER_FIELDS} }
      posts { author { ${USER_FIELDS} } mentionedUsers { ${USER_FIELDS} } } } }`;
    interface View {
      conversation: {
        createdBy: UserView;
        assignee: UserView;
        posts: Array<{ author: UserView; mentionedUsers: UserView[] }>;
      };
    }
    const asBruno = await t.gql<View>(query, { c: conversationId }, bruno.token);
    expect(asBruno.errors).toBeUndefined();
    const seen = asBruno.data!.conversation;
    const users = [
      seen.createdBy,
      seen.assignee,
      ...seen.posts.flatMap((post) => [post.author, ...post.mentionedUsers]),
    ];
    expect(users.length).toBeGreaterThanOrEqual(7);
    for (const user of users) {
      if (user.id === bruno.user.id) expect(user.email).toBe(bruno.user.email);
      else expect(user).toMatchObject(hidden);
    }

    // A Server Admin sees everything, on the same query.
    const asAdmin = await t.gql<View>(query, { c: conversationId }, admin.token);
    expect(asAdmin.data!.conversation.createdBy).toMatchObject({
      email: ana.user.email,
      role: 'USER',
      active: true,
    });
    expect(asAdmin.data!.conversation.assignee.email).toBe(bruno.user.email);
  });

  it('still shows a user their own record through me', async () => {
    const { data } = await t.gql<{ me: UserView }>(
      `{ me { ${USER_FIELDS} } }`,
      undefined,
      bruno.token,
    );
    expect(data?.me).toMatchObject({ email: bruno.user.email, role: 'USER', active: true });
    expect(data?.me.createdAt).not.toBeNull();
  });
});
