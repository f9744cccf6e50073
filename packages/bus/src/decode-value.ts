import type { TopicContract } from '@winnow/types';
import { jsonParseBytes } from './json-parse-bytes.js';
import { withDecodedText } from './utf8-text.js';

export type Decoded = { ok: true; value: unknown } | { ok: false; error: string };

const MAX_ISSUES = 5;

/** A value's text; bytes are read as UTF-8, replacing what is not, as Buffer.toString reads them. */
export function valueText(value: string | Uint8Array): string {
  return typeof value === 'string' ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
}

/**
 * Parses a consumed value (JSON text or its UTF-8 bytes) and validates it against its topic's contract. Never
 * throws. `decoded`: the value decodeEmitted made at publish time (ConsumedRecord.emitted), taken as is.
 */
export function decodeValue(contract: TopicContract, raw: string | Uint8Array | null, decoded?: unknown): Decoded {
  if (raw === null) {
    return contract.compacted
      ? { ok: true, value: null }
      : { ok: false, error: `tombstone on ${contract.topic}, which is not compacted` };
  }
  if (decoded !== undefined) return { ok: true, value: decoded };
  let json: unknown;
  try {
    json = typeof raw === 'string' ? JSON.parse(raw) : jsonParseBytes(raw);
  } catch (err) {
    return { ok: false, error: `value is not JSON: ${(err as Error).message}` };
  }
  const parsed = contract.schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues
    .slice(0, MAX_ISSUES)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`);
  const more = parsed.error.issues.length - issues.length;
  return { ok: false, error: `invalid ${contract.topic} message: ${issues.join('; ')}${more > 0 ? `; and ${more} more` : ''}` };
}

/**
 * What a consumer in the same process would decode from an emitted value, without its JSON text: the
 * schema copies every object and array it validates, so later changes to the emitted value do not reach
 * it, as they would not reach the published text; a Utf8Text member is decoded. Undefined when the value breaks the contract (the
 * consumer then parses the text and dead-letters it, as it would any invalid record).
 */
export function decodeEmitted(contract: TopicContract, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  const parsed = contract.schema.safeParse(withDecodedText(value));
  return parsed.success ? parsed.data : undefined;
}
