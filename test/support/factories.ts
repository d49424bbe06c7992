import { randomBytes } from 'node:crypto';
import { ApiTokensService } from '../../src/auth/api-tokens.service.js';
import type { User } from '../../src/auth/entities/user.entity.js';
import { UserRole } from '../../src/auth/user-role.enum.js';
import { UsersService } from '../../src/auth/users.service.js';
import type { TestApp } from './test-app.js';

export interface UserWithToken {
  user: User;
  token: string;
}

/** A user with an API token, created through the real services. Names are unique per call. */
export async function createUser(
  t: TestApp,
  overrides: { role?: UserRole; username?: string; email?: string; displayName?: string } = {},
): Promise<UserWithToken> {
  const suffix = randomBytes(3).toString('hex');
  const username = overrides.username ?? `user_${suffix}`;
  const user = await t.app.get(UsersService).create({
    username,
    email: overrides.email ?? `${username}@example.test`,
    displayName: overrides.displayName ?? `User ${suffix}`,
    role: overrides.role ?? UserRole.USER,
  });
  const { token } = await t.app.get(ApiTokensService).create(user.id, 'test');
  return { user, token };
}

export const createAdmin = (t: TestApp, overrides: Parameters<typeof createUser>[1] = {}) =>
  createUser(t, { ...overrides, role: UserRole.SERVER_ADMIN });

export const createService = (t: TestApp, overrides: Parameters<typeof createUser>[1] = {}) =>
  createUser(t, { ...overrides, role: UserRole.SERVICE });
