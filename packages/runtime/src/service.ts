/** What every service factory returns. Only main.ts (or the embedded runner) calls start and stop. */
export interface Service {
  /** Subscribes and begins work. */
  start(): Promise<void>;
  /** True when the service can do its work (connected, subscribed). */
  ready(): Promise<boolean>;
  /** Stops intake, drains in-flight work, commits, flushes and closes. Idempotent. */
  stop(): Promise<void>;
}
