#!/usr/bin/env node
// Writes infra/k8s/strimzi/kafka-topics.yaml: one Strimzi KafkaTopic per topic of infra/topics.json, for clusters
// whose Kafka the Strimzi operator runs (it then creates and reconciles the topics, instead of topics-job.yaml).
// Run it after changing topics.json; infra/test/k8s.test.ts fails while the two disagree.
//   node infra/scripts/k8s-topics.mjs
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { readTopicDefinitions } from '../topics.mjs';

const out = fileURLToPath(new URL('../k8s/strimzi/kafka-topics.yaml', import.meta.url));

const header = `# Generated from infra/topics.json by \`node infra/scripts/k8s-topics.mjs\`; edit topics.json, not this file.
# Strimzi KafkaTopics (kafka.strimzi.io/v1beta2) for the topics Winnow owns. strimzi.io/cluster names the Kafka
# resource the operator manages: patch it in your overlay. No replicas: the cluster's default replication factor
# applies, as with topics-job.yaml. Names assume TOPIC_PREFIX is empty.
`;

const docs = readTopicDefinitions().map((t) => ({
  apiVersion: 'kafka.strimzi.io/v1beta2',
  kind: 'KafkaTopic',
  metadata: { name: t.name, labels: { 'strimzi.io/cluster': 'winnow', 'app.kubernetes.io/part-of': 'winnow' } },
  spec: { topicName: t.name, partitions: t.partitions, config: t.config },
}));
writeFileSync(out, header + docs.map((d) => `---\n${stringify(d)}`).join(''));
process.stderr.write(`wrote ${docs.length} KafkaTopics to ${out}\n`);
