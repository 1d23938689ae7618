/**
 * Page side of the service worker: register it, notice a new version waiting, and activate it
 * only when the person accepts (and never while the outbox holds work: the banner checks).
 */
import { signal } from "@preact/signals";

export const updateWaiting = signal<ServiceWorker | null>(null);
let applying = false;

/** Register /sw.js (production builds only) and watch for updates. */
export async function registerServiceWorker(): Promise<void> {
  if (!("serviceWorker" in navigator) || import.meta.env.DEV) return;
  let reg: ServiceWorkerRegistration;
  try {
    reg = await navigator.serviceWorker.register("/sw.js", { scope: "/" });
  } catch {
    return; // no service worker (private mode, old browser): the app still runs online
  }
  const watch = (w: ServiceWorker | null) => {
    if (!w) return;
    const check = () => {
      if (w.state === "installed" && navigator.serviceWorker.controller) updateWaiting.value = w;
    };
    check();
    w.addEventListener("statechange", check);
  };
  if (reg.waiting && navigator.serviceWorker.controller) updateWaiting.value = reg.waiting;
  watch(reg.installing);
  reg.addEventListener("updatefound", () => watch(reg.installing));
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (applying) {
      applying = false;
      location.reload();
    }
  });
  const check = () => reg.update().catch(() => undefined);
  setInterval(check, 30 * 60 * 1000);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") void check();
  });
}

/** Activate the waiting version (the caller made sure the outbox is empty) and reload. */
export function applyUpdate(): void {
  const w = updateWaiting.value;
  if (!w) return;
  applying = true;
  w.postMessage({ type: "SKIP_WAITING" });
}
