/** Follow an import run until it ends: every ~500 ms while it advances, backing off to 3 s while it does not. */
import { useEffect, useState } from "preact/hooks";
import { getRun, type ImportRun, nextDelay } from "./api";

export function usePolledRun(id: string | null): { run: ImportRun | null; error: string | null } {
  const [run, setRun] = useState<ImportRun | null>(null);
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
        const r = await getRun(id);
        if (!alive) return;
        setRun(r);
        if (r.status === "done" || r.status === "failed") return;
        delay = nextDelay(delay, r.rows_done !== lastDone);
        lastDone = r.rows_done;
      } catch (e) {
        if (!alive) return;
        setError((e as Error).message);
        delay = nextDelay(delay, false);
      }
      timer = setTimeout(() => void tick(), delay ?? 500);
    };
    void tick();
    return () => {
      alive = false;
      if (timer) clearTimeout(timer);
    };
  }, [id]);
  return { run, error };
}
