import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { KAFKAJS_CRC32C, nativeKafkaCrc } from './kafkajs-crc32c.js';

const require = createRequire(import.meta.url);
/** kafkajs's own byte-at-a-time CRC-32C, read from its file (signed, as kafkajs's index.js then makes unsigned). */
const jsCrc32c = require('kafkajs/src/protocol/recordBatch/crc32C/crc32C.js') as (b: Buffer) => number;

describe('kafkajs CRC-32C', () => {
  it('is the native one once the bus is imported, with kafkajs\'s own checksums', async () => {
    await import('./kafka-bus.js');
    expect(nativeKafkaCrc).toBe(true);
    const kafkaCrc = require(KAFKAJS_CRC32C) as (b: Buffer) => number;
    expect(kafkaCrc(Buffer.from('123456789'))).toBe(0xe3069283);
    for (const size of [0, 1, 7, 8, 9, 4096, 200_001]) {
      const bytes = randomBytes(size);
      expect(kafkaCrc(bytes)).toBe(jsCrc32c(bytes) >>> 0);
    }
    // A record batch as kafkajs encodes it for a produce request: its CRC field (bytes 17-20) covers the rest.
    const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as { RecordBatch: (o: object) => Promise<{ buffer: Buffer }> };
    const Record = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (o: object) => unknown;
    const value = randomBytes(300_000);
    const { buffer } = await RecordBatch({ records: [Record({ key: Buffer.from('k'), value, timestampDelta: 0, offsetDelta: 0 })] });
    expect(buffer.readUInt32BE(17)).toBe(jsCrc32c(buffer.subarray(21)) >>> 0);
  });
});
