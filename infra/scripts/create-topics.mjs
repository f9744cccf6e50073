#!/usr/bin/env node
// Creates Winnow's topics on any cluster: the one-shot `topics-init` service in docker-compose.yml, or by hand:
//   KAFKA_BROKERS=host:9092 [TOPIC_PREFIX=staging.] node infra/scripts/create-topics.mjs
// Waits up to 120 s for the brokers, then creates what is missing from infra/topics.json.
import { brokerList, ensureTopics, waitForKafka } from '../topics.mjs';

const brokers = brokerList(process.env.KAFKA_BROKERS ?? '');
const prefix = process.env.TOPIC_PREFIX ?? '';

async function main() {
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is not set');
  await waitForKafka({ brokers, timeoutMs: 120_000 });
  const { created, existing } = await ensureTopics({ brokers, prefix });
  process.stderr.write(`topics: created ${created.length} [${created.join(', ')}], ${existing.length} already there\n`);
}

main().catch((err) => {
  process.stderr.write(`create-topics failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
