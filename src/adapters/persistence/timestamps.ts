/**
 * A Date as `YYYY-MM-DD HH:MM:SS` in UTC: exactly what SQLite's `CURRENT_TIMESTAMP` writes.
 * Always store this text, never a Date (knex + sqlite3 would write epoch milliseconds).
 */
export function formatTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

const TIMESTAMP_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Reads a stored timestamp (`YYYY-MM-DD HH:MM:SS`, `T` separator and fractional seconds accepted)
 * as UTC unless it names an offset. Null stays null; a Date is returned as is.
 */
export function parseTimestamp(text: string | Date | null): Date | null {
  if (text === null || text instanceof Date) return text;
  const match = TIMESTAMP_PATTERN.exec(text.trim());
  if (!match) throw new Error(`unreadable timestamp in the database: ${JSON.stringify(text)}`);
  const [, year, month, day, hour, minute, second = '00', fraction = '', zone = 'Z'] = match;
  const millis = fraction === '' ? '' : fraction.slice(0, 4).padEnd(4, '0');
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${millis}${offset}`);
  if (Number.isNaN(date.getTime())) throw new Error(`unreadable timestamp in the database: ${JSON.stringify(text)}`);
  return date;
}
