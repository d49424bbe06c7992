import { Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { ApiTokensService } from './api-tokens.service.js';
import { UsersService } from './users.service.js';
import { UserRole } from './user-role.enum.js';

/**
 * On first start with an empty database, creates the Server Admin `admin` and its token, so that a
 * new installation can be configured at all. The token is ADMIN_TOKEN when set; otherwise a new
 * one, printed once.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Bootstrap');

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly apiTokens: ApiTokensService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const created = await this.dataSource.transaction(async (manager) => {
      // Two replicas starting together on an empty database must not both create an admin.
      await manager.query('LOCK TABLE users IN EXCLUSIVE MODE');
      if ((await this.users.count(manager)) > 0) return undefined;
      const admin = await this.users.create(
        {
          username: 'admin',
          email: this.config.bootstrap.adminEmail,
          displayName: 'Server Admin',
          role: UserRole.SERVER_ADMIN,
        },
        manager,
      );
      return this.apiTokens.create(
        admin.id,
        'bootstrap',
        this.config.bootstrap.adminToken,
        manager,
      );
    });
    if (!created) return;
    if (this.config.bootstrap.adminToken) {
      this.logger.log('Created the Server Admin "admin"; its token is the ADMIN_TOKEN you set.');
    } else {
      // Deliberately printed in clear, once: it is the only way into a new installation.
      process.stdout.write(
        `\n  Created the Server Admin "admin". Its API token (shown only this once):\n\n    ${created.token}\n\n` +
          `  Use it as "Authorization: Bearer <token>" in the GraphQL playground at ${this.config.http.publicUrl}/graphql\n\n`,
      );
    }
  }
}
