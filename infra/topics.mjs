// Topic definitions (infra/topics.json) and the one function that creates them on a cluster.
// Used by `npm run infra:up`, by @winnow/testing (with a per-test-file prefix) and by compose's topic init.
import { readFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';

/**
 * @typedef {object} TopicDefinition
 * @property {string} name Logical topic name, without a deployment's TOPIC_PREFIX.
 * @property {number} partitions
 * @property {Record<string, string | number>} config Topic-level configs: cleanup.policy, retention.ms, max.message.bytes.
 */

/**
 * @typedef {object} EnsureTopicsResult
 * @property {string[]} created Full (prefixed) names created by this call.
 * @property {string[]} existing Full (prefixed) names that already existed.
 */

/** @returns {TopicDefinition[]} every topic from infra/topics.json, in file order. */
export function readTopicDefinitions() {
  const raw = JSON.parse(readFileSync(new URL('./topics.json', import.meta.url), 'utf8'));
  return raw.topics;
}

/**
 * Splits `KAFKA_BROKERS`-style input into a list.
 * @param {string | readonly string[]} brokers
 * @returns {string[]}
 */
export function brokerList(brokers) {
  const list = typeof brokers === 'string' ? brokers.split(',') : [...brokers];
  return list.map((b) => b.trim()).filter((b) => b.length > 0);
}

/** Metadata answers that only mean "not propagated yet"; ensureTopics waits them out. */
const EXPECTED_WHILE_CREATING = ['This server does not host this topic-partition', 'There is no leader for this topic-partition'];

/**
 * kafkajs logs to stdout by default; infra-up's stdout is reserved for the `export` line.
 * @type {import('kafkajs').logCreator}
 */
const stderrLogCreator = () => ({ namespace, level, log }) => {
  if (level > logLevel.WARN) return;
  const error = typeof log.error === 'string' ? log.error : undefined;
  if (namespace === 'Connection' && error !== undefined && EXPECTED_WHILE_CREATING.includes(error)) return;
  process.stderr.write(`kafkajs ${namespace}: ${log.message}${error ? `: ${error}` : ''}\n`);
};

/**
 * @param {string | readonly string[]} brokers
 * @param {string} clientId
 */
export function createAdmin(brokers, clientId = 'winnow-infra') {
  const kafka = new Kafka({
    clientId,
    brokers: brokerList(brokers),
    logLevel: logLevel.WARN,
    logCreator: stderrLogCreator,
    retry: { retries: 8, initialRetryTime: 200 },
  });
  return kafka.admin();
}

/**
 * Creates every missing topic from infra/topics.json, named `${prefix}${name}`, and waits until
 * each has a leader. Safe to call again, and concurrently: topics that exist are left as they are.
 * @param {{ brokers: string | readonly string[], prefix?: string, topics?: readonly TopicDefinition[] }} options
 * @returns {Promise<EnsureTopicsResult>}
 */
export async function ensureTopics({ brokers, prefix = '', topics = readTopicDefinitions() }) {
  const admin = createAdmin(brokers);
  await admin.connect();
  try {
    const wanted = topics.map((t) => ({ ...t, fullName: `${prefix}${t.name}` }));
    const present = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !present.has(t.fullName));
    if (missing.length > 0) {
      // A concurrent caller may create some of these first; kafkajs then reports "already exists",
      // which is the outcome we want either way.
      await admin
        .createTopics({
          waitForLeaders: true,
          timeout: 30_000,
          topics: missing.map((t) => ({
            topic: t.fullName,
            numPartitions: t.partitions,
            configEntries: Object.entries(t.config).map(([name, value]) => ({ name, value: String(value) })),
          })),
        })
        .catch((err) => {
          // Under KRaft the broker can answer metadata before it has seen a topic the controller just
          // created (UNKNOWN_TOPIC_OR_PARTITION); kafkajs's leader wait does not retry that. The wait below does.
          if (!isMetadataLag(err)) throw err;
        });
    }
    // createTopics skips the leader wait when every topic already existed (e.g. a concurrent
    // creator won the race), so wait here too.
    await waitForLeaders(admin, wanted.map((t) => t.fullName));
    const missingNames = new Set(missing.map((t) => t.fullName));
    return {
      created: wanted.filter((t) => missingNames.has(t.fullName)).map((t) => t.fullName),
      existing: wanted.filter((t) => !missingNames.has(t.fullName)).map((t) => t.fullName),
    };
  } finally {
    await admin.disconnect();
  }
}

/** @param {unknown} err */
function isMetadataLag(err) {
  const type = /** @type {{ type?: string }} */ (err).type;
  return type === 'UNKNOWN_TOPIC_OR_PARTITION' || type === 'LEADER_NOT_AVAILABLE';
}

/**
 * @param {import('kafkajs').Admin} admin
 * @param {string[]} topics
 * @param {number} timeoutMs
 */
async function waitForLeaders(admin, topics, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      const leaderless = meta.filter((t) => t.partitions.length === 0 || t.partitions.some((p) => p.leader < 0));
      if (leaderless.length === 0) return;
      if (Date.now() > deadline) {
        throw new Error(`topics without a leader after ${timeoutMs} ms: ${leaderless.map((t) => t.name).join(', ')}`);
      }
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Resolves once a broker answers `describeCluster`, retrying for up to `timeoutMs`.
 * @param {{ brokers: string | readonly string[], timeoutMs?: number, isAlive?: () => boolean }} options
 *   `isAlive` lets a caller that started the broker stop waiting as soon as the process dies.
 * @returns {Promise<{ clusterId: string, brokers: number }>}
 */
export async function waitForKafka({ brokers, timeoutMs = 60_000, isAlive = () => true }) {
  const deadline = Date.now() + timeoutMs;
  /** @type {unknown} */
  let lastError;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error('the Kafka process exited before it became ready');
    const kafka = new Kafka({
      clientId: 'winnow-infra-ready',
      brokers: brokerList(brokers),
      logLevel: logLevel.NOTHING,
      connectionTimeout: 1_000,
      retry: { retries: 0 },
    });
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      return { clusterId: cluster.clusterId, brokers: cluster.brokers.length };
    } catch (err) {
      lastError = err;
    } finally {
      await admin.disconnect().catch(() => {});
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const why = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(`Kafka at ${brokerList(brokers).join(',')} not ready after ${timeoutMs} ms: ${why}`);
}
