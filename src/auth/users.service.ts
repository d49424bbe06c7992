import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { InvalidInputException, NotFoundException } from '../common/domain.exception.js';
import type { CreateUserInput } from './dto/create-user.input.js';
import type { UpdateUserInput } from './dto/update-user.input.js';
import { User } from './entities/user.entity.js';
import { UserRole } from './user-role.enum.js';
import { USER_COLUMNS, userFromRow } from './user-row.js';
import type { UserRow } from './user-row.js';

const UNIQUE_VIOLATION = '23505';

/** Users of the catalog. Other modules read users only through this service. */
@Injectable()
export class UsersService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  async create(input: CreateUserInput, manager: EntityManager = this.users.manager): Promise<User> {
    const user = manager.create(User, {
      username: input.username,
      email: input.email,
      displayName: input.displayName ?? input.username,
      role: input.role,
      active: true,
    });
    return this.saveUnique(manager, user);
  }

  async update(id: string, input: UpdateUserInput): Promise<User> {
    const user = await this.findById(id);
    Object.assign(
      user,
      Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)),
    );
    return this.saveUnique(this.users.manager, user);
  }

  async findById(id: string): Promise<User> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw new NotFoundException('User', id);
    return user;
  }

  /**
   * Plain SQL: the batch loader runs it for every page of conversations (authors, mentions). Pass
   * the caller's `manager` inside a transaction: a lookup must not need a second connection.
   */
  async findByIds(
    ids: readonly string[],
    manager: EntityManager = this.users.manager,
  ): Promise<User[]> {
    if (ids.length === 0) return [];
    const rows = await manager.query<UserRow[]>(
      `SELECT ${USER_COLUMNS('u')} FROM users u WHERE u.id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map(userFromRow);
  }

  /** Active users by username, matched case-insensitively (as mentions are written). */
  findActiveByUsernames(
    usernames: string[],
    manager: EntityManager = this.users.manager,
  ): Promise<User[]> {
    if (usernames.length === 0) return Promise.resolve([]);
    return manager
      .createQueryBuilder(User, 'user')
      .where('lower(user.username) IN (:...names)', {
        names: usernames.map((name) => name.toLowerCase()),
      })
      .andWhere('user.active = true')
      .getMany();
  }

  findActiveByEmail(email: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('user')
      .where('lower(user.email) = lower(:email)', { email })
      .andWhere('user.active = true')
      .getOne();
  }

  findActiveAdmins(manager: EntityManager = this.users.manager): Promise<User[]> {
    return manager.findBy(User, { role: UserRole.SERVER_ADMIN, active: true });
  }

  list(): Promise<User[]> {
    return this.users.find({ order: { username: 'ASC' } });
  }

  count(manager: EntityManager = this.users.manager): Promise<number> {
    return manager.count(User);
  }

  private async saveUnique(manager: EntityManager, user: User): Promise<User> {
    try {
      return await manager.save(user);
    } catch (error) {
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === UNIQUE_VIOLATION
      ) {
        const constraint = String((error.driverError as { constraint?: string }).constraint ?? '');
        const field = constraint.includes('email') ? 'email' : 'username';
        throw new InvalidInputException(`A user with this ${field} already exists`, {
          [field]: ['is already taken (compared case-insensitively)'],
        });
      }
      throw error;
    }
  }
}
