/**
 * The quick check before a cut (SYNC.md "Web Push": push is not guaranteed, so the cutter's app
 * pulls before confirming any cut): try a pull, but never wait longer than a bound (~2.5 s), and
 * never at all when the browser knows it is offline. The pull goes on in the background; what
 * it brings still reaches the screen when it lands.
 */

/** How long the cutter waits at most before a cut is confirmed. */
export const QUICK_PULL_MS = 2500;

/**
 * fresh: the pull completed; offline: no network or the pull failed; timeout: no answer within
 * the bound; other_tab: another tab of the app syncs (this one shows what it shares).
 */
export type Freshness = "fresh" | "offline" | "timeout" | "other_tab";

export interface QuickTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(h: unknown): void;
}

// Looked up at call time, so that tests with fake timers bound the wait too.
const globalTimers: QuickTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Run `pull` and resolve within `boundMs` whatever the network does; never rejects. */
export function quickPull(pull: () => Promise<boolean | null>, o: { boundMs?: number; online?: boolean; timers?: QuickTimers } = {}): Promise<Freshness> {
  const timers = o.timers ?? globalTimers;
  let started: Promise<boolean | null>;
  try {
    started = pull();
  } catch {
    started = Promise.resolve(false);
  }
  if (o.online === false) {
    started.catch(() => undefined);
    return Promise.resolve("offline");
  }
  return new Promise<Freshness>((resolve) => {
    let done = false;
    const finish = (f: Freshness) => {
      if (done) return;
      done = true;
      timers.clearTimeout(guard);
      resolve(f);
    };
    const guard = timers.setTimeout(() => finish("timeout"), o.boundMs ?? QUICK_PULL_MS);
    started.then(
      (pulled) => finish(pulled === null ? "other_tab" : pulled ? "fresh" : "offline"),
      () => finish("offline"),
    );
  });
}
