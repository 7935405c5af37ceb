/** Longest password accepted anywhere; longer ones are refused without hashing (no hashing-cost abuse). */
export const PASSWORD_MAX_LENGTH = 1024;

/** True when `password` is a string the server will hash: 1 to {@link PASSWORD_MAX_LENGTH} characters. */
export function isAcceptablePassword(password: string): boolean {
  return password.length > 0 && password.length <= PASSWORD_MAX_LENGTH;
}
