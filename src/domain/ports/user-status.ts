/** Whether accounts may log in. Kept apart from the users table, whose columns are fixed. */
export interface UserStatus {
  /** When the user was disabled, or null when enabled (the default for every user). */
  disabledAt(userId: number): Promise<Date | null>;
  /** Disables (`at`) or enables (`null`) a user. True when that changed anything. */
  setDisabled(userId: number, at: Date | null): Promise<boolean>;
  /** Every disabled user's id and since when. */
  allDisabled(): Promise<Map<number, Date>>;
}
