import type { ChainableCommander, Redis } from 'ioredis';

/** Scripts written to Redis in one write, at most; fewer when fewer are waiting at the end of the tick. */
export const MAX_BATCH = 8;

/** Queues one command on a pipeline; the batch resolves with that command's reply. */
export type Send = <T>(add: (pipeline: ChainableCommander) => void) => Promise<T>;

interface Queued {
  add: (pipeline: ChainableCommander) => void;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

const batchers = new WeakMap<Redis, Send>();

/**
 * Sends concurrent judgements' scripts in small batches: a batch is written as soon as MAX_BATCH
 * commands wait, or at the end of the tick. Each write to the socket costs a system call (a fifth of
 * this process's time when every script went alone); ioredis' auto-pipelining saves them too, but
 * holds every command to the end of the tick, so Redis idles while all in-flight judgements hash
 * their documents and this process idles while Redis runs their scripts. A small batch keeps both busy.
 * One batcher per client, shared by the index and the site-template store.
 */
export function commandBatch(redis: Redis): Send {
  const existing = batchers.get(redis);
  if (existing) return existing;
  let queue: Queued[] = [];
  let scheduled = false;
  const flush = (): void => {
    const calls = queue;
    queue = [];
    if (calls.length === 0) return;
    const pipeline = redis.pipeline();
    for (const c of calls) c.add(pipeline);
    pipeline.exec().then(
      (results) => {
        calls.forEach((c, i) => {
          const [err, value] = results?.[i] ?? [new Error('no reply from Redis'), null];
          if (err) c.reject(err);
          else c.resolve(value);
        });
      },
      (err: unknown) => {
        for (const c of calls) c.reject(err);
      },
    );
  };
  const send: Send = <T>(add: (pipeline: ChainableCommander) => void) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ add, resolve: resolve as (value: unknown) => void, reject });
      if (queue.length >= MAX_BATCH) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(() => {
          scheduled = false;
          flush();
        });
      }
    });
  batchers.set(redis, send);
  return send;
}
