import type { FieldMiddleware, MiddlewareContext, NextFn } from '@nestjs/graphql';
import type { AuthenticatedRequest } from './auth.decorators.js';
import type { User } from './entities/user.entity.js';
import { UserRole } from './user-role.enum.js';

export const PRIVATE_USER_FIELD_NOTE =
  'Visible to Server Admins and to the user themself; null for everyone else.';

/**
 * Least disclosure: a user's email, role, active flag and timestamps are for Server Admins and
 * for the user themself. Everyone else, wherever a User appears (authors, mentions, assignees),
 * sees id, username and display name, and null here, so that no query lists who the admins are
 * or everyone's address.
 */
export const selfOrAdminOnly: FieldMiddleware = (
  { source, context }: MiddlewareContext<User, { req?: AuthenticatedRequest }>,
  next: NextFn,
) => {
  const viewer = context.req?.user;
  if (viewer && (viewer.role === UserRole.SERVER_ADMIN || viewer.id === source.id)) return next();
  return null;
};
