// Types for the part of state.mjs that other workspaces use (@winnow/infra/state-lock).

/**
 * Runs `fn` holding `<stateDir>/infra.lock` (created when missing). The lock file holds the owner's pid; a lock
 * whose owner died is taken over; waiting longer than `timeoutMs` (default 180 s) throws.
 */
export function withStateLock<T>(stateDir: string, fn: () => Promise<T>, timeoutMs?: number): Promise<T>;
