/**
 * Per-host politeness: at most `connections` requests in flight to a host, and at least `delayMs`
 * between the end of one request and the start of the next. Hosts never wait on each other.
 */
interface HostState {
  inflight: number;
  /** Earliest time the next request may start (epoch ms). */
  nextStart: number;
  waiters: (() => void)[];
}

/** Time as the politeness code sees it. Tests pass a virtual one to assert the delays asked for. */
export interface Clock {
  /** Epoch ms. */
  now(): number;
  /** Resolves after ms, or at once when signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** Date.now and setTimeout. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    }),
};

export interface HostGateOptions {
  connections: number;
  /** Defaults to systemClock. */
  clock?: Clock;
}

export class HostGate {
  private readonly hosts = new Map<string, HostState>();
  private readonly connections: number;
  private readonly clock: Clock;
  private readonly stopping = new AbortController();

  constructor(opts: HostGateOptions) {
    this.connections = opts.connections;
    this.clock = opts.clock ?? systemClock;
  }

  /** Runs fn when the host is free, then holds the host for delayMs after fn settles. */
  async run<T>(host: string, delayMs: number, fn: () => Promise<T>): Promise<T> {
    const state = this.state(host);
    while (state.inflight >= this.connections) await new Promise<void>((resolve) => state.waiters.push(resolve));
    state.inflight += 1;
    try {
      let wait = state.nextStart - this.now();
      while (wait > 0 && !this.stopping.signal.aborted) {
        await this.clock.sleep(wait, this.stopping.signal);
        wait = state.nextStart - this.now();
      }
      return await fn();
    } finally {
      state.nextStart = Math.max(state.nextStart, this.now() + delayMs);
      state.inflight -= 1;
      state.waiters.shift()?.();
      this.sweep();
    }
  }

  /** Pushes the host's next start back, e.g. after a 429 or 503 with Retry-After. */
  backoff(host: string, ms: number): void {
    const state = this.state(host);
    state.nextStart = Math.max(state.nextStart, this.now() + ms);
  }

  /** Ends pending waits so shutdown is not held by a long Crawl-delay or Retry-After. */
  stop(): void {
    this.stopping.abort();
  }

  private now(): number {
    return this.clock.now();
  }

  private state(host: string): HostState {
    let s = this.hosts.get(host);
    if (!s) {
      s = { inflight: 0, nextStart: 0, waiters: [] };
      this.hosts.set(host, s);
    }
    return s;
  }

  /** Forgets idle hosts whose delay has passed, so the map does not grow with every host ever seen. */
  private sweep(): void {
    if (this.hosts.size < 1024) return;
    const now = this.now();
    for (const [host, s] of this.hosts) {
      if (s.inflight === 0 && s.waiters.length === 0 && s.nextStart <= now) this.hosts.delete(host);
    }
  }
}
