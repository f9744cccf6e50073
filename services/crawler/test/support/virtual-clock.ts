import { systemClock, type Clock } from '../../src/host-gate.js';

/**
 * The crawler's politeness clock for tests: time starts at 0 and moves only when the crawler sleeps,
 * to the instant that sleep asked to wake at, so times read from it are the delays the crawler asked
 * for, not measured ones. Each sleep also waits for real, so hosts still interleave as they would.
 */
export function virtualClock(): Clock {
  let t = 0;
  return {
    now: () => t,
    async sleep(ms, signal) {
      const wake = t + ms;
      await systemClock.sleep(ms, signal);
      if (!signal.aborted) t = Math.max(t, wake);
    },
  };
}
