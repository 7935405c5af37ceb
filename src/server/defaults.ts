/** Where the SQLite database lives by default: the file name the course's client reads. */
export const DEFAULT_SQLITE_PATH = 'totally_not_my_privateKeys.db';
