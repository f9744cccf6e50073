import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTopics, freshDatabase, getInfra } from '@winnow/testing';
import { startFixtureSite, type FixtureSite } from '@winnow/testing/sites';
import { startOtlpReceiver, type ReceivedSpan } from './support/otlp-receiver.js';
import { readTopics, type TopicRecord } from './support/topic-records.js';
import { cleanEnv, freePort, startProcess, waitFor, type RunningProcess } from './support/processes.js';
import { getDocument, listDocuments, submitJob, waitForDone } from './support/scenario.js';
import { expectCancelStopsCrawl } from './expect-cancel.js';
import { expectFixtureCrawl, fixtureSettled } from './expect-fixture-crawl.js';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

describe('distributed mode: four services as separate processes over Kafka, Redis and PostgreSQL', () => {
  let site: FixtureSite;
  let apiPort: number;
  let otlp: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let topicPrefix = '';
  let brokers: string[] = [];
  const servicePorts: Array<[string, number]> = [];
  let jobId = '';
  let dropDatabase: (() => Promise<void>) | undefined;
  const processes: RunningProcess[] = [];
  const logs = () => processes.map((p) => `--- ${p.name}\n${p.output().slice(-3000)}`).join('\n');

  beforeAll(async () => {
    const infra = await getInfra();
    const { prefix, brokers: kafkaBrokers } = await createTestTopics('e2e');
    topicPrefix = prefix;
    brokers = kafkaBrokers;
    otlp = await startOtlpReceiver();
    const db = await freshDatabase('e2e');
    dropDatabase = () => db.drop();
    site = await startFixtureSite();
    apiPort = await freePort();
    const shared = {
      KAFKA_BROKERS: infra.kafkaBrokers,
      REDIS_URL: infra.redisUrl,
      DATABASE_URL: db.url,
      TOPIC_PREFIX: prefix,
      CRAWL_ALLOW_PRIVATE_NETWORKS: 'true',
      CRAWL_DELAY_MS: '20',
      // Every service exports its spans to the receiver this test runs, as it would to a collector.
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '200',
    };
    // Every other process exports with the SDK's default protocol (http/protobuf), the rest with http/json:
    // one document's trace crosses both.
    const protocol = (i: number): Record<string, string> => (i % 2 === 1 ? { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' } : {});
    // Two extractors share pages.fetched, and two deduplicators docs.extracted, through their groups.
    const services = ['api', 'crawler', 'extractor', 'extractor', 'deduplicator', 'deduplicator'];
    const ports: number[] = [];
    for (const [i, name] of services.entries()) {
      const port = name === 'api' ? apiPort : await freePort();
      ports.push(port);
      servicePorts.push([name, port]);
      processes.push(
        startProcess(`${name}#${i}`, ['--import', `./services/${name}/dist/instrumentation.js`, `services/${name}/dist/main.js`], cleanEnv({ ...shared, ...protocol(i), PORT: String(port) }), repoRoot),
      );
    }
    for (const [i, port] of ports.entries()) {
      const ready = async () => ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok ? true : undefined);
      await waitFor(`${services[i]} #${i} to be ready`, ready, 90_000, logs);
    }
  });

  afterAll(async () => {
    const codes = await Promise.all(processes.map((p) => p.stop()));
    await site?.close();
    await otlp?.close();
    await dropDatabase?.();
    expect(codes.every((c) => c === 0), `every service exits cleanly on SIGTERM\n${logs()}`).toBe(true);
  });

  it('crawls the fixture site end to end and reports the job done', async () => {
    const api = `http://127.0.0.1:${apiPort}`;
    const submitted = await submitJob(api, site);
    const job = await waitForDone(api, submitted.id, fixtureSettled, logs);
    await expectFixtureCrawl(api, site, job);

    jobId = job.id;

    // Nobody's read decides completion: the job finished when its last URL was stored (the api's spans
    // that stored this job's documents say when), not when it was first read.
    const lastStored = await waitFor('the api spans that stored the documents', async () => {
      const stored = otlp.spans.filter((s) => s.service === 'api' && /process .*docs\.(unique|duplicates)$/.test(s.name) && s.attributes['winnow.job.id'] === job.id);
      // Verdicts revised after the job was done (a copy recognised later) store a document again: each
      // document's first store is what completes URLs.
      const firstStore = new Map<string, number>();
      for (const s of stored) {
        const id = String(s.attributes['winnow.document.id']);
        firstStore.set(id, Math.min(firstStore.get(id) ?? Infinity, s.endTime));
      }
      return firstStore.size >= 8 ? Math.max(...firstStore.values()) : undefined;
    }, 30_000, logs);
    const finishedAt = Date.parse(job.finishedAt!);
    expect(Math.abs(finishedAt - lastStored)).toBeLessThan(2000);
    // The job's last fetch: the crawler notes each host's last fetch, and each document its page's.
    const hosts = (await (await fetch(`${api}/v1/jobs/${job.id}/hosts`)).json()) as { items: Array<{ lastFetchAt: string | null }> };
    const docs = await Promise.all((await listDocuments(api, { jobId: job.id })).map((d) => getDocument(api, d.id)));
    const fetches = [...hosts.items.map((h) => h.lastFetchAt), ...docs.map((d) => d.fetchedAt)];
    const lastFetch = Math.max(...fetches.filter((t) => t !== null).map((t) => Date.parse(t)));
    expect(finishedAt).toBeGreaterThanOrEqual(lastFetch);
    // Said when it fails: where the last fetched document's time went, hop by hop, from its exported spans.
    const last = docs.find((d) => Date.parse(d.fetchedAt) === lastFetch);
    const hops = otlp.spans
      .filter((x) => x.attributes['winnow.document.id'] === last?.id && /^(send|process) /.test(x.name))
      .sort((a, b) => a.startTime - b.startTime)
      .map((x) => `${x.service} ${x.name.replace(topicPrefix, '')} ${x.startTime - lastFetch}..${x.endTime - lastFetch} ms`);
    expect(finishedAt - lastFetch, `finishedAt after the last fetch; the last document's spans:\n${hops.join('\n')}`).toBeLessThan(2000);
  });

  it('keeps one trace per document across the four services, in the exported spans and in the records', async () => {
    const api = `http://127.0.0.1:${apiPort}`;
    const job = { id: jobId };
    // /b: a document no other document's verdict republishes, so each of its records is its own stage's.
    const doc = (await listDocuments(api, { jobId: job.id })).find((d) => new URL(d.url).pathname === '/b')!;
    const stored = await waitFor('the api span that stored /b', async () =>
      otlp.spans.find((s) => s.service === 'api' && s.name.startsWith('process ') && s.attributes['winnow.document.id'] === doc.id),
    30_000, logs);
    const traceId = stored.traceId;
    const services = ['api', 'crawler', 'extractor', 'deduplicator'];
    const trace = await waitFor('the spans of every hop of /b', async () => {
      const spans = otlp.spans.filter((s) => s.traceId === traceId);
      const consumed = new Set(spans.filter((s) => s.name.startsWith('process ')).map((s) => s.service));
      return services.every((svc) => consumed.has(svc)) ? spans : undefined;
    }, 30_000, logs);
    expect(new Set(trace.map((s) => s.service))).toEqual(new Set(services));
    // The api exported with the SDK's default protocol (http/protobuf), the crawler with http/json: one trace, both decoded.
    const protocols = (service: string) => new Set(trace.filter((s) => s.service === service).map((s) => s.protocol));
    expect(protocols('api')).toEqual(new Set(['http/protobuf']));
    expect(protocols('crawler')).toEqual(new Set(['http/json']));

    // The chain is unbroken: one root (the crawler's send of the discovered request, linked to the page that
    // discovered it), and every other span's parent is in the trace.
    const ids = new Set(trace.map((s) => s.spanId));
    const roots = trace.filter((s) => !s.parentSpanId);
    expect(roots.map((s) => `${s.service} ${s.name}`)).toEqual([`crawler send ${topicPrefix}crawl.requests`]);
    expect(roots[0]!.links).toHaveLength(1);
    for (const s of trace) if (s.parentSpanId) expect(ids.has(s.parentSpanId), `${s.service} ${s.name} has its parent`).toBe(true);
    const chain = ['crawl.requests', 'pages.fetched', 'docs.extracted'].map((t) => `${topicPrefix}${t}`);
    for (const topic of chain) {
      const send = trace.find((s) => s.name === `send ${topic}`)!;
      const processed = trace.find((s) => s.name === `process ${topic}`)!;
      expect(processed.parentSpanId).toBe(send.spanId);
      expect(processed.attributes).toMatchObject({ 'messaging.system': 'kafka', 'messaging.destination.name': topic, 'winnow.job.id': job.id });
    }
    const hasJob = (s: ReceivedSpan) => s.attributes['winnow.job.id'] === job.id;
    expect(trace.filter((s) => s.name.startsWith('send ') || s.name.startsWith('process ')).every(hasJob)).toBe(true);

    // The records themselves, read back from Kafka, carry the same trace id.
    const topics = [...chain, `${topicPrefix}docs.unique`];
    const isMine = (r: TopicRecord) =>
      r.key === doc.id || (r.topic.endsWith('crawl.requests') && (r.value as { url?: string } | null)?.url === doc.url);
    const records = await readTopics(brokers, topics, (rs) => topics.every((t) => rs.some((r) => r.topic === t && isMine(r))));
    const mine = records.filter(isMine);
    expect(new Set(mine.map((r) => r.topic))).toEqual(new Set(topics));
    for (const r of mine) expect(r.headers.traceparent?.split('-')[1], r.topic).toBe(traceId);
  });

  it('cancels a running job: crawler instances stop fetching it, and every URL settles', async () => {
    await expectCancelStopsCrawl(`http://127.0.0.1:${apiPort}`, logs);
  });

  it('shows dead letters and consumer lag on /metrics after a poison message to pages.fetched', async () => {
    const records = [{ key: 'poison', value: '{"not":"a page"}' }];
    const { Kafka } = await import('kafkajs');
    const producer = new Kafka({ clientId: 'e2e-poison', brokers }).producer();
    await producer.connect();
    await producer.send({ topic: `${topicPrefix}pages.fetched`, messages: records });
    await producer.disconnect();
    const metricsOf = async (name: string) => {
      const port = servicePorts.find(([n]) => n === name)![1];
      return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    };
    await waitFor('the dead letter on an extractor\'s /metrics', async () => {
      const texts = await Promise.all(servicePorts.filter(([n]) => n === 'extractor').map(([, port]) => fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text())));
      return texts.some((t) => t.includes(`winnow_bus_dlq_messages_total{topic="${topicPrefix}pages.fetched",code="WINNOW_ERR_INVALID_MESSAGE"} 1`)) || undefined;
    }, 60_000, logs);
    // The api polls every group's lag every 15 s.
    await waitFor('the extractor group\'s lag on the api\'s /metrics', async () => {
      const text = await metricsOf('api');
      return text.includes(`winnow_kafka_consumergroup_lag{group="${topicPrefix}extractor",topic="${topicPrefix}pages.fetched",partition="`) || undefined;
    }, 60_000, logs);
  });
});
