import type { Admin } from 'kafkajs';
import { gauge } from '@winnow/runtime';
import { readTopicDefinitions } from '@winnow/infra/topics';
import type { Bus, ConsumerLag } from './bus.js';
import { physicalTopic } from './wire.js';

const lagGauge = gauge(
  'winnow_kafka_consumergroup_lag',
  'Messages a consumer group has not committed yet: end offset minus committed offset, per partition (polled every 15 s)',
  ['group', 'topic', 'partition'],
);

/**
 * Committed vs end offsets of every consumer group of this deployment (groups carry the TOPIC_PREFIX), on
 * every Winnow topic the group has committed on. A group that never committed on a partition counts from
 * the partition's start, as a new group reads it.
 */
export async function kafkaConsumerLag(admin: Admin, prefix: string): Promise<ConsumerLag[]> {
  const topics = readTopicDefinitions().map((t) => physicalTopic(prefix, t.name));
  const { groups } = await admin.listGroups();
  const ends = new Map<string, Array<{ partition: number; high: string; low: string }>>();
  const endsOf = async (topic: string) => {
    let e = ends.get(topic);
    if (!e) ends.set(topic, (e = await admin.fetchTopicOffsets(topic)));
    return e;
  };
  const out: ConsumerLag[] = [];
  for (const { groupId } of groups.filter((g) => g.groupId.startsWith(prefix))) {
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics })) {
      if (!partitions.some((p) => Number(p.offset) >= 0)) continue;
      for (const end of await endsOf(topic)) {
        const committed = Number(partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
        const from = committed >= 0 ? committed : Number(end.low);
        out.push({ group: groupId, topic, partition: end.partition, lag: Math.max(0, Number(end.high) - from), committed: from });
      }
    }
  }
  return out;
}

/**
 * Exports `winnow_kafka_consumergroup_lag` from `bus.consumerLag()` now and every `intervalMs`: one poller
 * per deployment (the API service, or the embedded runner), not one per service. Returns stop().
 */
export function startLagMetrics(bus: Bus, { intervalMs = 15_000, onError }: { intervalMs?: number; onError?: (err: unknown) => void } = {}): () => void {
  let running = false;
  const poll = async () => {
    if (running) return;
    running = true;
    try {
      const rows = await bus.consumerLag();
      lagGauge.reset();
      for (const r of rows) lagGauge.set({ group: r.group, topic: r.topic, partition: String(r.partition) }, r.lag);
    } catch (err) {
      onError?.(err);
    } finally {
      running = false;
    }
  };
  void poll();
  const timer = setInterval(() => void poll(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
