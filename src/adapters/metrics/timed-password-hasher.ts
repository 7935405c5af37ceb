import type { Histogram } from 'prom-client';
import type { PasswordHasher } from '../../domain/ports/password-hasher.js';

/** A {@link PasswordHasher} decorator that times every hash and verification into a histogram. */
export class TimedPasswordHasher implements PasswordHasher {
  constructor(
    private readonly inner: PasswordHasher,
    private readonly duration: Histogram<'operation'>,
  ) {}

  async hash(password: string): Promise<string> {
    const end = this.duration.startTimer({ operation: 'hash' });
    try {
      return await this.inner.hash(password);
    } finally {
      end();
    }
  }

  async verify(hash: string, password: string): Promise<boolean> {
    const end = this.duration.startTimer({ operation: 'verify' });
    try {
      return await this.inner.verify(hash, password);
    } finally {
      end();
    }
  }

  needsRehash(hash: string): boolean {
    return this.inner.needsRehash(hash);
  }

  get decoyHash(): (() => string) | undefined {
    return this.inner.decoyHash?.bind(this.inner);
  }
}
