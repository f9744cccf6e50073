interface Lane {
  running: number;
  waiting: Array<() => void>;
}

/**
 * Runs tasks of one key in arrival order, at most `width` at once (1: one after another), and tasks of
 * different keys concurrently.
 */
export class KeyLanes {
  private readonly lanes = new Map<string, Lane>();

  constructor(private readonly width = 1) {}

  /** `task` must not reject; its failures are the caller's to handle inside it. */
  run(key: string, task: () => Promise<void>): Promise<void> {
    let lane = this.lanes.get(key);
    if (!lane) this.lanes.set(key, (lane = { running: 0, waiting: [] }));
    const l = lane;
    const start = async (): Promise<void> => {
      try {
        await task();
      } finally {
        const next = l.waiting.shift();
        if (next) next();
        else if (--l.running === 0) this.lanes.delete(key);
      }
    };
    if (l.running < this.width) {
      l.running++;
      // Started on a later microtask, as a task queued behind others is.
      return Promise.resolve().then(start);
    }
    return new Promise<void>((resolve) => l.waiting.push(() => void start().then(resolve)));
  }
}

/** A counting semaphore: at most `limit` holders at once, served in arrival order. */
export class Limiter {
  private active = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async acquire(): Promise<() => void> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    };
  }
}
