/** Retry delays: 1 s doubling to 5 min, with jitter so a crowd of phones does not retry in step. */
export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_CAP_MS = 5 * 60 * 1000;

/**
 * Delay before retry number `attempt` (1 = first retry): a random point in the upper half of
 * min(cap, base * 2^(attempt-1)), i.e. within [d/2, d] ("equal jitter").
 */
export function backoffDelay(attempt: number, random: () => number = Math.random, base = BACKOFF_BASE_MS, cap = BACKOFF_CAP_MS): number {
  const d = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(d / 2 + random() * (d / 2));
}

/** The wait after a failure: the backoff, or longer when the server said Retry-After (capped at 1 h). */
export function retryDelay(attempt: number, retryAfterMs: number | null, random: () => number = Math.random): number {
  const b = backoffDelay(attempt, random);
  return retryAfterMs === null ? b : Math.max(b, Math.min(retryAfterMs, 3600000));
}
