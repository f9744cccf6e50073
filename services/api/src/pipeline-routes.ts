import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ConsumerLag } from '@winnow/bus';
import type { AppDeps } from './app-deps.js';
import { pipelineSchema, problemResponses } from './response-schemas.js';

interface Sample {
  at: number;
  /** group + topic -> summed position over partitions. */
  positions: Map<string, number>;
}

/** Rates are measured against the newest sample at least this old, so that frequent readers still see a rate. */
const MIN_SPAN_MS = 2000;
const KEEP_MS = 60_000;

export interface PipelineView {
  sampledAt: string;
  /** Per consumer group (a stage) and topic: messages not handled yet, and handled per second lately. */
  stages: Array<{ group: string; topic: string; lag: number; position: number; perSecond: number | null }>;
}

const keyOf = (group: string, topic: string): string => `${group}\u0000${topic}`;

/**
 * `GET /v1/pipeline` (scope `read`): consumer lag per group and topic, and each group's messages per second
 * measured from the movement of its positions between this call and an earlier one (null until there is one).
 */
export function registerPipelineRoutes(fastify: FastifyInstance, { bus }: AppDeps): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const samples: Sample[] = [];
  const schema = { summary: 'Consumer lag and messages per second per stage', response: { 200: pipelineSchema, ...problemResponses } };
  app.get('/v1/pipeline', { config: { scope: 'read' }, schema }, async (): Promise<PipelineView> => {
    const rows: ConsumerLag[] = await bus.consumerLag();
    const now = Date.now();
    const totals = new Map<string, { group: string; topic: string; lag: number; position: number }>();
    for (const r of rows) {
      const k = keyOf(r.group, r.topic);
      const t = totals.get(k) ?? { group: r.group, topic: r.topic, lag: 0, position: 0 };
      t.lag += r.lag;
      t.position += r.committed;
      totals.set(k, t);
    }
    const base = samples.filter((s) => now - s.at >= MIN_SPAN_MS).at(-1);
    samples.push({ at: now, positions: new Map([...totals].map(([k, t]) => [k, t.position])) });
    while (samples.length > 0 && now - samples[0]!.at > KEEP_MS) samples.shift();
    const stages = [...totals].map(([k, t]) => {
      const before = base?.positions.get(k);
      const perSecond = base && before !== undefined ? Math.max(0, (t.position - before) / ((now - base.at) / 1000)) : null;
      return { ...t, perSecond: perSecond === null ? null : Math.round(perSecond * 100) / 100 };
    });
    stages.sort((a, b) => a.group.localeCompare(b.group) || a.topic.localeCompare(b.topic));
    return { sampledAt: new Date(now).toISOString(), stages };
  });
}
