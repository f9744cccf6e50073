import type { TopicContract } from '@winnow/types';

export type Decoded = { ok: true; value: unknown } | { ok: false; error: string };

const MAX_ISSUES = 5;

/** Parses a consumed value and validates it against its topic's contract. Never throws. */
export function decodeValue(contract: TopicContract, raw: string | null): Decoded {
  if (raw === null) {
    return contract.compacted
      ? { ok: true, value: null }
      : { ok: false, error: `tombstone on ${contract.topic}, which is not compacted` };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
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
