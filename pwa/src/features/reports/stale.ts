/** Stale figures (the ledger moved; the server is recomputing them in the background): ask again every few seconds, for at most two minutes, so the fresh ones replace them without a reload. */
import { useEffect, useRef } from "preact/hooks";

export const STALE_POLL_MS = 4000;
export const STALE_MAX_TRIES = 30;

/** Each new `data` that is still stale schedules one more `reload()`. */
export function useRefreshWhileStale(data: { stale: boolean } | null, reload: () => void, everyMs = STALE_POLL_MS): void {
  const tries = useRef(0);
  useEffect(() => {
    if (!data) return;
    if (!data.stale) {
      tries.current = 0;
      return;
    }
    if (tries.current >= STALE_MAX_TRIES) return;
    const h = setTimeout(() => {
      tries.current += 1;
      reload();
    }, everyMs);
    return () => clearTimeout(h);
  }, [data]);
}
