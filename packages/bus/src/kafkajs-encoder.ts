import { createRequire } from 'node:module';

/**
 * kafkajs (2.2.4, pinned) encodes every request through its Encoder, which allocates each buffer with
 * Buffer.alloc: zero-filled, and outside Node's pool even when small. A request is many small encoders (a
 * header, each record, each partition), and a page's record grows to 256 KB that are zeroed and then
 * overwritten; memset was ~2 % of the crawler's CPU. Encoder only ever reads what it wrote (`buffer` is
 * `buf[0, offset)`, growing copies `[0, offset)`), so this subclass allocates with Buffer.allocUnsafe (small
 * buffers from Node's pool, large ones not zeroed) and is entered as the module's exports in Node's CommonJS
 * cache before kafkajs loads, so every `require('./encoder')` gets it. As for the CRC (kafkajs-crc32c.ts):
 * kafka-bus.ts imports this first; if kafkajs was loaded earlier, its own Encoder stays.
 */
const require = createRequire(import.meta.url);

/** The file of kafkajs that exports the Encoder class. */
export const KAFKAJS_ENCODER = require.resolve('kafkajs/src/protocol/encoder.js');

/** kafkajs's Encoder, as far as this subclass uses it. */
interface KafkaEncoder {
  buf: Buffer;
  offset: number;
  ensureAvailable(length: number): void;
}
interface KafkaEncoderClass {
  new (initialSize?: number): KafkaEncoder;
  nextPowerOfTwo(value: number): number;
}

/** Whether kafkajs encodes with the unzeroed Encoder (false: kafkajs had been loaded already). */
export const unzeroedKafkaEncoder: boolean = (() => {
  if (require.cache[KAFKAJS_ENCODER]) return false;
  const Base = require(KAFKAJS_ENCODER) as KafkaEncoderClass;
  class Encoder extends Base {
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
  }
  require.cache[KAFKAJS_ENCODER]!.exports = Encoder;
  return true;
})();
