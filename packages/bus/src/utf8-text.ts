import { isUtf8 } from 'node:buffer';

/**
 * A message's text field held as its UTF-8 bytes: the crawler's page body, fetched as well-formed UTF-8. The
 * bus writes the bytes into the message's JSON as they are (jsonBytes), so the page is never decoded into a
 * string only to be encoded back: on a 200 KB page that string is a V8 large object (a fresh memory mapping,
 * about 0.8 ms on a virtual machine) and its decoding about 1.3 ms more. Anything else that serializes it
 * (JSON.stringify, toJSON) or reads it in the same process (decodeEmitted) gets the decoded string.
 */
export class Utf8Text {
  private constructor(readonly bytes: Buffer) {}

  /** The bytes as a Utf8Text, or null when they are not well-formed UTF-8 (they must then be decoded, replacing). */
  static of(bytes: Uint8Array): Utf8Text | null {
    return isUtf8(bytes) ? new Utf8Text(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) : null;
  }

  toJSON(): string {
    return this.bytes.toString('utf8');
  }

  toString(): string {
    return this.toJSON();
  }
}

/**
 * A Utf8Text in a message field the topic's contract types as a string. Only for a value handed straight to
 * the bus (an Emit's value): the bus writes it as text, and an in-process consumer receives the string.
 */
export const asTextField = (text: Utf8Text): string => text as unknown as string;

/** An object's members with every Utf8Text decoded, as a consumer of its JSON would read them (the object itself when it has none). */
export function withDecodedText(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const members = Object.entries(value);
  if (!members.some(([, m]) => m instanceof Utf8Text)) return value;
  return Object.fromEntries(members.map(([k, m]) => [k, m instanceof Utf8Text ? m.toJSON() : m]));
}
