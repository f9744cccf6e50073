import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

/** A destination that keeps what the logger writes. */
function capture(): { destination: Writable; lines(): string[] } {
  let text = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  return { destination, lines: () => text.split('\n').filter((l) => l !== '') };
}

const isJson = (line: string): boolean => {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
};

describe('createLogger', () => {
  it('writes JSON lines with pretty: false, carrying name, level and message, secrets redacted', () => {
    const out = capture();
    const logger = createLogger({ name: 'svc', pretty: false, destination: out.destination });
    logger.info({ config: { DATABASE_URL: 'postgres://u:secret@db/x' } }, 'hello json');
    logger.debug('below the level');
    expect(out.lines()).toHaveLength(1);
    expect(JSON.parse(out.lines()[0]!)).toMatchObject({
      name: 'svc',
      level: 30,
      msg: 'hello json',
      config: { DATABASE_URL: '[redacted]' },
    });
  });

  it('writes human-readable, non-JSON lines containing the message with pretty: true', () => {
    const out = capture();
    const logger = createLogger({ name: 'svc', level: 'debug', pretty: true, destination: out.destination });
    logger.debug('hello pretty');
    expect(out.lines().length).toBeGreaterThan(0);
    expect(out.lines().some(isJson)).toBe(false);
    expect(out.lines()[0]).toContain('hello pretty');
    expect(out.lines()[0]).toContain('DEBUG');
  });
});
