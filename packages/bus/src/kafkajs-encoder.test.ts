import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { KAFKAJS_ENCODER, SEGMENT_MIN, unzeroedKafkaEncoder } from './kafkajs-encoder.js';

const require = createRequire(import.meta.url);

interface Encoder {
  writeInt8(v: number): Encoder;
  writeInt32(v: number): Encoder;
  writeString(v: string): Encoder;
  writeVarIntBytes(v: Buffer): Encoder;
  writeBytes(v: Buffer | string | null): Encoder;
  writeEncoder(e: Encoder): Encoder;
  writeEncoderArray(e: Encoder[]): Encoder;
  writeArray(a: unknown[], type?: string): Encoder;
  size(): number;
  buffer: Buffer;
}
type EncoderClass = new (initialSize?: number) => Encoder;

/**
 * The same writes as kafkajs makes for a request: small fields, strings, large values, nested encoders (one of
 * them read as `buffer` before it is nested, as the batch body is for its CRC), arrays of encoders, and writes
 * after a read.
 */
function encode(E: EncoderClass, value: Buffer): Buffer {
  const record = new E().writeInt8(0).writeVarIntBytes(value).writeString('header 키');
  const other = new E().writeBytes(value).writeInt8(1);
  const body = new E().writeInt32(2).writeArray([record, other], 'object');
  const batch = new E().writeInt32(body.buffer.length).writeEncoder(body).writeEncoderArray([new E().writeInt8(3), record]);
  const partition = new E(3).writeInt32(7).writeBytes(batch.buffer).writeArray(['a', 'bb', 'ccc']).writeArray([record]);
  const request = new E().writeInt32(42).writeString('topic').writeEncoder(partition).writeEncoder(new E());
  const sized = new E().writeInt32(request.size()).writeEncoder(request);
  expect(sized.size()).toBe(sized.buffer.length);
  return sized.writeString('after').buffer;
}

describe('kafkajs Encoder', () => {
  it('is this module\'s once the bus is imported, and writes exactly what kafkajs\'s own writes', async () => {
    await import('./kafka-bus.js');
    expect(unzeroedKafkaEncoder).toBe(true);
    const Unzeroed = require(KAFKAJS_ENCODER) as EncoderClass;
    const Own = Object.getPrototypeOf(Unzeroed) as EncoderClass;
    expect(Own).not.toBe(Unzeroed);
    // Dirty the pool and the heap, so that a byte the unzeroed Encoder failed to write would show.
    for (let i = 0; i < 64; i++) Buffer.allocUnsafe(2048 + i).fill(0xa5);
    for (const size of [0, 1, 500, 511, 512, 4096, SEGMENT_MIN - 1, SEGMENT_MIN, 70_000, 300_000]) {
      const value = randomBytes(size);
      expect(encode(Unzeroed, value).equals(encode(Own, value))).toBe(true);
    }
  });

  it('encodes record batches that kafkajs decodes back', async () => {
    await import('./kafka-bus.js');
    const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as { RecordBatch: (o: object) => Promise<{ buffer: Buffer }> };
    const Record = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (o: object) => unknown;
    const Decoder = require('kafkajs/src/protocol/decoder.js') as new (b: Buffer) => unknown;
    const decodeBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder.js') as (d: unknown) => Promise<{ records: Array<{ key: Buffer; value: Buffer }> }>;
    const values = [randomBytes(300_000), Buffer.from('small'), randomBytes(5000)];
    const records = values.map((value, i) => Record({ key: Buffer.from(`k${i}`), value, timestampDelta: 0, offsetDelta: i }));
    const { buffer } = await RecordBatch({ records });
    const decoded = await decodeBatch(new Decoder(buffer));
    expect(decoded.records.map((r) => r.value.equals(values[decoded.records.indexOf(r)]!))).toEqual([true, true, true]);
    expect(decoded.records.map((r) => r.key.toString())).toEqual(['k0', 'k1', 'k2']);
  });
});
