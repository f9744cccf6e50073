import { createRequire, Module } from 'node:module';

/**
 * kafkajs (2.2.4, pinned) checksums every record batch it produces with CRC-32C in JavaScript, a byte at a
 * time, about 3 ms per MB: a crawler publishing 200 KB pages spent ~8 % of its CPU there. This module enters a
 * native CRC-32C (@node-rs/crc32, ~10x faster) in Node's CommonJS module cache under the file kafkajs
 * requires for it, so kafkajs loads that instead. It must run before kafkajs is loaded: kafka-bus.ts imports
 * it first. If kafkajs was loaded earlier, or the native module is missing for this platform, kafkajs keeps
 * its own (the same checksums, slower). The broker verifies every batch's CRC, so a wrong one fails the
 * publish (CORRUPT_MESSAGE) rather than passing unnoticed.
 */
const require = createRequire(import.meta.url);

/** The file of kafkajs that exports `buffer => unsigned CRC-32C`. */
export const KAFKAJS_CRC32C = require.resolve('kafkajs/src/protocol/recordBatch/crc32C/index.js');

function nativeCrc32c(): ((buffer: Buffer) => number) | null {
  try {
    const { crc32c } = require('@node-rs/crc32') as { crc32c: (input: Buffer, initial?: number) => number };
    return (buffer) => crc32c(buffer);
  } catch {
    return null;
  }
}

/** Whether kafkajs checksums with the native CRC-32C (false: it had been loaded already, or no binding). */
export const nativeKafkaCrc: boolean = (() => {
  if (require.cache[KAFKAJS_CRC32C]) return false;
  const crc = nativeCrc32c();
  if (!crc) return false;
  const mod = new Module(KAFKAJS_CRC32C);
  mod.filename = KAFKAJS_CRC32C;
  mod.loaded = true;
  mod.exports = crc;
  require.cache[KAFKAJS_CRC32C] = mod;
  return true;
})();
