import { trace, type ProxyTracerProvider } from '@opentelemetry/api';
import type { Logger } from '@winnow/logging';

/** Each phase's own deadline; the total deadline is their sum plus `marginMs`. */
export interface ShutdownDeadlines {
  /** Stop intake and finish in-flight work (offsets committed below the oldest unfinished message). */
  drainMs: number;
  /** Flush and disconnect producers. */
  flushMs: number;
  /** Close servers and clients (health server, Redis, PostgreSQL). */
  closeMs: number;
  /** Slack beyond the three phases before the process gives up with exit code 1. */
  marginMs: number;
}

export const DEFAULT_DEADLINES: ShutdownDeadlines = { drainMs: 10_000, flushMs: 5_000, closeMs: 5_000, marginMs: 5_000 };

export interface RunServiceOptions {
  logger: Logger;
  /** Connects, subscribes, listens. A failure is logged as fatal and the process exits 1. */
  start(): Promise<void>;
  /** The drain phase: the service's own `stop()`. */
  drain(): Promise<void>;
  /** The flush phase: producers (the bus). */
  flush?(): Promise<void>;
  /** The close phase, in this order (reverse order of creation). */
  close?: Array<() => unknown>;
  deadlines?: Partial<ShutdownDeadlines>;
  /** For tests; the process's own by default. */
  exit?: (code: number) => void;
  signals?: NodeJS.EventEmitter;
}

export interface RunningService {
  /** Runs the shutdown phases once (later calls share the first); resolves with the exit code. */
  shutdown(reason: string): Promise<number>;
}

/**
 * The one way a service process runs: start (a failure is logged and exits 1), then on SIGTERM or SIGINT
 * drain, flush and close, each phase inside its own deadline and all of them inside a total deadline
 * larger than their sum. A phase past its deadline is logged and the next one still runs, so a slow drain
 * cannot keep the producer from flushing what it already holds.
 */
export async function runService(opts: RunServiceOptions): Promise<RunningService> {
  const { logger } = opts;
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const deadlines = { ...DEFAULT_DEADLINES, ...opts.deadlines };
  const signals = opts.signals ?? process;
  let stopping: Promise<number> | undefined;

  const phase = async (name: string, ms: number, fn: () => Promise<unknown>): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), ms);
      timer.unref();
    });
    try {
      if ((await Promise.race([fn(), late])) === 'late') {
        logger.error({ phase: name, deadlineMs: ms }, 'shutdown phase passed its deadline');
        return false;
      }
      return true;
    } catch (err) {
      logger.error({ err, phase: name }, 'shutdown phase failed');
      return false;
    } finally {
      clearTimeout(timer);
    }
  };

  const shutdown = (reason: string): Promise<number> => {
    stopping ??= (async () => {
      logger.info({ reason }, 'shutting down');
      const total = deadlines.drainMs + deadlines.flushMs + deadlines.closeMs + deadlines.marginMs;
      const hard = setTimeout(() => {
        logger.error({ deadlineMs: total }, 'shutdown deadline passed');
        exit(1);
      }, total);
      hard.unref();
      let clean = await phase('drain', deadlines.drainMs, () => opts.drain());
      if (opts.flush) clean = (await phase('flush', deadlines.flushMs, () => opts.flush!())) && clean;
      for (const close of opts.close ?? []) clean = (await phase('close', deadlines.closeMs, async () => close())) && clean;
      // Spans still batched in the process go to the collector before it exits (no-op without an SDK).
      await phase('close', deadlines.closeMs, flushSpans);
      clearTimeout(hard);
      logger.info({ clean }, 'stopped');
      return clean ? 0 : 1;
    })();
    return stopping;
  };

  const onSignal = (signal: NodeJS.Signals) => {
    void shutdown(signal).then(exit);
  };
  signals.once('SIGTERM', onSignal);
  signals.once('SIGINT', onSignal);

  try {
    await opts.start();
  } catch (err) {
    // A coded error (WINNOW_ERR_...) is an expected condition whose message says what to do: one line, no stack.
    const code = codeOf(err);
    if (code) logger.fatal({ code }, (err as Error).message);
    else logger.fatal({ err }, 'failed to start');
    // What did start is released before exiting, inside the same deadlines.
    await shutdown('start failed');
    exit(1);
  }
  return { shutdown };
}

function codeOf(err: unknown): string | undefined {
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('WINNOW_ERR_') ? code : undefined;
}

/** Flushes whatever tracer provider the service's instrumentation.ts registered, through the API alone. */
async function flushSpans(): Promise<void> {
  const provider = trace.getTracerProvider() as ProxyTracerProvider;
  const delegate = (typeof provider.getDelegate === 'function' ? provider.getDelegate() : provider) as { forceFlush?: () => Promise<void> };
  await delegate.forceFlush?.();
}
