// Types for free-port.mjs (plain ESM with JSDoc, no build step).

/** A port free on `host` (default 127.0.0.1) right now: the OS picks one for a listener on port 0, which is then closed. */
export function freePort(host?: string): Promise<number>;
