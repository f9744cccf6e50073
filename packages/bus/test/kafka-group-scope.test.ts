import { brokerList } from '@winnow/infra/topics';
import { ensureTopics, getInfra, uniquePrefix } from '@winnow/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, type Bus } from '../src/bus.js';
import { eventually, request, unique } from '../testing/contract-fixtures.js';
import { createKafkaBus } from '../src/kafka-bus.js';

/**
 * Two deployments (or two test runs) on one cluster, told apart by TOPIC_PREFIX, whose services use the same
 * group name. Sharing the Kafka group would let one deployment's member be assigned partitions of the
 * other's topic, which it never reads: those messages would wait until the other member left.
 */
describe('kafka: TOPIC_PREFIX scopes consumer groups', () => {
  const buses: Bus[] = [];

  beforeAll(async () => {
    const brokers = brokerList((await getInfra()).kafkaBrokers);
    for (const name of ['scope-a', 'scope-b']) {
      const prefix = uniquePrefix(name);
      await ensureTopics({ brokers, prefix });
      buses.push(createKafkaBus({ brokers, clientId: name, topicPrefix: prefix, source: 'bus-test' }));
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(buses.map((b) => b.stop()));
  });

  it('a deployment consumes all of its messages while another prefix uses the same group name', { timeout: 60_000 }, async () => {
    const group = unique('same-name');
    const got = buses.map(() => new Set<string>());
    for (const [i, bus] of buses.entries()) {
      await bus.subscribe({ group, topic: 'crawl.requests', handler: async (m) => (got[i]!.add(m.key), ok()) });
    }
    const keys = Array.from({ length: 48 }, (_, i) => `site-${i}.example`);
    for (const bus of buses) await bus.publish(keys.map((k) => request(k, 'job-1')));

    await eventually(() => got.every((s) => s.size === keys.length), 'every message of both deployments', 45_000);
    expect(got.map((s) => [...s].sort())).toEqual([[...keys].sort(), [...keys].sort()]);
  });
});
