import type { Clock } from '../domain/ports/clock.js';
import type { PasswordHasher } from '../domain/ports/password-hasher.js';
import type { UserRepo } from '../domain/ports/user-repo.js';
import { truncateToSecond } from '../domain/time.js';
import { parseEmail, parseUsername } from '../domain/user.js';

export interface RegisterUserDeps {
  users: UserRepo;
  hasher: PasswordHasher;
  clock: Clock;
  /** Random UUIDv4s (the generated password); defaults to the platform CSPRNG. */
  uuid?: () => string;
}

export interface RegisterUserInput {
  username: unknown;
  email?: unknown;
}

export interface Registration {
  readonly userId: number;
  readonly username: string;
  /** The generated password (a UUIDv4). Shown to the caller once; only its hash is stored. */
  readonly password: string;
}

/**
 * Registers a user under a server-generated password (UUIDv4 from a CSPRNG), storing only its hash.
 * Throws `INVALID_INPUT` for a bad username or e-mail, `USERNAME_TAKEN` / `EMAIL_TAKEN` for duplicates.
 */
export class RegisterUser {
  private readonly uuid: () => string;

  constructor(private readonly deps: RegisterUserDeps) {
    this.uuid = deps.uuid ?? (() => globalThis.crypto.randomUUID());
  }

  async execute(input: RegisterUserInput): Promise<Registration> {
    const username = parseUsername(input.username);
    const email = parseEmail(input.email);
    const password = this.uuid();
    const passwordHash = await this.deps.hasher.hash(password);
    const user = await this.deps.users.add({
      username,
      email,
      passwordHash,
      registeredAt: truncateToSecond(this.deps.clock.now()),
    });
    return { userId: user.id, username: user.username, password };
  }
}
