import { ok, type Bus } from '@winnow/bus';
import type { Index } from '@winnow/dedup';
import type { JudgedDocStore } from '@winnow/dedup';
import type { Logger } from '@winnow/logging';
import { createDeduplicatorService } from './service.js';

export interface RebuildDeps {
  bus: Bus;
  /** An index over a fresh namespace (new thresholds, new shard count). */
  index: Index;
  docs: JudgedDocStore;
  logger: Logger;
  /** Names the consumer group, so a rebuild reads docs.extracted from its beginning. */
  namespace: string;
  /** Publish the rebuilt verdicts too (only once the live deduplicators use the new namespace). */
  publish: boolean;
  /** Stop after this long without a message. */
  idleMs: number;
  concurrency: number;
}

export interface RebuildResult {
  documents: number;
  unique: number;
  duplicate: number;
}

/**
 * `winnow dedup rebuild`: replays docs.extracted, from its beginning, into a fresh index namespace
 * through the deduplicator's own handler, and stops once the topic has been idle for `idleMs`.
 */
export async function rebuildIndex(deps: RebuildDeps): Promise<RebuildResult> {
  const judged = new Set<string>();
  const service = createDeduplicatorService({ ...deps, config: { concurrency: deps.concurrency } });
  let last = Date.now();
  const sub = await deps.bus.subscribe({
    group: `deduplicator-rebuild-${deps.namespace}`,
    topic: 'docs.extracted',
    concurrency: deps.concurrency,
    handler: async (msg) => {
      last = Date.now();
      const outcome = await service.handle(msg);
      last = Date.now();
      if (outcome.kind !== 'ok') return outcome;
      judged.add(msg.key);
      return deps.publish ? outcome : ok();
    },
  });
  while (Date.now() - last < deps.idleMs) await new Promise((r) => setTimeout(r, Math.min(250, deps.idleMs)));
  await sub.stop();
  // Counted from the final states: a later document may have changed an earlier one's verdict.
  const result: RebuildResult = { documents: judged.size, unique: 0, duplicate: 0 };
  for (const id of judged) {
    const state = await deps.index.get(id);
    if (state?.verdict === 'duplicate') result.duplicate++;
    else result.unique++;
  }
  deps.logger.info({ namespace: deps.namespace, ...result }, 'dedup index rebuilt');
  return result;
}
