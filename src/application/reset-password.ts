import type { PasswordHasher } from '../domain/ports/password-hasher.js';
import type { UserRepo } from '../domain/ports/user-repo.js';
import { requireUser } from './find-user.js';

export interface ResetPasswordDeps {
  users: UserRepo;
  hasher: PasswordHasher;
  /** Random UUIDv4s (the new password); defaults to the platform CSPRNG. */
  uuid?: () => string;
}

/**
 * Gives a user a new generated password (a UUIDv4, returned once; only its hash is stored). The old
 * password stops working at once; tokens issued with it stay valid until they expire (they are
 * self-contained JWTs: nothing revokes them). `NOT_FOUND` for an unknown user.
 */
export class ResetPassword {
  private readonly uuid: () => string;

  constructor(private readonly deps: ResetPasswordDeps) {
    this.uuid = deps.uuid ?? (() => globalThis.crypto.randomUUID());
  }

  async execute(input: { username: unknown }): Promise<{ userId: number; password: string }> {
    const user = await requireUser(this.deps.users, input.username);
    const password = this.uuid();
    await this.deps.users.updatePasswordHash(user.id, await this.deps.hasher.hash(password));
    return { userId: user.id, password };
  }
}
