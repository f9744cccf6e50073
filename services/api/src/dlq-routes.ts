import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DeadLetter } from '@winnow/bus';
import type { AppDeps } from './app-deps.js';
import { dlqListQuery, dlqReplayBody, dlqTopicParam } from './request-schemas.js';
import { deadLetterListSchema, problemResponses, replayResultSchema } from './response-schemas.js';

/** A value longer than this is cut in listings: a poison page body can be megabytes. */
const VALUE_PREVIEW = 4000;

/** What the listing shows of a dead letter: everything but the full value. */
function toView(l: DeadLetter) {
  const value = l.value ?? '';
  return {
    id: l.id,
    topic: l.topic,
    partition: l.partition,
    offset: l.offset,
    key: l.key,
    code: l.code,
    message: l.message,
    stage: l.stage,
    attempt: l.attempt,
    time: l.time,
    headers: l.headers,
    value: value.length > VALUE_PREVIEW ? value.slice(0, VALUE_PREVIEW) : value,
    valueTruncated: value.length > VALUE_PREVIEW,
  };
}

const newestFirst = (a: DeadLetter, b: DeadLetter): number => b.time.localeCompare(a.time) || a.id.localeCompare(b.id);

/**
 * Dead letters (scope `admin`): `GET /v1/dlq/:topic` lists a source topic's DLQ, newest first, filtered by
 * error code; `POST /v1/dlq/:topic/replay` sends one, some (`ids`) or every matching message back to the
 * source topic with its original headers, or with `dryRun` only counts them. Replayed messages stay in the
 * DLQ (a Kafka topic is append-only): replaying one twice delivers it twice, which idempotent consumers absorb.
 */
export function registerDlqRoutes(fastify: FastifyInstance, { bus }: AppDeps): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const listSchema = { summary: "A topic's dead letters, newest first", params: dlqTopicParam, querystring: dlqListQuery, response: { 200: deadLetterListSchema, ...problemResponses } };
  app.get('/v1/dlq/:topic', { config: { scope: 'admin' }, schema: listSchema }, async (req) => {
    const { topic } = req.params;
    const { code, limit } = req.query;
    const letters = (await bus.deadLetters(topic)).filter((l) => code === undefined || l.code === code).sort(newestFirst);
    const codes = [...new Set(letters.map((l) => l.code))].sort();
    return { topic, dlq: `${topic}.dlq`, total: letters.length, codes, items: letters.slice(0, limit).map(toView) };
  });

  const replaySchema = { summary: 'Send dead letters back to their source topic (or count them: dryRun)', params: dlqTopicParam, body: dlqReplayBody, response: { 200: replayResultSchema, ...problemResponses } };
  app.post('/v1/dlq/:topic/replay', { config: { scope: 'admin' }, schema: replaySchema }, async (req) => {
    const { topic } = req.params;
    const { code, ids, dryRun } = req.body;
    const wanted = ids === undefined ? undefined : new Set(ids);
    const matched = (await bus.deadLetters(topic)).filter((l) => (code === undefined || l.code === code) && (wanted === undefined || wanted.has(l.id)));
    if (!dryRun) await bus.replay(matched);
    const found = new Set(matched.map((l) => l.id));
    req.log.info({ topic, code, matched: matched.length, dryRun }, dryRun ? 'dead letters counted' : 'dead letters replayed');
    return {
      topic,
      dryRun,
      matched: matched.length,
      replayed: dryRun ? 0 : matched.length,
      ids: matched.map((l) => l.id),
      missing: ids === undefined ? [] : ids.filter((id) => !found.has(id)),
    };
  });
}
