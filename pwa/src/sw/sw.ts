/// <reference lib="webworker" />
/**
 * Cartera's service worker: precache the app shell (so the app boots with no network), serve
 * index.html for navigations, never touch /api/ (offline data lives in IndexedDB, not here).
 * A new version waits until the page says SKIP_WAITING (the page allows it only with an empty
 * outbox). Push: always show a notification, then ask open pages to sync ("sync-now"); a click
 * focuses a window and asks it to open the push's screen ("open"), or opens a new window there.
 * What a payload shows and opens lives in ../features/push/payload.ts (pure, shared with tests).
 */
import { clientsClaim } from "workbox-core";
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";
import { notificationFor, parsePushPayload, pathForPush, toPayload, urlForPath, type SwToPage } from "../features/push/payload";

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL("index.html"), { denylist: [/^\/api\//] }));
clientsClaim();

self.addEventListener("message", (event) => {
  if ((event.data as { type?: string } | null)?.type === "SKIP_WAITING") void self.skipWaiting();
});

/** Every open window of the app, controlled or not (a page opened before this worker too). */
function windows(): Promise<readonly WindowClient[]> {
  return self.clients.matchAll({ type: "window", includeUncontrolled: true });
}

function post(msg: SwToPage, to: readonly Client[]): void {
  for (const c of to) {
    try {
      c.postMessage(msg);
    } catch {
      /* a closing page */
    }
  }
}

/** Show the notification for a push, whatever it carries (a silent push is penalized). */
async function handlePush(data: PushMessageData | null): Promise<void> {
  let text: string | null = null;
  try {
    text = data ? data.text() : null;
  } catch {
    text = null;
  }
  const payload = parsePushPayload(text);
  const n = notificationFor(payload);
  try {
    await self.registration.showNotification(n.title, n.options as NotificationOptions);
  } catch {
    // Options this browser refuses (or no permission yet): try the plainest notification.
    await self.registration.showNotification(n.title, { body: n.options.body, data: n.options.data }).catch(() => undefined);
  }
  post({ type: "sync-now", reason: "push", payload }, await windows());
}

self.addEventListener("push", (event) => {
  event.waitUntil(handlePush(event.data));
});

/** A click opens the screen of the push: in an open window if there is one, else a new one. */
async function openPath(path: string): Promise<void> {
  const pages = await windows();
  const page = pages.find((c) => c.focused) ?? pages.find((c) => c.visibilityState === "visible") ?? pages[0];
  if (page) {
    try {
      await page.focus();
    } catch {
      /* focus refused: the message still navigates */
    }
    post({ type: "open", path }, [page]);
    return;
  }
  await self.clients.openWindow(urlForPath(path));
}

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(openPath(pathForPush(toPayload(event.notification.data))));
});

/**
 * The browser replaced the subscription (expiry, push service change). Resubscribe with the
 * same VAPID key; only the page can send it to the server (the token lives in the page's
 * localStorage), and it does so next time it checks: the endpoint differs from the one the
 * server holds. Open pages are told now.
 */
async function resubscribe(event: PushSubscriptionChangeEvent): Promise<void> {
  const key = event.oldSubscription?.options.applicationServerKey ?? null;
  if (!event.newSubscription && key) {
    await self.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key }).catch(() => undefined);
  }
  post({ type: "push-subscription-changed" }, await windows());
}

self.addEventListener("pushsubscriptionchange", (event) => {
  event.waitUntil(resubscribe(event));
});
