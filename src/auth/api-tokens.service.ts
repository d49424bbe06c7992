import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { NotFoundException } from '../common/domain.exception.js';
import { ApiToken } from './entities/api-token.entity.js';
import { User } from './entities/user.entity.js';

const TOKEN_PREFIX = 'rl_';
// Writing last_used_at on every request would turn each read into a write; a minute is precise enough.
const LAST_USED_PRECISION_MS = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

@Injectable()
export class ApiTokensService {
  constructor(@InjectRepository(ApiToken) private readonly tokens: Repository<ApiToken>) {}

  /** Creates a token and returns it in clear, the only time it is ever visible. */
  async create(
    userId: string,
    name: string,
    token = generateToken(),
    manager: EntityManager = this.tokens.manager,
  ): Promise<{ token: string; apiToken: ApiToken }> {
    const user = await manager.findOneBy(User, { id: userId });
    if (!user) throw new NotFoundException('User', userId);
    const apiToken = await manager.save(
      manager.create(ApiToken, { userId, name, tokenHash: hashToken(token) }),
    );
    return { token, apiToken };
  }

  /** The active user a token belongs to, or null for unknown, revoked or deactivated. */
  async authenticate(token: string): Promise<User | null> {
    const found = await this.tokens
      .createQueryBuilder('token')
      .innerJoinAndMapOne('token.user', User, 'user', 'user.id = token.user_id')
      .where('token.token_hash = :hash', { hash: hashToken(token) })
      .andWhere('token.revoked_at IS NULL')
      .andWhere('user.active = true')
      .getOne();
    if (!found) return null;
    const lastUsed = found.lastUsedAt?.getTime() ?? 0;
    if (Date.now() - lastUsed > LAST_USED_PRECISION_MS) {
      await this.tokens.update({ id: found.id }, { lastUsedAt: new Date() });
    }
    return (found as ApiToken & { user: User }).user;
  }

  async revoke(id: string): Promise<ApiToken> {
    const token = await this.tokens.findOneBy({ id });
    if (!token) throw new NotFoundException('API token', id);
    if (!token.revokedAt) {
      await this.tokens.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    }
    return this.tokens.findOneByOrFail({ id });
  }

  listForUser(userId: string): Promise<ApiToken[]> {
    return this.tokens.find({ where: { userId }, order: { createdAt: 'ASC' } });
  }
}
