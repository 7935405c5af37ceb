/**
 * What of an error is safe to log: its name, code and message — with any SQL the driver put in the
 * message cut off (knex prefixes it, bindings included).
 */
export function safeError(err: unknown): { name: string; code?: string; message: string } | undefined {
  if (!(err instanceof Error)) return err === undefined ? undefined : { name: typeof err, message: 'non-error thrown' };
  const code = (err as { code?: unknown }).code;
  const message = err.message.includes(' - ') ? err.message.slice(err.message.lastIndexOf(' - ') + 3) : err.message;
  return { name: err.name, ...(typeof code === 'string' ? { code } : {}), message: message.slice(0, 300) };
}
