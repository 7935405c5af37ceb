/** The timing of one login attempt, started before any work is done for it. */
export interface PacedAttempt {
  /** Resolves once the attempt has taken as long as a failure always takes (at once if it already has). */
  failed(): Promise<void>;
}

/**
 * Makes every failed login take the same time, whatever work it did: an unknown user, a wrong password
 * checked against a hash with older (cheaper or dearer) settings, a disabled account.
 */
export interface FailurePacer {
  start(): PacedAttempt;
}
