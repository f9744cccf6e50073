import { DEDUP_ERRORS, DedupError } from '@winnow/dedup';

/** Namespace key prefix: every key of one index starts with it. */
export function keyPrefix(namespace: string): string {
  if (typeof namespace !== 'string' || !/^[\w.-]{1,64}$/.test(namespace)) {
    throw new DedupError(DEDUP_ERRORS.invalidNamespace, `invalid dedup namespace: ${String(namespace)}`);
  }
  return `winnow:dedup:${namespace}:`;
}
