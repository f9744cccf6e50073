import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueDoc } from '@winnow/read-model/testing';
import type { DocUnique } from '@winnow/types';
import { eventually, startHarness, type Harness } from './harness.js';

// The store is down while `outage` is set: the API's consumer retries, then dead-letters the message.
let outage = false;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    readModel: (store) => ({
      ...store,
      applyVerdicts: async (records) => {
        if (outage) throw new Error('connection refused by the store');
        return store.applyVerdicts(records);
      },
    }),
  });
});
afterAll(() => h?.close());

const listDlq = (topic: string, query = '') => h.app.inject({ method: 'GET', url: `/v1/dlq/${topic}${query}` });
const replay = (topic: string, payload: object) => h.app.inject({ method: 'POST', url: `/v1/dlq/${topic}/replay`, payload });

describe('dead letters', () => {
  it('lists a poison message with its error code, stage, attempt, time and original key', async () => {
    await h.bus.publish([{ topic: 'docs.unique', key: 'poison-1', value: { not: 'a document' } as unknown as DocUnique }]);
    const list = await eventually(async () => {
      const res = await listDlq('docs.unique');
      expect(res.json().total).toBeGreaterThan(0);
      return res.json();
    });
    expect(list).toMatchObject({ topic: 'docs.unique', dlq: 'docs.unique.dlq', codes: ['WINNOW_ERR_INVALID_MESSAGE'] });
    const [poison] = list.items;
    expect(poison).toMatchObject({ key: 'poison-1', code: 'WINNOW_ERR_INVALID_MESSAGE', stage: 'api', attempt: 1, value: '{"not":"a document"}' });
    expect(poison.id).toMatch(/^\d+-\d+$/);
    expect(Date.parse(poison.time)).not.toBeNaN();
    expect(poison.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-/);
  });

  it('filters by code and refuses unknown topics and malformed selections as 400 problems', async () => {
    expect((await listDlq('docs.unique', '?code=WINNOW_ERR_RETRIES_EXHAUSTED')).json().items.every((i: { code: string }) => i.code === 'WINNOW_ERR_RETRIES_EXHAUSTED')).toBe(true);
    for (const res of [await listDlq('no.such.topic'), await listDlq('docs.unique', '?code=%00'), await replay('docs.unique', { ids: ['x'] })]) {
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('counts a replay on a dry run, then replays a good message that was dead-lettered and it is stored', async () => {
    const doc = uniqueDoc({ url: 'https://news.example/outage', text: 'Stored after the outage was over.' });
    outage = true;
    await h.bus.publish([{ topic: 'docs.unique', key: doc.docId, value: doc }]);
    const letter = await eventually(async () => {
      const found = (await listDlq('docs.unique', '?code=WINNOW_ERR_RETRIES_EXHAUSTED')).json().items.find((i: { key: string }) => i.key === doc.docId);
      expect(found).toBeDefined();
      return found;
    }, 20_000);
    expect(letter).toMatchObject({ stage: 'api', attempt: 5, message: 'connection refused by the store' });
    outage = false;

    const dry = (await replay('docs.unique', { code: 'WINNOW_ERR_RETRIES_EXHAUSTED', dryRun: true })).json();
    expect(dry).toMatchObject({ dryRun: true, matched: 1, replayed: 0, ids: [letter.id] });
    expect((await h.app.inject({ method: 'GET', url: `/v1/documents/${doc.docId}` })).statusCode).toBe(404);

    const done = (await replay('docs.unique', { ids: [letter.id, '5-999999'] })).json();
    expect(done).toMatchObject({ dryRun: false, matched: 1, replayed: 1, missing: ['5-999999'] });
    await eventually(async () => expect((await h.app.inject({ method: 'GET', url: `/v1/documents/${doc.docId}` })).statusCode).toBe(200));
    const republished = h.bus.messages('docs.unique').filter((m) => m.key === doc.docId);
    expect(republished).toHaveLength(2);
    expect(republished[1]!.headers.traceparent).toBe(republished[0]!.headers.traceparent);
  });
});
