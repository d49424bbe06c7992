import type { User } from './entities/user.entity.js';
import type { UserRole } from './user-role.enum.js';

/** The users columns, for plain-SQL reads on hot paths (token lookup, batch loading). */
export const USER_COLUMNS = (alias: string) =>
  ['id', 'username', 'email', 'display_name', 'role', 'active', 'created_at', 'updated_at']
    .map((column) => `${alias}.${column}`)
    .join(', ');

export interface UserRow {
  id: string;
  username: string;
  email: string;
  display_name: string;
  role: UserRole;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

export function userFromRow(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    active: row.active,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
