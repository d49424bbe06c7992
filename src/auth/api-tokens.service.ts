import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { NotFoundException } from '../common/domain.exception.js';
import { ApiToken } from './entities/api-token.entity.js';
import { User } from './entities/user.entity.js';
import { FailedTokenGate } from './failed-token-gate.js';
import { USER_COLUMNS, userFromRow } from './user-row.js';
import type { UserRow } from './user-row.js';

const TOKEN_PREFIX = 'rl_';
// Writing last_used_at on every request would turn each read into a write; a minute is precise enough.
const LAST_USED_PRECISION_MS = 60_000;

export type TokenCheck = { ok: true; user: User } | { ok: false; permanent: boolean };

const TOKEN_LOOKUP = `
  SELECT t.id AS token_id, t.last_used_at, t.revoked_at, ${USER_COLUMNS('u')}
    FROM api_tokens t JOIN users u ON u.id = t.user_id
   WHERE t.token_hash = $1`;

interface TokenRow extends UserRow {
  token_id: string;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

@Injectable()
export class ApiTokensService {
  constructor(
    @InjectRepository(ApiToken) private readonly tokens: Repository<ApiToken>,
    private readonly gate: FailedTokenGate,
  ) {}

  /** Creates a token and returns it in clear, the only time it is ever visible. */
  async create(
    userId: string,
    name: string,
    token = generateToken(),
    manager: EntityManager = this.tokens.manager,
  ): Promise<{ token: string; apiToken: ApiToken }> {
    const user = await manager.findOneBy(User, { id: userId });
    if (!user) throw new NotFoundException('User', userId);
    const tokenHash = hashToken(token);
    const apiToken = await manager.save(manager.create(ApiToken, { userId, name, tokenHash }));
    this.gate.forget(tokenHash);
    return { token, apiToken };
  }

  /**
   * Looks a token up: one indexed query, plain SQL because every request runs it. Says whether a
   * failure is permanent (unknown or revoked), which the caller may remember, or could change
   * (the user is deactivated today and may be reactivated tomorrow).
   */
  async check(token: string): Promise<TokenCheck> {
    const [row] = await this.tokens.manager.query<TokenRow[]>(TOKEN_LOOKUP, [hashToken(token)]);
    if (!row || row.revoked_at !== null) return { ok: false, permanent: true };
    if (!row.active) return { ok: false, permanent: false };
    if (Date.now() - (row.last_used_at?.getTime() ?? 0) > LAST_USED_PRECISION_MS) {
      await this.tokens.update({ id: row.token_id }, { lastUsedAt: new Date() });
    }
    return { ok: true, user: userFromRow(row) };
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
