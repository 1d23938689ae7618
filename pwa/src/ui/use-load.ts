/** Load data for an online screen, with busy and error state, reloadable. */
import { useCallback, useEffect, useState } from "preact/hooks";

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  busy: boolean;
  reload: () => void;
}

/** Run `fn` now and whenever `deps` change; `reload()` runs it again. */
export function useLoad<T>(fn: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(true);
  const [n, setN] = useState(0);
  useEffect(() => {
    let alive = true;
    setBusy(true);
    setError(null);
    fn().then(
      (d) => {
        if (alive) {
          setData(d);
          setBusy(false);
        }
      },
      (e: Error) => {
        if (alive) {
          setError(e.message || "No se pudo cargar.");
          setBusy(false);
        }
      },
    );
    return () => {
      alive = false;
    };
  }, [...deps, n]);
  const reload = useCallback(() => setN((x) => x + 1), []);
  return { data, error, busy, reload };
}
