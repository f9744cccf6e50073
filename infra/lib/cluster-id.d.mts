// Types for cluster-id.mjs (plain ESM with JSDoc, no build step).

/** A random KRaft cluster id (base64url of 16 bytes) that never starts with `-`, which the storage tool reads as an option. */
export function kafkaClusterId(): string;
