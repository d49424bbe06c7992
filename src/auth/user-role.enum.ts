import { registerEnumType } from '@nestjs/graphql';

export enum UserRole {
  SERVER_ADMIN = 'SERVER_ADMIN',
  USER = 'USER',
  /** Internal catalog services (exports, scheduled queries, ...) that publish events. */
  SERVICE = 'SERVICE',
}

registerEnumType(UserRole, { name: 'UserRole' });
