/** Follow a background job (an import, a report export) until it ends: every `first` ms while it advances, backing off to 3 s while it does not. */
import { useEffect, useState } from "preact/hooks";

export interface PolledJob {
  status: string;
  rows_done: number;
}

/** The next wait: `first` after progress (or at the start), else 1.5× the last, at most 3 s. */
export function nextDelay(previous: number | null, advanced: boolean, first = 500): number {
  if (previous === null || advanced) return first;
  return Math.min(3000, Math.round(previous * 1.5));
}

export function usePolledJob<J extends PolledJob>(id: string | null, load: (id: string) => Promise<J>, first = 500): { run: J | null; error: string | null } {
  const [run, setRun] = useState<J | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setRun(null);
    setError(null);
    if (!id) return;
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let delay: number | null = null;
    let lastDone = -1;
    const tick = async () => {
      try {
        const r = await load(id);
        if (!alive) return;
        setRun(r);
        if (r.status === "done" || r.status === "failed") return;
        delay = nextDelay(delay, r.rows_done !== lastDone, first);
        lastDone = r.rows_done;
      } catch (e) {
        if (!alive) return;
        setError((e as Error).message);
        delay = nextDelay(delay, false, first);
      }
      timer = setTimeout(() => void tick(), delay ?? first);
    };
    void tick();
    return () => {
      alive = false;
      if (timer) clearTimeout(timer);
    };
  }, [id]);
  return { run, error };
}
