/** One-way password hashing (a PHC string out, constant-time verification). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False, never a throw, for a wrong password or a hash it cannot parse. */
  verify(hash: string, password: string): Promise<boolean>;
  /** True when `hash` was made with other settings than {@link hash} uses now (or cannot be read). */
  needsRehash(hash: string): boolean;
}
