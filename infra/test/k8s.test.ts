// infra/k8s, checked without a cluster: every manifest against the Kubernetes and KEDA schemas, and what the
// manifests say about topics, partitions, consumer groups and environment against topics.json and the services.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { baseEnv } from '@winnow/config';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { readTopicDefinitions } from '../topics.mjs';

const k8sDir = fileURLToPath(new URL('../k8s/', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The services' shutdown deadline: drain 10 s + flush 5 s + close 5 s + margin 5 s (@winnow/runtime's DEFAULT_DEADLINES). */
const SHUTDOWN_DEADLINE_SECONDS = 25;

type Manifest = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> }; [key: string]: unknown };
interface Validatable {
  validate(): void;
}
const models: Record<string, new (data: never) => Validatable> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
};

/** Validates one manifest against its kind's schema; throws with the schema's complaint. */
function validate(doc: Manifest): void {
  const Model = models[`${doc.apiVersion}/${doc.kind}`];
  if (!Model) throw new Error(`${doc.kind} ${doc.metadata.name}: no schema for ${doc.apiVersion}/${doc.kind}`);
  new Model(doc as never).validate();
}

function readManifests(file: string): Manifest[] {
  return parseAllDocuments(readFileSync(`${k8sDir}${file}`, 'utf8'))
    .map((d) => d.toJS() as Manifest | null)
    .filter((d): d is Manifest => d !== null);
}

const kustomization = parseAllDocuments(readFileSync(`${k8sDir}kustomization.yaml`, 'utf8'))[0]!.toJS() as { resources: string[] };
const manifests = kustomization.resources.flatMap(readManifests);
const ofKind = <T = Manifest>(kind: string) => manifests.filter((m) => m.kind === kind) as unknown as T[];

interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  name: string;
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
  resources?: { requests?: { cpu?: string; memory?: string } };
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
}
interface DeploymentDoc extends Manifest {
  spec: {
    selector: { matchLabels: Record<string, string> };
    template: { spec: { terminationGracePeriodSeconds?: number; securityContext?: { runAsNonRoot?: boolean }; containers: Container[] } };
  };
}
interface ScaledObjectDoc extends Manifest {
  spec: { scaleTargetRef: { name: string }; minReplicaCount: number; maxReplicaCount: number; triggers: Array<{ type: string; metadata: Record<string, string> }> };
}

const deployments = ofKind<DeploymentDoc>('Deployment');
const serviceOf = (d: Manifest) => d.metadata.name.replace(/^winnow-/, '');

describe('infra/k8s as a kustomize base', () => {
  it('lists every manifest file of the folder, and only those', () => {
    const files = readdirSync(k8sDir).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
  });

  it.each(manifests.map((m) => [`${m.kind} ${m.metadata.name}`, m] as const))('%s is valid against its schema', (_name, doc) => {
    expect(() => validate(doc)).not.toThrow();
  });

  it('rejects a manifest that breaks the schema, so the check above can fail', () => {
    const broken = structuredClone(deployments[0]!) as unknown as { spec: { template: { spec: { containers: Array<Record<string, unknown>> } } } };
    broken.spec.template.spec.containers[0]!.ports = [{ containerPort: 'eighty' }];
    expect(() => validate(broken as unknown as Manifest)).toThrow(/containerPort/);
  });
});

describe('the Deployments', () => {
  it('run the four services', () => {
    expect(deployments.map(serviceOf).sort()).toEqual(['api', 'crawler', 'deduplicator', 'extractor']);
  });

  it.each(deployments.map((d) => [serviceOf(d), d] as const))('%s: liveness on /healthz, readiness on /readyz, a startupProbe', (_name, d) => {
    for (const c of d.spec.template.spec.containers) {
      expect(c.livenessProbe?.httpGet?.path).toBe('/healthz');
      expect(c.readinessProbe?.httpGet?.path).toBe('/readyz');
      expect(c.startupProbe?.httpGet).toBeDefined();
    }
  });

  it.each(deployments.map((d) => [serviceOf(d), d] as const))('%s: a grace period above the shutdown deadline', (_name, d) => {
    expect(d.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(SHUTDOWN_DEADLINE_SECONDS);
  });

  it.each(deployments.map((d) => [serviceOf(d), d] as const))('%s: non-root, read-only root filesystem, resource requests', (_name, d) => {
    expect(d.spec.template.spec.securityContext?.runAsNonRoot).toBe(true);
    for (const c of d.spec.template.spec.containers) {
      expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
      expect(c.resources?.requests?.cpu).toBeDefined();
      expect(c.resources?.requests?.memory).toBeDefined();
    }
  });

  it.each(deployments.map((d) => [serviceOf(d), d] as const))('%s: a PodDisruptionBudget selects its pods', (_name, d) => {
    const budgets = ofKind<Manifest & { spec: { selector: { matchLabels: Record<string, string> } } }>('PodDisruptionBudget');
    expect(budgets.filter((b) => JSON.stringify(b.spec.selector.matchLabels) === JSON.stringify(d.spec.selector.matchLabels))).toHaveLength(1);
  });

  it('read only configuration variables the services know, and the topic names of topics.json (no prefix)', () => {
    const data = ofKind<Manifest & { data?: Record<string, string>; stringData?: Record<string, string> }>('ConfigMap')
      .concat(ofKind('Secret'))
      .map((m) => ({ ...m.data, ...m.stringData }));
    const keys = data.flatMap((d) => Object.keys(d));
    expect(keys.filter((k) => !(k in baseEnv))).toEqual([]);
    expect(data.find((d) => 'TOPIC_PREFIX' in d)?.TOPIC_PREFIX).toBe('');
    for (const d of deployments) {
      for (const c of d.spec.template.spec.containers) {
        const refs = (c.envFrom ?? []).map((e) => e.configMapRef?.name ?? e.secretRef?.name);
        expect(refs.sort()).toEqual(['winnow-config', 'winnow-secrets']);
      }
    }
  });
});

describe('the KEDA ScaledObjects', () => {
  const topics = new Map(readTopicDefinitions().map((t) => [t.name, t.partitions]));
  const scaled = ofKind<ScaledObjectDoc>('ScaledObject');

  it('scale the crawler, extractor and deduplicator', () => {
    expect(scaled.map((s) => s.spec.scaleTargetRef.name).sort()).toEqual(['winnow-crawler', 'winnow-deduplicator', 'winnow-extractor']);
    for (const s of scaled) expect(deployments.map((d) => d.metadata.name)).toContain(s.spec.scaleTargetRef.name);
  });

  it.each(scaled.map((s) => [s.spec.scaleTargetRef.name, s] as const))('%s: on the lag of the topic and group its service consumes, up to the partitions', (target, s) => {
    const [trigger] = s.spec.triggers;
    expect(trigger?.type).toBe('kafka');
    const { topic, consumerGroup, bootstrapServersFromEnv } = trigger!.metadata;
    expect(bootstrapServersFromEnv).toBe('KAFKA_BROKERS');
    expect(topics.has(topic!), `${topic} in infra/topics.json`).toBe(true);
    expect(s.spec.maxReplicaCount).toBeLessThanOrEqual(topics.get(topic!)!);
    expect(s.spec.minReplicaCount).toBeGreaterThanOrEqual(1);
    // The service subscribes with this group to this topic (services/<name>/src/service.ts).
    const source = readFileSync(`${repoRoot}services/${target.replace(/^winnow-/, '')}/src/service.ts`, 'utf8');
    expect(source).toMatch(new RegExp(`_GROUP = '${consumerGroup}'`));
    expect(source).toContain(`topic: '${topic}'`);
  });
});

// Strimzi publishes no npm models; this is the part of its KafkaTopic CRD (kafka.strimzi.io/v1beta2) the file uses,
// strict so that a misspelt field fails: a DNS-1123 subdomain as name, the cluster label the operator selects on,
// partitions and replicas as positive integers, config values as scalars.
const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const KafkaTopicSchema = z.strictObject({
  apiVersion: z.literal('kafka.strimzi.io/v1beta2'),
  kind: z.literal('KafkaTopic'),
  metadata: z.strictObject({
    name: z.string().max(253).regex(dnsSubdomain),
    labels: z.record(z.string(), z.string()).refine((l) => typeof l['strimzi.io/cluster'] === 'string', 'needs the strimzi.io/cluster label'),
  }),
  spec: z.strictObject({
    topicName: z.string().min(1).optional(),
    partitions: z.int().min(1).optional(),
    replicas: z.int().min(1).max(32767).optional(),
    config: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  }),
});

describe('the Strimzi KafkaTopics (infra/k8s/strimzi, generated by infra/scripts/k8s-topics.mjs)', () => {
  const strimzi = parseAllDocuments(readFileSync(`${k8sDir}strimzi/kustomization.yaml`, 'utf8'))[0]!.toJS() as { resources: string[] };
  const kafkaTopics = strimzi.resources.flatMap((file) => readManifests(`strimzi/${file}`));
  type KafkaTopicDoc = z.infer<typeof KafkaTopicSchema>;

  it('are listed by their kustomization, and are all KafkaTopics', () => {
    expect(strimzi.resources).toEqual(['kafka-topics.yaml']);
    expect(kafkaTopics.map((t) => t.kind)).toEqual(kafkaTopics.map(() => 'KafkaTopic'));
  });

  it.each(kafkaTopics.map((t) => [t.metadata.name, t] as const))('%s has the shape of a KafkaTopic', (_name, doc) => {
    expect(KafkaTopicSchema.safeParse(doc).error?.issues ?? []).toEqual([]);
  });

  it('rejects a KafkaTopic that breaks the shape, so the check above can fail', () => {
    const broken = structuredClone(kafkaTopics[0]!) as unknown as { spec: Record<string, unknown> };
    broken.spec.partitions = 'twelve';
    expect(KafkaTopicSchema.safeParse(broken).success).toBe(false);
    expect(KafkaTopicSchema.safeParse({ ...kafkaTopics[0], metadata: { name: 'Crawl_Requests', labels: {} } }).success).toBe(false);
  });

  it('name every topic of infra/topics.json once, with its partitions and config', () => {
    const docs = kafkaTopics as unknown as KafkaTopicDoc[];
    const fromManifests = docs.map((t) => ({ name: t.spec.topicName ?? t.metadata.name, partitions: t.spec.partitions, config: t.spec.config }));
    expect(fromManifests).toEqual(readTopicDefinitions().map((t) => ({ name: t.name, partitions: t.partitions, config: t.config })));
  });
});
