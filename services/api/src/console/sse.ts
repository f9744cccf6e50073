import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SafeHtml } from './html.js';

type Send = (event: string, fragment: SafeHtml) => void;

/** Open streams of one app, ended at its close so that shutdown does not wait for browsers. */
export type OpenStreams = Set<() => void>;

/**
 * A server-sent event stream: `tick` runs now and every `intervalMs` until it returns false or the client
 * goes away. Each event carries an HTML fragment for htmx's SSE extension to swap in.
 */
export function sseStream(streams: OpenStreams, req: FastifyRequest, reply: FastifyReply, intervalMs: number, tick: (send: Send) => Promise<boolean>): void {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
  const send: Send = (event, fragment) => {
    const data = fragment.value.split('\n').map((line) => `data: ${line}`).join('\n');
    res.write(`event: ${event}\n${data}\n\n`);
  };
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const close = () => {
    closed = true;
    streams.delete(close);
    clearTimeout(timer);
    if (!res.writableEnded) res.end();
  };
  streams.add(close);
  req.raw.on('close', close);
  const run = async () => {
    try {
      if (closed) return;
      if (await tick(send)) timer = setTimeout(() => void run(), intervalMs);
      else close();
    } catch (err) {
      req.log.warn({ err }, 'console event stream failed');
      close();
    }
  };
  void run();
}
