export interface BackoffOptions {
  /** Delay before the second attempt; doubles per attempt. Default 200 ms. */
  initialMs?: number;
  /** Upper bound of one delay. Default 10 s. */
  maxMs?: number;
}

/** Exponential delay with ±20 % jitter before attempt `attempt + 1`. */
export function backoffMs(attempt: number, opts: BackoffOptions = {}): number {
  const initial = opts.initialMs ?? 200;
  const max = opts.maxMs ?? 10_000;
  const base = Math.min(max, initial * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** Waits `ms`; resolves false early when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
