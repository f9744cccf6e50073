import { createRequire } from 'node:module';

/**
 * kafkajs (2.2.4, pinned) encodes every request through its Encoder. Two of its habits cost a large record
 * dearly:
 * - It allocates with Buffer.alloc: zero-filled, and outside Node's pool even when small.
 * - Each level of a request (record, batch body, batch, partition, topic, request, size prefix) is an Encoder
 *   of its own, and each copies the level below into a fresh buffer grown to a power of two. A 200 KB page
 *   was copied about ten times, 2.7 MB of buffers per record: every 32 MB of them made V8 run a young
 *   generation collection ("external memory pressure"), about one every 50 ms in the crawler.
 *
 * This subclass allocates with Buffer.allocUnsafe (Encoder only ever reads what it wrote: `buffer` is
 * `buf[0, offset)`, growing copies `[0, offset)`), and keeps a buffer or nested encoder of SEGMENT_MIN bytes
 * or more by reference, as a segment, instead of copying it. The bytes are joined once, when kafkajs asks for
 * `buffer` (the batch body for its CRC, the batch, the request it writes to the socket): three copies of a
 * record's value instead of ten. A written value is never changed afterwards (kafkajs re-encodes a retried
 * request from its messages; the bus hands it fresh buffers).
 *
 * It is entered as the module's exports in Node's CommonJS cache before kafkajs loads, so every
 * `require('./encoder')` gets it. As for the CRC (kafkajs-crc32c.ts): kafka-bus.ts imports this first; if
 * kafkajs was loaded earlier, its own Encoder stays.
 */
const require = createRequire(import.meta.url);

/** The file of kafkajs that exports the Encoder class. */
export const KAFKAJS_ENCODER = require.resolve('kafkajs/src/protocol/encoder.js');

/** kafkajs's Encoder, as far as this subclass uses it. */
interface KafkaEncoder {
  buf: Buffer;
  offset: number;
  ensureAvailable(length: number): void;
  writeBufferInternal(buffer: Buffer): void;
  writeInt32(value: number): this;
  writeBytes(value: unknown): this;
  writeEncoder(value: unknown): this;
  size(): number;
}
interface KafkaEncoderClass {
  new (initialSize?: number): KafkaEncoder;
  nextPowerOfTwo(value: number): number;
}

/** Bytes from which a written buffer or encoder is kept as a segment, by reference, instead of copied. */
export const SEGMENT_MIN = 8 * 1024;

/** Whether kafkajs encodes with this module's Encoder (false: kafkajs had been loaded already). */
export const unzeroedKafkaEncoder: boolean = (() => {
  if (require.cache[KAFKAJS_ENCODER]) return false;
  const Base = require(KAFKAJS_ENCODER) as KafkaEncoderClass;
  class Encoder extends Base {
    /** What was written before `buf`, in order: segments kept by reference and cut-off parts of earlier `buf`s. */
    private segments: Buffer[] = [];
    private segmentBytes = 0;

    constructor(initialSize = 511) {
      super(0);
      this.buf = Buffer.allocUnsafe(Base.nextPowerOfTwo(initialSize));
    }

    override ensureAvailable(length: number): void {
      if (this.offset + length <= this.buf.length) return;
      const grown = Buffer.allocUnsafe(Base.nextPowerOfTwo(this.offset + length));
      this.buf.copy(grown, 0, 0, this.offset);
      this.buf = grown;
    }

    /** Appends buffers by reference: what `buf` holds so far becomes a segment, and writing goes on in the rest of it. */
    private append(parts: readonly Buffer[]): void {
      if (this.offset > 0) {
        this.segments.push(this.buf.subarray(0, this.offset));
        this.segmentBytes += this.offset;
        this.buf = this.buf.subarray(this.offset);
        this.offset = 0;
      }
      for (const part of parts) {
        this.segments.push(part);
        this.segmentBytes += part.length;
      }
    }

    /** Everything written, in order, without copying. */
    private parts(): Buffer[] {
      return this.offset > 0 ? [...this.segments, this.buf.subarray(0, this.offset)] : this.segments;
    }

    override writeBufferInternal(buffer: Buffer): void {
      if (buffer.length < SEGMENT_MIN) super.writeBufferInternal(buffer);
      else this.append([buffer]);
    }

    // kafkajs's own first makes room for the whole value in `buf`, which a segment does not need.
    override writeBytes(value: unknown): this {
      if (!Buffer.isBuffer(value) || value.length < SEGMENT_MIN) return super.writeBytes(value);
      this.writeInt32(value.length);
      this.append([value]);
      return this;
    }

    // kafkajs's own (and writeEncoderArray, writeArray and writeVarIntArray through it) reads the nested
    // encoder's `buffer`, which would join its segments only to copy them again.
    override writeEncoder(value: unknown): this {
      if (!(value instanceof Encoder) || value.size() < SEGMENT_MIN) return super.writeEncoder(value);
      this.append(value.parts());
      return this;
    }

    writeEncoderArray(values: unknown[]): this {
      if (!Array.isArray(values) || values.some((v) => v == null || !Buffer.isBuffer((v as KafkaEncoder).buf))) {
        throw new Error('all values should be an instance of Encoder[]');
      }
      for (const value of values) this.writeEncoder(value);
      return this;
    }

    /** The bytes written, joined once: the encoder then holds them as one buffer. */
    get buffer(): Buffer {
      if (this.segments.length > 0) {
        this.buf = Buffer.concat(this.parts(), this.size());
        this.offset = this.buf.length;
        this.segments = [];
        this.segmentBytes = 0;
      }
      return this.buf.subarray(0, this.offset);
    }

    override size(): number {
      return this.segmentBytes + this.offset;
    }
  }
  require.cache[KAFKAJS_ENCODER]!.exports = Encoder;
  return true;
})();
