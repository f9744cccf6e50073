import { catalog, dlqTopic, topicNames } from '@winnow/types';
import { describe, expect, it } from 'vitest';
import { readTopicDefinitions } from '../topics.mjs';

const definitions = new Map(readTopicDefinitions().map((t) => [t.name, t]));
// decoded page bodies of up to 10 MB, plus JSON escaping and UTF-8 growth
const TEN_MB = 10 * 1024 * 1024;

describe('infra/topics.json', () => {
  it.each(topicNames)('defines %s and its dead-letter topic', (name) => {
    expect(definitions.has(name), `${name} missing`).toBe(true);
    expect(definitions.has(dlqTopic(name)), `${dlqTopic(name)} missing`).toBe(true);
  });

  it.each(topicNames)('compacts %s exactly when its contract says so', (name) => {
    const policy = definitions.get(name)?.config['cleanup.policy'];
    expect(policy).toBe(catalog[name].compacted ? 'compact' : 'delete');
  });

  it('never compacts a dead-letter topic, whose keys repeat for every failure', () => {
    for (const name of topicNames) expect(definitions.get(dlqTopic(name))?.config['cleanup.policy']).toBe('delete');
  });

  it('defines no topic that the catalog does not know', () => {
    const known = new Set(topicNames.flatMap((n) => [n, dlqTopic(n)]));
    expect([...definitions.keys()].filter((n) => !known.has(n))).toEqual([]);
  });

  it('gives every topic partitions, a retention and a message size limit', () => {
    for (const t of definitions.values()) {
      expect(Number.isInteger(t.partitions) && t.partitions > 0, t.name).toBe(true);
      expect(Number.isInteger(Number(t.config['retention.ms'])), t.name).toBe(true);
      expect(Number(t.config['max.message.bytes']), t.name).toBeGreaterThan(0);
    }
  });

  it('lets pages.fetched and its dead-letter topic carry a 10 MB page', () => {
    for (const name of ['pages.fetched', 'pages.fetched.dlq']) {
      expect(Number(definitions.get(name)?.config['max.message.bytes'])).toBeGreaterThan(TEN_MB);
    }
  });
});
