/** Load a screen's code on first use (office screens live in their own chunks). */
import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { Spinner } from "./components";

/** A component that imports `load()` once, showing a spinner meanwhile and an error if it fails. */
export function lazyScreen<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<void> | null = null;
  return function LazyScreen(props: P) {
    const [, setTick] = useState(0);
    const [error, setError] = useState<string | null>(null);
    useEffect(() => {
      if (loaded) return;
      pending ??= load().then((m) => {
        loaded = m.default;
      });
      pending.then(
        () => setTick((t) => t + 1),
        () => {
          pending = null;
          setError("No se pudo cargar esta pantalla. Revise la conexión e intente de nuevo.");
        },
      );
    }, []);
    if (loaded) {
      const C = loaded;
      return <C {...props} />;
    }
    return error ? <p class="error">{error}</p> : <Spinner />;
  };
}
