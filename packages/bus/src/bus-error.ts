/** A fault in how the bus was used (unknown topic, tombstone on a non-compacted topic): retrying cannot fix it. */
export class BusError extends Error {
  override readonly name = 'BusError';

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Stable codes for errors the bus throws to its callers (BUS_ERRORS in bus.ts covers dead-lettered messages). */
export const BUS_USAGE_ERRORS = {
  unknownTopic: 'WINNOW_ERR_UNKNOWN_TOPIC',
  tombstoneNotAllowed: 'WINNOW_ERR_TOMBSTONE_NOT_ALLOWED',
  invalidKey: 'WINNOW_ERR_INVALID_KEY',
  busStopped: 'WINNOW_ERR_BUS_STOPPED',
} as const;
