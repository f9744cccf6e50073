import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiService, type ApiService } from '@winnow/api';
import { createMemoryBus, ok, type MemoryBus } from '@winnow/bus';
import { MemoryJobProgress } from '@winnow/crawl-state';
import { createLogger } from '@winnow/logging';
import { createPgliteClient, createReadModel, type SqlClient } from '@winnow/read-model';
import type { PageFetched } from '@winnow/types';
import { run } from './dlq.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, stdin: Readable.from([]) } };
}

let bus: MemoryBus;
let sql: SqlClient;
let api: ApiService;
let env: Record<string, string>;

beforeAll(async () => {
  bus = createMemoryBus({ source: 'dlq-cli-test' });
  sql = await createPgliteClient(undefined);
  api = createApiService({ readModel: createReadModel(sql), bus, progress: new MemoryJobProgress(), logger: createLogger({ level: 'silent', name: 'dlq-cli-test' }) });
  await api.start();
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  const address = api.app.server.address();
  env = { WINNOW_API_URL: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
  // The extractor's group, as the bus runs it: a message that fails validation is dead-lettered before the handler.
  await bus.subscribe({ group: 'extractor', topic: 'pages.fetched', handler: async () => ok() });
  await bus.publish([
    { topic: 'pages.fetched', key: 'poison-a', value: { not: 'a page' } as unknown as PageFetched },
    { topic: 'pages.fetched', key: 'poison-b', value: { still: 'not a page' } as unknown as PageFetched },
  ]);
  await vi.waitFor(() => expect(bus.messages('pages.fetched.dlq')).toHaveLength(2));
});
afterAll(async () => {
  await api?.stop();
  await bus?.stop();
  await sql?.close();
});

describe('winnow dlq replay', () => {
  it('counts on --dry-run, then replays by code with the original headers', async () => {
    const dry = io();
    expect(await run(['replay', '--topic', 'pages.fetched', '--code', 'WINNOW_ERR_INVALID_MESSAGE', '--dry-run'], dry.io, env)).toBe(0);
    expect(dry.out[0]).toBe('dry run: 2 messages of pages.fetched.dlq with code WINNOW_ERR_INVALID_MESSAGE would be replayed to pages.fetched\n');
    expect(bus.messages('pages.fetched')).toHaveLength(2);

    const real = io();
    expect(await run(['replay', '--topic', 'pages.fetched'], real.io, env)).toBe(0);
    expect(real.out[0]).toBe('replayed 2 messages of pages.fetched.dlq to pages.fetched\n');
    const sent = bus.messages('pages.fetched');
    expect(sent).toHaveLength(4);
    const pairs = (ms: typeof sent) => ms.map((m) => `${m.key} ${m.headers.traceparent}`).sort();
    expect(pairs(sent.slice(2))).toEqual(pairs(sent.slice(0, 2)));
  });

  it('matches nothing for another code', async () => {
    const none = io();
    expect(await run(['replay', '--topic', 'pages.fetched', '--code', 'WINNOW_ERR_RETRIES_EXHAUSTED', '--dry-run'], none.io, env)).toBe(0);
    expect(none.out).toEqual(['dry run: 0 messages of pages.fetched.dlq with code WINNOW_ERR_RETRIES_EXHAUSTED would be replayed to pages.fetched\n']);
  });

  it('names bad input and an API it cannot reach', async () => {
    const usage = io();
    expect(await run(['replay', '--topic', 'no.such'], usage.io, env)).toBe(2);
    expect(usage.err[0]).toContain('--topic: unknown topic "no.such"');
    const sub = io();
    expect(await run(['list'], sub.io, env)).toBe(2);
    expect(sub.err[0]).toContain('unknown subcommand "list"');
    const bad = io();
    expect(await run(['replay', '--topic', 'pages.fetched', '--code', 'lower case'], bad.io, env)).toBe(1);
    expect(bad.err[0]).toContain('400 WINNOW_ERR_VALIDATION body.code');
    const away = io();
    expect(await run(['replay', '--topic', 'pages.fetched'], away.io, { WINNOW_API_URL: 'http://127.0.0.1:9' })).toBe(1);
    expect(away.err[0]).toContain('the API at http://127.0.0.1:9 did not answer');
  });
});
