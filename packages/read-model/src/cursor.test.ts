import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.js';
import { READ_MODEL_ERRORS } from './read-model-errors.js';

describe('cursor', () => {
  it('round-trips a position without exposing it as plain text', () => {
    const c = encodeCursor('12345');
    expect(c).not.toContain('12345');
    expect(decodeCursor(c)).toBe('12345');
  });

  it('rejects a tampered or foreign cursor with a stable code', () => {
    for (const bad of ['nope', encodeCursor('1').slice(3), Buffer.from('{"v":1,"s":"1;drop"}').toString('base64url')]) {
      expect(() => decodeCursor(bad)).toThrowError(expect.objectContaining({ code: READ_MODEL_ERRORS.invalidCursor }));
    }
  });
});
