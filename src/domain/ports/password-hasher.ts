/** One-way password hashing (a PHC string out, constant-time verification). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False, never a throw, for a wrong password or a hash it cannot parse. */
  verify(hash: string, password: string): Promise<boolean>;
  /** True when `hash` was made with other settings than {@link hash} uses now (or cannot be read). */
  needsRehash(hash: string): boolean;
  /**
   * A hash that no password matches, made with the settings of {@link hash} (a random salt and a
   * random digest): checking a password against it is exactly the work of checking a real one, and
   * making it costs nothing. What an unknown user's password is checked against. Optional: without it
   * a hash of a random password is made once instead.
   */
  decoyHash?(): string;
}
