import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { infraUpScript, parseExportLine } from './infra-up.js';

describe('parseExportLine', () => {
  it('reads the three variables infra:up prints', () => {
    const env = parseExportLine(
      'export KAFKA_BROKERS=127.0.0.1:9092 REDIS_URL=redis://127.0.0.1:6379 DATABASE_URL=postgres://postgres@127.0.0.1:5432/winnow\n',
    );
    expect(env).toEqual({
      KAFKA_BROKERS: '127.0.0.1:9092',
      REDIS_URL: 'redis://127.0.0.1:6379',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/winnow',
    });
  });

  it('rejects output without an export line, quoting it', () => {
    expect(() => parseExportLine('infra: failed\n')).toThrow(/no export line: "infra: failed/);
  });

  it('rejects an export line missing a variable', () => {
    expect(() => parseExportLine('export KAFKA_BROKERS=127.0.0.1:9092\n')).toThrow(/incomplete/);
  });
});

describe('infraUpScript', () => {
  it('finds infra-up.mjs through the @winnow/infra package', () => {
    expect(infraUpScript()).toMatch(/infra[/\\]scripts[/\\]infra-up\.mjs$/);
    expect(existsSync(infraUpScript())).toBe(true);
  });
});
