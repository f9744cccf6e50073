/**
 * Generates one JSON Schema per topic and one AsyncAPI 3 document from the zod contracts.
 * `npm run contracts` writes them under infra/; contracts.test.ts fails when they are stale.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { catalog, type TopicName } from './catalog.js';
import { DLQ_HEADERS, dlqTopic } from './contract.js';

export interface GeneratedFile {
  /** Path relative to the repository root. */
  path: string;
  content: string;
}

const HEADER_NOTE = 'Generated from packages/types by `npm run contracts`; do not edit.';

function jsonSchemaOf(name: TopicName): Record<string, unknown> {
  const contract = catalog[name];
  return {
    $comment: HEADER_NOTE,
    title: `${contract.topic} v${contract.version}`,
    description: contract.description,
    ...(z.toJSONSchema(contract.schema, { io: 'input' }) as Record<string, unknown>),
  };
}

const cloudEventHeaders = {
  type: 'object',
  required: ['ce_specversion', 'ce_id', 'ce_source', 'ce_type', 'ce_time', 'content-type', 'traceparent'],
  properties: {
    ce_specversion: { type: 'string', const: '1.0' },
    ce_id: { type: 'string' },
    ce_source: { type: 'string' },
    ce_type: { type: 'string' },
    ce_time: { type: 'string', format: 'date-time' },
    'content-type': { type: 'string', const: 'application/json' },
    traceparent: { type: 'string', description: 'W3C trace context' },
  },
};

function asyncApi(): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const name of Object.keys(catalog) as TopicName[]) {
    const c = catalog[name];
    const id = name.replace(/\./g, '_');
    messages[id] = {
      name: c.ceType,
      title: c.topic,
      summary: c.description,
      contentType: 'application/json',
      headers: {
        ...cloudEventHeaders,
        properties: {
          ...cloudEventHeaders.properties,
          ce_type: { type: 'string', const: c.ceType },
          ...Object.fromEntries(Object.entries(c.headers ?? {}).map(([h, description]) => [h, { type: 'string', description }])),
        },
      },
      payload: { $ref: `./schemas/${c.topic}.json` },
      bindings: { kafka: { key: { type: 'string', description: c.key } } },
    };
    channels[id] = {
      address: c.topic,
      description: `${c.description}${c.compacted ? ' Compacted by key; null values are tombstones.' : ''}`,
      messages: { [id]: { $ref: `#/components/messages/${id}` } },
    };
    channels[`${id}_dlq`] = {
      address: dlqTopic(c.topic),
      description: `Messages from ${c.topic} that could not be processed: original key, value and headers, plus ${Object.values(DLQ_HEADERS).join(', ')}.`,
      messages: { [`${id}_dlq`]: { $ref: `#/components/messages/${id}_dlq` } },
    };
    messages[`${id}_dlq`] = { name: `${c.topic}.dlq`, title: `${c.topic} dead letters`, contentType: 'application/json' };
  }
  return {
    asyncapi: '3.0.0',
    info: { title: 'Winnow topics', version: '1.0.0', description: HEADER_NOTE },
    defaultContentType: 'application/json',
    channels,
    components: { messages },
  };
}

/** Every generated file with its content, for writing or for the staleness test. */
export function generatedFiles(): GeneratedFile[] {
  const files: GeneratedFile[] = (Object.keys(catalog) as TopicName[]).map((name) => ({
    path: `infra/schemas/${name}.json`,
    content: `${JSON.stringify(jsonSchemaOf(name), null, 2)}\n`,
  }));
  files.push({ path: 'infra/asyncapi.json', content: `${JSON.stringify(asyncApi(), null, 2)}\n` });
  return files;
}

/** The repository root, found from this module's location (packages/types/dist or src). */
export function repoRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = repoRoot();
  for (const file of generatedFiles()) {
    const target = join(root, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
    process.stdout.write(`wrote ${file.path}\n`);
  }
}
