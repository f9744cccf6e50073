import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duplicateDoc, uniqueDoc } from '../testing/doc-fixtures.js';
import type { SqlClient } from '../src/sql-client.js';
import { createReadModel, type ReadModel } from '../src/read-model.js';
import type { VerdictRecord } from '../src/document-writes.js';

const t = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
let seq = 0;

/** One docs.* message for a document, as the API consumer applies it (`version`: the deduplicator's, 0 for none). */
type Step =
  | { kind: 'unique'; at: number; version: number; sources?: boolean }
  | { kind: 'tombstone'; at: number; version: number }
  | { kind: 'duplicate'; at: number; version: number; relation?: 'exact' | 'near' };

interface Scenario {
  name: string;
  steps: Step[];
  /** What the document shows once every step is applied, whatever their order. */
  expected: { verdict: 'unique' | 'duplicate' | 'removed'; relation?: 'exact' | 'near'; sources?: boolean };
}

const U = (at: number, sources = false, version = 0): Step => ({ kind: 'unique', at, version, sources });
const R = (at: number, version = 0): Step => ({ kind: 'tombstone', at, version });
const D = (at: number, relation: 'exact' | 'near' = 'exact', version = 0): Step => ({ kind: 'duplicate', at, version, relation });

const SCENARIOS: Scenario[] = [
  { name: 'unique, then tombstone and duplicate (a copy revised)', steps: [U(1), R(2), D(3)], expected: { verdict: 'duplicate', relation: 'exact' } },
  { name: 'all three stamped in the same millisecond', steps: [U(1), R(1), D(1)], expected: { verdict: 'duplicate', relation: 'exact' } },
  { name: 'unique and duplicate with equal times, no tombstone yet', steps: [U(1), D(1)], expected: { verdict: 'duplicate', relation: 'exact' } },
  { name: 'tombstone stamped later than its duplicate', steps: [U(1), R(3), D(2)], expected: { verdict: 'duplicate', relation: 'exact' } },
  { name: 'a redelivered unique record after the rest', steps: [U(1), R(2), D(2), U(1)], expected: { verdict: 'duplicate', relation: 'exact' } },
  { name: 'republished as unique after being a duplicate', steps: [U(1), R(2), D(2), U(5, true)], expected: { verdict: 'unique', sources: true } },
  {
    name: 'republished as unique, then withdrawn again (the duplicate record is shown again)',
    steps: [U(1), R(2), D(2, 'near'), U(5, true), R(6)],
    expected: { verdict: 'duplicate', relation: 'near' },
  },
  { name: 'two duplicate verdicts: the later one is shown', steps: [U(1), R(2), D(2, 'exact'), D(4, 'near')], expected: { verdict: 'duplicate', relation: 'near' } },
  { name: 'a tombstone whose duplicate never comes hides the document', steps: [U(1), R(2)], expected: { verdict: 'removed' } },
  // One instance published the copy unique (version 1) with a later time than another instance's
  // demotion of it (version 2): records are ordered by version, not by when they were stamped.
  {
    name: 'a demotion (version 2) stamped before the first unique record (version 1)',
    steps: [U(9, false, 1), R(5, 2), D(5, 'near', 2)],
    expected: { verdict: 'duplicate', relation: 'near' },
  },
  { name: 'a source added (version 2) before the first record (version 1) is stamped', steps: [U(5, true, 2), U(9, false, 1)], expected: { verdict: 'unique', sources: true } },
];

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}

/**
 * The read model's verdict for a document must not depend on the order in which its docs.unique and
 * docs.duplicates messages arrive, nor on two API instances applying them at the same moment.
 */
export function verdictOrderContract(name: string, open: () => Promise<SqlClient>) {
  describe(`verdicts in any arrival order: ${name}`, () => {
    let client: SqlClient;
    let store: ReadModel;

    beforeAll(async () => {
      client = await open();
      store = createReadModel(client);
      await store.migrate();
    });
    afterAll(() => client?.close());

    function documentFor(label: string) {
      const jobId = `job-order-${++seq}-${Math.random().toString(36).slice(2, 8)}`;
      const original = uniqueDoc({ url: `https://order.example/original-${jobId}`, text: 'story', jobId });
      const copyUrl = `https://order.example/${label}-${jobId}`;
      const apply = (step: Step): Promise<void> => {
        if (step.kind === 'tombstone') return store.removeUnique(copy.docId, t(step.at), step.version);
        if (step.kind === 'duplicate') {
          const dup = duplicateDoc({ url: copyUrl, text: 'story', jobId }, original, { relation: step.relation ?? 'exact' });
          return store.markDuplicate(dup, t(step.at), step.version);
        }
        const extra = step.sources ? { sources: [{ id: original.docId, relation: 'contains' as const, containment: 0.9 }], novelText: 'own words' } : {};
        return store.upsertUnique(uniqueDoc({ url: copyUrl, text: 'story', jobId }, extra), t(step.at), step.version);
      };
      /** The step as the record the API consumer hands to applyVerdicts with the rest of its batch. */
      const record = (step: Step): VerdictRecord => {
        if (step.kind === 'tombstone') return { kind: 'tombstone', docId: copy.docId, at: t(step.at), version: step.version };
        if (step.kind === 'duplicate') {
          const doc = duplicateDoc({ url: copyUrl, text: 'story', jobId }, original, { relation: step.relation ?? 'exact' });
          return { kind: 'duplicate', doc, at: t(step.at), version: step.version };
        }
        const extra = step.sources ? { sources: [{ id: original.docId, relation: 'contains' as const, containment: 0.9 }], novelText: 'own words' } : {};
        return { kind: 'unique', doc: uniqueDoc({ url: copyUrl, text: 'story', jobId }, extra), at: t(step.at), version: step.version };
      };
      const copy = uniqueDoc({ url: copyUrl, text: 'story', jobId });
      return { jobId, original, copy, apply, record };
    }

    async function expectSettled(d: ReturnType<typeof documentFor>, expected: Scenario['expected'], order: string) {
      const view = await store.getDocument(d.copy.docId);
      const counts = await store.countsForJob(d.jobId);
      const seen = { verdict: view?.verdict ?? 'removed', relation: view?.relation, sources: (view?.sources.length ?? 0) > 0 };
      const want = { verdict: expected.verdict, relation: expected.relation, sources: expected.sources ?? false };
      expect({ order, ...seen }).toEqual({ order, ...want });
      if (expected.verdict === 'duplicate') expect(view?.duplicateOf).toBe(d.original.docId);
      else if (view) expect(view).not.toHaveProperty('duplicateOf');
      expect(counts).toEqual({
        unique: expected.verdict === 'unique' ? 1 : 0,
        duplicate: expected.verdict === 'duplicate' ? 1 : 0,
      });
    }

    for (const scenario of SCENARIOS) {
      it(`${scenario.name}: every arrival order`, async () => {
        for (const order of permutations(scenario.steps.map((s, i) => i))) {
          const d = documentFor('seq');
          for (const i of order) await d.apply(scenario.steps[i]!);
          await expectSettled(d, scenario.expected, order.join(','));
        }
      });

      it(`${scenario.name}: in batches, every arrival order`, async () => {
        // Batch k holds the k-th arriving step of every order's document (the multi-row path, one record
        // per document); then each order again with all its steps in one batch (several records per document).
        const orders = permutations(scenario.steps.map((s, i) => i));
        const spread = orders.map((order) => ({ order, d: documentFor('batch') }));
        for (let k = 0; k < scenario.steps.length; k++) {
          await store.applyVerdicts(spread.map(({ order, d }) => d.record(scenario.steps[order[k]!]!)));
        }
        for (const { order, d } of spread) await expectSettled(d, scenario.expected, `batched ${order.join(',')}`);
        const together = orders.map((order) => ({ order, d: documentFor('one-batch') }));
        await store.applyVerdicts(together.flatMap(({ order, d }) => order.map((i) => d.record(scenario.steps[i]!))));
        for (const { order, d } of together) await expectSettled(d, scenario.expected, `one batch ${order.join(',')}`);
      });

      it(`${scenario.name}: all at once, repeatedly`, async () => {
        for (let round = 0; round < 8; round++) {
          const d = documentFor('concurrent');
          const steps = round % 2 === 0 ? scenario.steps : [...scenario.steps].reverse();
          await Promise.all(steps.map((s) => d.apply(s)));
          await expectSettled(d, scenario.expected, `concurrent round ${round}`);
        }
      });
    }
  });
}
