/**
 * Page side of the service worker: register it, notice a new version waiting, and activate it
 * only when the person accepts (and never while the outbox holds work: the banner checks).
 * Messages from the worker (src/features/push/payload.ts `SwToPage`): "sync-now" after a push
 * runs the sync loop at once, "open" after a notification click goes to that screen,
 * "push-subscription-changed" sends the browser's new subscription to the server.
 */
import { signal } from "@preact/signals";
import { refreshPush } from "../features/push/push";
import { safePath } from "../features/push/payload";
import { requestSync } from "../state/field";
import { navigate } from "../state/router";

export const updateWaiting = signal<ServiceWorker | null>(null);
let applying = false;

export interface SwActions {
  sync(reason: string): void;
  open(path: string): void;
  resubscribe(): void;
}

/** Act on one message from the service worker (unknown messages are ignored). */
export function handleSwMessage(data: unknown, a: SwActions): void {
  const m = (data && typeof data === "object" ? data : {}) as { type?: unknown; reason?: unknown; path?: unknown };
  switch (m.type) {
    case "sync-now":
    case "SYNC": // a worker of the previous build, until it is replaced
      a.sync(typeof m.reason === "string" ? m.reason : "push");
      break;
    case "open":
      a.open(safePath(m.path));
      a.sync("notificationclick");
      break;
    case "push-subscription-changed":
      a.resubscribe();
      break;
  }
}

const swActions: SwActions = {
  sync(reason) {
    // Visible to end-to-end tests: when and why the worker last asked this page to sync.
    document.documentElement.dataset.swSyncAt = new Date().toISOString();
    document.documentElement.dataset.swSyncReason = reason;
    requestSync("push");
  },
  open: (path) => navigate(path),
  resubscribe: () => void refreshPush(),
};

/** Register /sw.js (production builds only) and watch for updates and messages. */
export async function registerServiceWorker(): Promise<void> {
  if (!("serviceWorker" in navigator) || import.meta.env.DEV) return;
  navigator.serviceWorker.addEventListener("message", (ev) => handleSwMessage(ev.data, swActions));
  navigator.serviceWorker.startMessages();
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
