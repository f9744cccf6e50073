import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseEnv, ConfigError, envBool, loadConfig } from './config.js';

const schema = z.object({ ...baseEnv, FLAG: envBool.default(false) });

describe('loadConfig', () => {
  it('applies defaults and freezes the result', () => {
    const config = loadConfig(schema, {});
    expect(config.PORT).toBe(8080);
    expect(config.TOPIC_PREFIX).toBe('');
    expect(config.KAFKA_BROKERS).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('parses "false" as false and "true" as true', () => {
    expect(loadConfig(schema, { FLAG: 'false' }).FLAG).toBe(false);
    expect(loadConfig(schema, { FLAG: 'true' }).FLAG).toBe(true);
  });

  it('names the variable that is invalid', () => {
    expect(() => loadConfig(schema, { PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig(schema, { PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig(schema, { FLAG: 'maybe' })).toThrow(/FLAG/);
    expect(() => loadConfig(schema, { KAFKA_BROKERS: 'no port here' })).toThrow(/KAFKA_BROKERS/);
    expect(() => loadConfig(schema, { REDIS_URL: 'http://x' })).toThrow(/REDIS_URL/);
  });

  it('treats empty connection variables as unset', () => {
    const config = loadConfig(schema, { KAFKA_BROKERS: '', REDIS_URL: ' ' });
    expect(config.KAFKA_BROKERS).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
  });
});
