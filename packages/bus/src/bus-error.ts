/**
 * A fault in how the bus was used (unknown topic, tombstone on a non-compacted topic, a record Kafka refuses):
 * retrying cannot fix it. `code` is one of BUS_ERRORS.
 */
export class BusError extends Error {
  override readonly name = 'BusError';

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
