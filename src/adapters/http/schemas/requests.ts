import * as z from 'zod'; // its functions, not its `z` object: the bundle then holds only the parts used
import { EMAIL_MAX_LENGTH, USERNAME_MAX_LENGTH } from '../../../domain/user.js';

// These schemas check the shape of a request (which members, of which type) with the same messages the
// use-cases give; the rules on the values (trimming, character set, lengths) stay in the domain.
// The OpenAPI document is generated from them, so what is validated is what is documented.

const CREDENTIALS = 'username and password are required strings';

/** POST /register body. Members other than these are ignored. */
export const RegisterRequest = z
  .object({
    username: z.string({ error: 'username must be a string' }).meta({
      description: `Trimmed, then 1–${USERNAME_MAX_LENGTH} letters or digits of any script, or \`. _ @ + -\` (NFC-normalised, case-sensitive).`,
      example: 'ada',
    }),
    email: z
      .string({ error: 'email must be a string' })
      .nullish()
      .meta({
        description: `Optional (absent, null or blank: none). Trimmed, lower-cased, \`local@domain.tld\`, at most ${EMAIL_MAX_LENGTH} characters; unique.`,
        example: 'ada@example.com',
      }),
  })
  .meta({ id: 'RegisterRequest' });

/** POST /auth body (JSON or form). Without a username in the body, HTTP Basic credentials are read instead. */
export const AuthRequest = z
  .object({
    username: z.string({ error: CREDENTIALS }).optional().meta({ example: 'ada' }),
    password: z.string({ error: CREDENTIALS }).optional().meta({ example: '3b241101-e2bb-4255-8caf-4136c566a962' }),
  })
  .meta({ id: 'AuthRequest', description: 'Credentials; when the body names no username, HTTP Basic credentials are used.' });

/** POST /auth query string. */
export const AuthQuery = z.object({
  expired: z.string().optional().meta({
    description:
      '`true` (or `1`, `yes`, empty) signs with the most recent expired key, with `exp` in the past: a token that must fail verification.',
    example: 'true',
  }),
});

/**
 * Validates `value` against `schema`; on failure throws what the use-case would: `INVALID_INPUT` with
 * the first issue's message.
 */
export function parseRequest<T extends z.ZodType>(schema: T, value: unknown, fail: (message: string) => Error): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw fail(result.error.issues[0]?.message ?? 'invalid request');
  return result.data;
}
