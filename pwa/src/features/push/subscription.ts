/**
 * This client's Web Push subscription, kept in step with the server (SYNC.md "Web Push"):
 * subscribe with the server's VAPID key, POST it, and retry on the next sync cycle when that
 * fails (meta `push_pending`). A new key (the server rotated its keys) means unsubscribe and
 * subscribe again; a subscription the browser replaced (`pushsubscriptionchange`) has another
 * endpoint than the one the server holds, so it is sent again. Logout drops both, best effort.
 * Browser objects come in through `PushDeps`, so tests run it with fakes.
 */
import type { Http } from "../../api/http";
import type { Db } from "../../storage/db";
import { getMeta, setMeta } from "../../storage/meta";
import { SYNC_BASE } from "../../sync/protocol";
import { base64UrlToBytes, sameBytes } from "./keys";
import type { Permission } from "./offer";

export const PUSH_SUBSCRIPTIONS = `${SYNC_BASE}/push-subscriptions`;
/** Send an unchanged subscription again after this long (heals a server that lost it). */
export const RESEND_MS = 7 * 86400000;

export interface PushSubscriptionLike {
  readonly endpoint: string;
  readonly options?: { readonly applicationServerKey?: ArrayBuffer | null };
  toJSON(): { endpoint?: string; keys?: Record<string, string> };
  unsubscribe(): Promise<boolean>;
}

export interface PushManagerLike {
  getSubscription(): Promise<PushSubscriptionLike | null>;
  subscribe(options: { userVisibleOnly: boolean; applicationServerKey: BufferSource }): Promise<PushSubscriptionLike>;
}

export interface PushDeps {
  db: Db;
  http: Http;
  clientId: () => Promise<string>;
  /** The service worker registration's PushManager, or null (no service worker, no push). */
  pushManager: () => Promise<PushManagerLike | null>;
  permission: () => Permission;
  now?: () => Date;
}

/**
 * on: subscribed and the server has it · pending: waits to reach the server · off: permission
 * not given yet · denied · unsupported · no-key: the server sends no push (no VAPID key).
 */
export type SubscriptionState = "on" | "pending" | "off" | "denied" | "unsupported" | "no-key";

/** The body of POST /push-subscriptions: `PushSubscription.toJSON()` without expirationTime. */
export function subscriptionBody(clientId: string, sub: PushSubscriptionLike): { client_id: string; subscription: { endpoint: string; keys: { p256dh: string; auth: string } } } {
  const j = sub.toJSON();
  const p256dh = j.keys?.p256dh;
  const auth = j.keys?.auth;
  if (!p256dh || !auth) throw new Error("La suscripción no trae sus claves (p256dh, auth).");
  return { client_id: clientId, subscription: { endpoint: j.endpoint ?? sub.endpoint, keys: { p256dh, auth } } };
}

/** Was `sub` made with `key`? Asks the browser first, then what the server was told. */
function madeWith(sub: PushSubscriptionLike, keyBytes: Uint8Array, key: string, sent: { endpoint: string; key: string } | null): boolean {
  const k = sub.options?.applicationServerKey;
  if (k) return sameBytes(k, keyBytes);
  if (sent && sent.endpoint === sub.endpoint) return sent.key === key;
  return true; // nothing says otherwise
}

/**
 * Bring the subscription in step: subscribe if the person allowed notifications and the server
 * has a key, resubscribe on a new key, and send it when the server does not have it yet. Never
 * throws for network faults: the state says "pending" and the next sync cycle calls this again.
 */
export async function syncPushSubscription(d: PushDeps): Promise<SubscriptionState> {
  const permission = d.permission();
  if (permission === "unsupported") return "unsupported";
  if (permission === "denied") return "denied";
  if (permission !== "granted") return "off";
  const pm = await d.pushManager().catch(() => null);
  if (!pm) return "unsupported";
  const key = (await getMeta(d.db, "vapid_public_key")) ?? null;
  if (!key) return "no-key";
  let keyBytes: Uint8Array<ArrayBuffer>;
  try {
    keyBytes = base64UrlToBytes(key);
  } catch {
    return "no-key";
  }
  const sent = (await getMeta(d.db, "push_sent")) ?? null;
  let sub = await pm.getSubscription().catch(() => null);
  if (sub && !madeWith(sub, keyBytes, key, sent)) {
    // The server rotated its keys: the old subscription can no longer be used.
    await sub.unsubscribe().catch(() => false);
    sub = null;
  }
  if (!sub) {
    await setMeta(d.db, "push_pending", true);
    try {
      sub = await pm.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes });
    } catch {
      return "pending"; // the push service is unreachable (offline): next cycle
    }
  }
  const pending = (await getMeta(d.db, "push_pending")) ?? false;
  const now = d.now?.() ?? new Date();
  const fresh = !!sent && now.getTime() - Date.parse(sent.at) < RESEND_MS;
  if (!pending && fresh && sent?.endpoint === sub.endpoint && sent.key === key) return "on";
  await setMeta(d.db, "push_pending", true);
  try {
    const body = subscriptionBody(await d.clientId(), sub);
    await d.http.request(PUSH_SUBSCRIPTIONS, { method: "POST", proto: true, body });
  } catch {
    return "pending";
  }
  await setMeta(d.db, "push_sent", { endpoint: sub.endpoint, key, at: now.toISOString() });
  await setMeta(d.db, "push_pending", false);
  return "on";
}

/**
 * Logout: tell the server to drop this client's subscription and unsubscribe in the browser,
 * both at once and best effort (never throws). Unsubscribing alone already stops delivery: the
 * push service answers 404/410 and the server prunes the row.
 */
export async function dropPushSubscription(d: PushDeps): Promise<void> {
  const pm = await d.pushManager().catch(() => null);
  const sub = pm ? await pm.getSubscription().catch(() => null) : null;
  const sent = await getMeta(d.db, "push_sent").catch(() => null);
  const pending = await getMeta(d.db, "push_pending").catch(() => false);
  if (!sub && !sent && !pending) return;
  const tellServer = async () => {
    if (!sent && !pending) return;
    await d.http.request(PUSH_SUBSCRIPTIONS, { method: "DELETE", proto: true, body: { client_id: await d.clientId() } });
  };
  await Promise.allSettled([tellServer(), sub?.unsubscribe()]);
  await setMeta(d.db, "push_sent", null).catch(() => undefined);
  await setMeta(d.db, "push_pending", false).catch(() => undefined);
}
