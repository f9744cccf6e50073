// First: they must replace kafkajs's CRC-32C and Encoder before kafkajs is loaded.
import './kafkajs-crc32c.js';
import './kafkajs-encoder.js';
import { Kafka, logLevel, Partitioners, type Admin, type logCreator } from 'kafkajs';
import type { TopicName } from '@winnow/types';
import { BUS_ERRORS, type Bus, type Emit, type SubscribeOptions, type Subscription } from './bus.js';
import { BusError } from './bus-error.js';
import { silentLogger, type BusLogger } from './bus-logger.js';
import { sleep, type BackoffOptions } from './backoff.js';
import { ceSource } from './cloud-events.js';
import { SendQueue } from './kafka-send-queue.js';
import { checkTopics } from './kafka-topics.js';
import { kafkaConsumerLag } from './consumer-lag.js';
import { replayRecord } from './dead-letters.js';
import { readKafkaDeadLetters } from './kafka-dead-letters.js';
import { subscribeKafka } from './kafka-subscription.js';
import { sendTraced } from './tracing.js';
import { contractOf, toOutgoing, type WireRecord } from './wire.js';

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  /** Prepended to every topic name (TOPIC_PREFIX). */
  topicPrefix?: string;
  logger?: BusLogger;
  /** Service name for the CloudEvents source `winnow/<source>`. */
  source?: string;
  /** Backoff between attempts of `retry` outcomes and thrown errors. */
  retryBackoff?: BackoffOptions;
  /** How long a subscription's stop() waits for in-flight messages. Default 10 s. */
  drainTimeoutMs?: number;
  /**
   * Before its first connection the bus checks that every topic of infra/topics.json exists under the prefix:
   * true creates the missing ones (KAFKA_CREATE_TOPICS), false (default) fails with BusError
   * `WINNOW_ERR_MISSING_TOPICS`, whose message names them and the command that creates them.
   */
  createTopics?: boolean;
}

/** The Kafka bus (kafkajs 2.2.4): idempotent keyed publish, consumer groups, at-least-once delivery. */
export function createKafkaBus(opts: KafkaBusOptions): Bus {
  const prefix = opts.topicPrefix ?? '';
  const logger = opts.logger ?? silentLogger;
  const source = ceSource(opts.source);
  const kafka = new Kafka({
    clientId: opts.clientId,
    brokers: opts.brokers,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(logger),
  });
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    // kafkajs retries an idempotent producer forever by default, so a publish (an API request, a shutdown)
    // would hang while the cluster is away. Bounded here; the bus's own loop re-publishes what must get out.
    retry: { retries: 6, initialRetryTime: 200, maxRetryTime: 5000 },
    // Java-compatible murmur2: the same key lands on the same partition whichever client produced it.
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const sends = new SendQueue(producer);
  const subscriptions = new Map<Subscription, () => boolean>();
  let connected = false;
  let stopped = false;
  producer.on(producer.events.CONNECT, () => (connected = true));
  producer.on(producer.events.DISCONNECT, () => (connected = false));
  let connecting: Promise<void> | undefined;
  let topicsChecked = false;
  const connect = (): Promise<void> =>
    (connecting ??= (async () => {
      if (!topicsChecked) {
        await checkTopics({ kafka, brokers: opts.brokers, prefix, create: opts.createTopics ?? false, logger });
        topicsChecked = true;
      }
      await producer.connect();
    })().catch((err: unknown) => {
      connecting = undefined;
      throw err;
    }));

  const assertRunning = (): void => {
    if (stopped) throw new BusError(BUS_ERRORS.busStopped, 'the bus is stopped');
  };
  const publishRaw = async (record: WireRecord): Promise<void> => {
    assertRunning();
    await connect();
    await sends.send([record]);
  };
  const publish = async (messages: Emit[]): Promise<void> => {
    assertRunning();
    const outgoing = messages.map((m) => toOutgoing(m, prefix, source));
    await sendTraced(outgoing, async () => {
      await connect();
      await sends.send(outgoing.map((o) => o.record));
    });
  };

  const deps = {
    kafka,
    prefix,
    logger,
    backoff: opts.retryBackoff ?? {},
    drainTimeoutMs: opts.drainTimeoutMs ?? 10_000,
    publish,
    publishRaw,
  };

  let admin: Promise<Admin> | undefined;
  const lagAdmin = (): Promise<Admin> =>
    (admin ??= (async () => {
      const a = kafka.admin();
      await a.connect();
      return a;
    })().catch((err: unknown) => {
      admin = undefined;
      throw err;
    }));

  let stopAll: Promise<void> | undefined;
  return {
    publish,
    consumerLag: async () => kafkaConsumerLag(await lagAdmin(), prefix),
    deadLetters: async (topic, limit = 500) => readKafkaDeadLetters(kafka, await lagAdmin(), prefix, topic, limit),
    replay: async (letters) => {
      assertRunning();
      await connect();
      await sends.send(letters.map((l) => replayRecord(l, prefix)));
    },
    async subscribe<T extends TopicName>(sub: SubscribeOptions<T>): Promise<Subscription> {
      assertRunning();
      contractOf(sub.topic);
      await connect();
      const inner = await subscribeKafka(deps, sub);
      const subscription: Subscription = {
        stop: async () => {
          await inner.stop();
          subscriptions.delete(subscription);
        },
      };
      subscriptions.set(subscription, () => inner.healthy());
      return subscription;
    },
    async ready() {
      if (stopped) return false;
      // A probe must answer at once: start (re)connecting in the background and report the current state.
      if (!connected) void connect().catch((err: unknown) => logger.warn({ err }, 'kafka producer not connected'));
      return connected && [...subscriptions.values()].every((healthy) => healthy());
    },
    stop: () =>
      (stopAll ??= (async () => {
        await Promise.all([...subscriptions.keys()].map((s) => s.stop()));
        stopped = true;
        await Promise.race([sends.idle(), sleep(deps.drainTimeoutMs)]);
        await producer.disconnect();
        await admin?.then((a) => a.disconnect()).catch(() => {});
      })()),
  };
}

/** Routes kafkajs's own logs (warnings and errors only) into the service logger. */
function kafkaLogCreator(logger: BusLogger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _ts, ...extra } = log;
      // Retries are bounded on purpose (see the producer); at-least-once does not rest on the idempotent producer.
      if (message.startsWith('Limiting retries for the idempotent producer')) return;
      const obj = { component: 'kafkajs', namespace, ...extra };
      // kafkajs reports each failed broker response (a heartbeat during a rebalance, a leader not yet elected)
      // as an error on its Connection, then retries it; only what survives the retries is an error here.
      if (level === logLevel.ERROR && namespace !== 'Connection') logger.error(obj, message);
      else logger.warn(obj, message);
    };
}

/** What a service's configuration says about Kafka (KAFKA_BROKERS, TOPIC_PREFIX, KAFKA_CREATE_TOPICS). */
export interface KafkaServiceConfig {
  KAFKA_BROKERS: string;
  TOPIC_PREFIX: string;
  KAFKA_CREATE_TOPICS?: boolean;
}

/** The Kafka bus of one service process, as every main.ts wires it: client id `winnow-<service>`, source `<service>`. */
export function createServiceKafkaBus(service: string, config: KafkaServiceConfig, logger?: BusLogger): Bus {
  return createKafkaBus({
    brokers: config.KAFKA_BROKERS.split(',').map((b) => b.trim()).filter(Boolean),
    topicPrefix: config.TOPIC_PREFIX,
    clientId: `winnow-${service}`,
    source: service,
    createTopics: config.KAFKA_CREATE_TOPICS ?? false,
    ...(logger ? { logger } : {}),
  });
}
