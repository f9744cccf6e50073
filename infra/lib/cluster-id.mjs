// A KRaft cluster id for a new broker; exported as @winnow/infra/cluster-id for the test containers.
import { randomBytes } from 'node:crypto';

/**
 * 16 random bytes in base64url (what `kafka-storage.sh random-uuid` prints), never starting with `-`: the storage
 * tool's argument parser would read such an id as an option and refuse to format, and the broker would not start
 * (1 id in 64).
 * @returns {string}
 */
export function kafkaClusterId() {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
