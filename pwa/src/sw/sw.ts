/// <reference lib="webworker" />
/**
 * Cartera's service worker: precache the app shell (so the app boots with no network), serve
 * index.html for navigations, never touch /api/ (offline data lives in IndexedDB, not here).
 * A new version waits until the page says SKIP_WAITING (the page allows it only with an empty
 * outbox). Push: always show a notification, then ask open pages to sync.
 */
import { clientsClaim } from "workbox-core";
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL("index.html"), { denylist: [/^\/api\//] }));
clientsClaim();

self.addEventListener("message", (event) => {
  if ((event.data as { type?: string } | null)?.type === "SKIP_WAITING") void self.skipWaiting();
});

interface PushData {
  t?: string;
  id?: string;
  rv?: number;
  title?: string;
  body?: string;
}

const PUSH_TEXT: Record<string, string> = {
  "disconnection.cancelled": "Orden cancelada: no ejecute el corte.",
  "stop.cancelled": "Una parada de su ruta fue cancelada.",
  "route.assigned": "Tiene una ruta nueva.",
};

self.addEventListener("push", (event) => {
  let data: PushData = {};
  try {
    data = (event.data?.json() as PushData) ?? {};
  } catch {
    data = { body: event.data?.text() };
  }
  const body = data.body ?? PUSH_TEXT[data.t ?? ""] ?? "Hay cambios en su trabajo de hoy.";
  event.waitUntil(
    (async () => {
      await self.registration.showNotification(data.title ?? "Cartera", { body, tag: data.id ?? data.t ?? "cartera", data, lang: "es-MX" });
      const pages = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      for (const c of pages) c.postMessage({ type: "SYNC", reason: "push", data });
    })(),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(
    (async () => {
      const pages = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const target = "/#/ruta";
      for (const c of pages) {
        if ("focus" in c) {
          await (c as WindowClient).focus();
          c.postMessage({ type: "SYNC", reason: "notificationclick" });
          return;
        }
      }
      await self.clients.openWindow(target);
    })(),
  );
});
