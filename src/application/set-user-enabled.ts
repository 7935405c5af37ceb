import type { Clock } from '../domain/ports/clock.js';
import type { UserRepo } from '../domain/ports/user-repo.js';
import type { UserStatus } from '../domain/ports/user-status.js';
import { requireUser } from './find-user.js';

export interface UserStatusDeps {
  users: UserRepo;
  status: UserStatus;
  clock: Clock;
}

/** What a disable or enable did. */
export interface StatusChange {
  readonly userId: number;
  /** False when the user already was in that state. */
  readonly changed: boolean;
}

/**
 * Disables a user: from now on their logins fail exactly like a wrong password (and are audited as
 * `disabled`). Tokens already issued stay valid until they expire. `NOT_FOUND` for an unknown user.
 */
export class DisableUser {
  constructor(private readonly deps: UserStatusDeps) {}

  async execute(input: { username: unknown }): Promise<StatusChange> {
    const user = await requireUser(this.deps.users, input.username);
    return { userId: user.id, changed: await this.deps.status.setDisabled(user.id, this.deps.clock.now()) };
  }
}

/** Enables a disabled user again. `NOT_FOUND` for an unknown user. */
export class EnableUser {
  constructor(private readonly deps: Omit<UserStatusDeps, 'clock'>) {}

  async execute(input: { username: unknown }): Promise<StatusChange> {
    const user = await requireUser(this.deps.users, input.username);
    return { userId: user.id, changed: await this.deps.status.setDisabled(user.id, null) };
  }
}
