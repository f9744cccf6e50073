import { ReadModelError, READ_MODEL_ERRORS } from './read-model-errors.js';

/**
 * Keyset pagination cursor: the last row's position, opaque to clients (base64url JSON) so the
 * ordering key can change without breaking the API's contract.
 */
export function encodeCursor(seq: string): string {
  return Buffer.from(JSON.stringify({ v: 1, s: seq }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'v' in parsed && 's' in parsed) {
      const { v, s } = parsed;
      if (v === 1 && typeof s === 'string' && /^\d{1,19}$/.test(s)) return s;
    }
  } catch {
    // fall through: malformed base64 or JSON is the client's error, reported below
  }
  throw new ReadModelError(READ_MODEL_ERRORS.invalidCursor, 'cursor is not one this API returned');
}
