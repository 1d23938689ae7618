/** Load a screen's code on first use (office screens live in their own chunks). */
import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { Spinner } from "./components";

/** A lazily loaded screen; `preload()` fetches its code ahead of use (failures are retried on render). */
export type LazyScreen<P extends object> = ComponentType<P> & { preload: () => Promise<void> };

/** A component that imports `load()` once, showing a spinner meanwhile and an error if it fails. */
export function lazyScreen<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): LazyScreen<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<void> | null = null;
  const ensure = (): Promise<void> => {
    pending ??= load().then(
      (m) => {
        loaded = m.default;
      },
      (err: unknown) => {
        pending = null;
        throw err;
      },
    );
    return pending;
  };
  function LazyScreen(props: P) {
    const [, setTick] = useState(0);
    const [error, setError] = useState<string | null>(null);
    useEffect(() => {
      if (loaded) return;
      ensure().then(
        () => setTick((t) => t + 1),
        () => setError("No se pudo cargar esta pantalla. Revise la conexión e intente de nuevo."),
      );
    }, []);
    if (loaded) {
      const C = loaded;
      return <C {...props} />;
    }
    return error ? <p class="error">{error}</p> : <Spinner />;
  }
  return Object.assign(LazyScreen, { preload: () => ensure() });
}

/**
 * Fetch these screens' code now, one after the other, while there is signal: a field worker
 * who logs in and walks out of coverage at once still has every screen she works offline
 * (the service worker's precache may not be in control yet on the very first visit).
 */
export async function preloadScreens(screens: { preload: () => Promise<void> }[]): Promise<number> {
  let ok = 0;
  for (const s of screens) {
    try {
      await s.preload();
      ok += 1;
    } catch {
      // offline or a flaky network: the screen loads (or explains) when opened
    }
  }
  return ok;
}
