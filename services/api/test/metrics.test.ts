import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueDoc } from '@winnow/read-model/testing';
import { eventually, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('pipeline metrics on /metrics', () => {
  it('counts a poison message by topic and code, and exports consumer lag per group, topic and partition', async () => {
    const poison = { docId: 'not-a-doc-id', text: 42 } as never;
    const good = uniqueDoc({ url: 'https://metrics.example/', text: 'a stored page', jobId: 'metrics-job' });
    await h.bus.publish([
      { topic: 'docs.unique', key: 'poison', value: poison },
      { topic: 'docs.unique', key: good.docId, value: good },
    ]);
    await eventually(() => expect(h.bus.messages('docs.unique.dlq')).toHaveLength(1));

    const body = await eventually(async () => {
      const text = (await h.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(text).toContain('winnow_bus_dlq_messages_total{topic="docs.unique",code="WINNOW_ERR_INVALID_MESSAGE"} 1');
      // The valid one is settled once its batch is written, which may come after the dead letter.
      expect(text).toMatch(/winnow_bus_messages_handled_total\{topic="docs\.unique",group="api",outcome="ok"\} 1/);
      return text;
    });
    expect(body).toMatch(/winnow_bus_messages_handled_total\{topic="docs\.unique",group="api",outcome="dlq"\} 1/);
    // The invalid message never reached the handler; the valid one did.
    expect(body).toMatch(/winnow_bus_handler_seconds_count\{topic="docs\.unique",group="api"\} 1/);
    expect(body).toMatch(/winnow_bus_inflight_messages\{topic="docs\.unique",group="api"\} 0/);
    // The poller reads at start and every 15 s: the groups the API subscribed are there from the first read.
    expect(body).toMatch(/winnow_kafka_consumergroup_lag\{group="api",topic="docs\.unique",partition="\d+"\} \d+/);
    expect(body).toMatch(/winnow_kafka_consumergroup_lag\{group="api-jobs",topic="jobs\.events",partition="\d+"\} \d+/);
  });
});
