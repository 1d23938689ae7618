/**
 * Web Push payloads, shared by the service worker and the page. The server sends ids only
 * (SYNC.md "Web Push"), e.g. {"t":"disconnection.cancelled","id":"<order>","rv":104250,
 * "account":"<number>","stop_id":"<stop>"}. This module is compiled into the service worker
 * (tsconfig.sw.json): plain data in, plain data out; no DOM, no window, no storage.
 */
import { es } from "../../i18n/es";

export interface PushPayload {
  t?: string;
  id?: string;
  rv?: number;
  account?: string;
  stop_id?: string;
  title?: string;
  body?: string;
  [extra: string]: unknown;
}

/** What `registration.showNotification(title, options)` gets. */
export interface NotificationSpec {
  title: string;
  options: {
    body: string;
    tag?: string;
    renotify?: boolean;
    requireInteraction?: boolean;
    data: PushPayload;
    lang: string;
    icon: string;
    badge: string;
  };
}

/** Messages the service worker posts to the pages (SW → page). */
export type SwToPage =
  | { type: "sync-now"; reason: "push"; payload: PushPayload | null }
  | { type: "open"; path: string }
  | { type: "push-subscription-changed" };

const STRING_FIELDS = ["t", "id", "account", "stop_id", "title", "body"] as const;
const ICON = "/icons/icon-192.png";

/** A payload from anything (a parsed push, a notification's data): null when it is not an object. */
export function toPayload(x: unknown): PushPayload | null {
  if (!x || typeof x !== "object" || Array.isArray(x)) return null;
  const p: PushPayload = { ...(x as Record<string, unknown>) };
  for (const f of STRING_FIELDS) {
    const v = p[f];
    if (typeof v !== "string" || v.trim() === "") delete p[f];
    else p[f] = v.trim();
  }
  if (typeof p.rv !== "number" || !Number.isFinite(p.rv)) delete p.rv;
  return p;
}

/** Parse a push message's text; empty, malformed or non-object JSON gives null (never throws). */
export function parsePushPayload(text: string | null | undefined): PushPayload | null {
  if (!text || !text.trim()) return null;
  try {
    return toPayload(JSON.parse(text));
  } catch {
    return null;
  }
}

function clip(s: string | undefined, max: number): string | undefined {
  if (!s) return undefined;
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The notification for a payload. Every push shows one, whatever it carries. */
export function notificationFor(p: PushPayload | null): NotificationSpec {
  const base = { data: p ?? {}, lang: "es-MX", icon: ICON, badge: ICON };
  const t = p?.t;
  if (t === "disconnection.cancelled") {
    const account = clip(p?.account, 40);
    return {
      title: account ? es.push.cancelledTitle(account) : es.push.cancelledTitleNoAccount,
      options: { ...base, body: es.push.cancelledBody, tag: p?.id ?? t, renotify: true, requireInteraction: true },
    };
  }
  if (t === "alert") {
    const tag = p?.id ? `alert:${p.id}` : undefined;
    return {
      title: clip(p?.title, 120) ?? es.push.alertTitle,
      options: { ...base, body: clip(p?.body, 400) ?? "", ...(tag ? { tag, renotify: true } : {}) },
    };
  }
  const known: Record<string, string> = { "stop.cancelled": es.push.stopCancelled, "route.assigned": es.push.routeAssigned };
  return {
    title: es.push.genericTitle,
    options: { ...base, body: (t && known[t]) || es.push.genericBody, tag: p?.id ?? t ?? "cartera", renotify: true },
  };
}

/**
 * The app route a click on this push opens (a hash route, "/orden/<id>?stop=<stop id>").
 * A cancelled order opens the cutter's order screen (src/features/orders/OrderScreen.tsx),
 * which shows "NO CORTAR" and keeps "Confirmar corte" disabled.
 */
export function pathForPush(p: PushPayload | null | undefined): string {
  const t = p?.t;
  if (t === "disconnection.cancelled" && p?.id) {
    const stop = p.stop_id ? `?stop=${encodeURIComponent(p.stop_id)}` : "";
    return `/orden/${encodeURIComponent(p.id)}${stop}`;
  }
  if (t === "stop.cancelled" || t === "route.assigned") return "/ruta";
  return "/";
}

/** The URL (same origin, hash routing) of an app route, for `clients.openWindow`. */
export function urlForPath(path: string): string {
  return `/#${safePath(path)}`;
}

/** An app route from a message: must start with one "/" (never another origin); else "/". */
export function safePath(path: unknown): string {
  return typeof path === "string" && /^\/(?![/\\])/.test(path) ? path : "/";
}
