import { readTopicDefinitions } from '@winnow/infra/topics';
import { catalog, topicNames } from '@winnow/types';
import { Redis } from 'ioredis';
import { Kafka, logLevel, ConfigResourceTypes } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTopics, deleteTestTopics, ensureTopics, getInfra, uniquePrefix } from '../src/index.js';

describe('uniquePrefix', () => {
  it('differs on every call and only uses characters Kafka accepts in topic names', () => {
    const a = uniquePrefix('Bus contract: kafka');
    const b = uniquePrefix('Bus contract: kafka');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^bus-contract-kafka-[a-z0-9]+-[0-9a-f]{4}\.$/);
  });
});

describe('ensureTopics on the real broker', () => {
  const kafka = { admin: undefined as ReturnType<Kafka['admin']> | undefined };
  let prefix = '';
  let brokers: string[] = [];

  beforeAll(async () => {
    ({ prefix, brokers } = await createTestTopics('testing-topics'));
    kafka.admin = new Kafka({ clientId: 'testing-topics', brokers, logLevel: logLevel.NOTHING }).admin();
    await kafka.admin.connect();
  });

  afterAll(async () => {
    await kafka.admin?.disconnect();
    if (prefix !== '') await deleteTestTopics(prefix, brokers);
  });

  it('creates every topic of infra/topics.json under the prefix, with its partition count', async () => {
    const admin = kafka.admin!;
    const definitions = readTopicDefinitions();
    const { topics } = await admin.fetchTopicMetadata({ topics: definitions.map((d) => prefix + d.name) });
    for (const d of definitions) {
      expect(topics.find((t) => t.name === prefix + d.name)?.partitions).toHaveLength(d.partitions);
    }
  });

  it('applies cleanup policy and message size limits from the definitions', async () => {
    const admin = kafka.admin!;
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: topicNames.map((name) => ({
        type: ConfigResourceTypes.TOPIC,
        name: prefix + name,
        configNames: ['cleanup.policy', 'max.message.bytes'],
      })),
    });
    for (const name of topicNames) {
      const entries = described.resources.find((r) => r.resourceName === prefix + name)?.configEntries ?? [];
      const value = (key: string) => entries.find((e) => e.configName === key)?.configValue;
      expect(value('cleanup.policy'), name).toBe(catalog[name].compacted ? 'compact' : 'delete');
      const defined = readTopicDefinitions().find((d) => d.name === name);
      expect(value('max.message.bytes'), name).toBe(String(defined?.config['max.message.bytes']));
    }
  });

  it('is harmless to run again, also from several callers at once', async () => {
    const again = await Promise.all([ensureTopics({ brokers, prefix }), ensureTopics({ brokers, prefix })]);
    for (const result of again) {
      expect(result.created).toEqual([]);
      expect(result.existing).toHaveLength(readTopicDefinitions().length);
    }
  });

  it('lets two callers race to create the same new topics', async () => {
    const racePrefix = uniquePrefix('testing-race');
    const { kafkaBrokers } = await getInfra();
    const results = await Promise.all([
      ensureTopics({ brokers: kafkaBrokers, prefix: racePrefix }),
      ensureTopics({ brokers: kafkaBrokers, prefix: racePrefix }),
    ]);
    const created = new Set(results.flatMap((r) => r.created));
    expect(created.size).toBeLessThanOrEqual(readTopicDefinitions().length);
    const all = await kafka.admin!.listTopics();
    for (const d of readTopicDefinitions()) expect(all).toContain(racePrefix + d.name);
    await deleteTestTopics(racePrefix, brokers);
  });
});

describe('deleteTestTopics on the real broker and Redis', () => {
  it('removes the run\'s topics and every Redis key naming its prefix, binary ones too, and nothing else', async () => {
    const { prefix, brokers } = await createTestTopics('testing-delete');
    const other = await createTestTopics('testing-keep');
    const redis = new Redis((await getInfra()).redisUrl);
    const admin = new Kafka({ clientId: 'testing-delete', brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const binary = Buffer.concat([Buffer.from(`winnow:dedup:${prefix}default:b`), Buffer.from([0xff, 0x00, 0x9c])]);
      await redis.set(binary, '1');
      await redis.set(`winnow:${prefix}cache:x`, '1');
      await redis.set(`winnow:${other.prefix}cache:x`, '1');

      await deleteTestTopics(prefix, brokers, redis);

      const left = await admin.listTopics();
      expect(left.filter((t) => t.startsWith(prefix))).toEqual([]);
      expect(left.filter((t) => t.startsWith(other.prefix))).toHaveLength(readTopicDefinitions().length);
      expect(await redis.exists(binary, `winnow:${prefix}cache:x`)).toBe(0);
      expect(await redis.exists(`winnow:${other.prefix}cache:x`)).toBe(1);
    } finally {
      await deleteTestTopics(other.prefix, brokers, redis);
      await admin.disconnect();
      redis.disconnect();
    }
  });
});
