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

export interface HostGateOptions {
  connections: number;
  now?: () => number;
}

export class HostGate {
  private readonly hosts = new Map<string, HostState>();
  private readonly connections: number;
  private readonly now: () => number;
  private stopped = false;
  private readonly sleepers = new Map<NodeJS.Timeout, () => void>();

  constructor(opts: HostGateOptions) {
    this.connections = opts.connections;
    this.now = opts.now ?? Date.now;
  }

  /** Runs fn when the host is free, then holds the host for delayMs after fn settles. */
  async run<T>(host: string, delayMs: number, fn: () => Promise<T>): Promise<T> {
    const state = this.state(host);
    while (state.inflight >= this.connections) await new Promise<void>((resolve) => state.waiters.push(resolve));
    state.inflight += 1;
    try {
      let wait = state.nextStart - this.now();
      while (wait > 0 && !this.stopped) {
        await this.sleep(wait);
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
    this.stopped = true;
    for (const [timer, resolve] of this.sleepers) {
      clearTimeout(timer);
      resolve();
    }
    this.sleepers.clear();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleepers.delete(timer);
        resolve();
      }, ms);
      this.sleepers.set(timer, resolve);
    });
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
