import { DomainError } from '../domain/errors.js';
import type { UserRepo } from '../domain/ports/user-repo.js';
import { parseUsername, type User } from '../domain/user.js';

/** The user named `raw`; `INVALID_INPUT` for a name that cannot exist, `NOT_FOUND` for one that does not. For operator use-cases. */
export async function requireUser(users: UserRepo, raw: unknown): Promise<User> {
  const user = await users.findByUsername(parseUsername(raw));
  if (!user) throw new DomainError('NOT_FOUND', 'no such user');
  return user;
}
