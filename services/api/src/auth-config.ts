import { z } from 'zod';
import { parseApiKeys } from './auth.js';

/** API key settings, shared by the api process and `winnow start`. */
export const apiAuthSettings = {
  /** Comma-separated `sha256:<hex of token>:<scopes>` entries (`winnow keys new`); unset or empty = open API. */
  WINNOW_API_KEYS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return undefined;
      try {
        return parseApiKeys(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  /** Requests one API key may make per minute (an open API has no limit). */
  WINNOW_API_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(600),
};
