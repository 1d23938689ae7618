/**
 * Push in the running app: which card to show, the state for the sync screen, and keeping the
 * subscription in step (at start, after every sync cycle, when the network returns or the app
 * comes back to the front, and when the service worker says the browser replaced it).
 *
 * Field roles use their field database (the sync engine registered the client and stored the
 * server's VAPID key there). A manager without a field role has no sync engine: this module
 * opens the manager's own database and registers a client (POST /clients) to get the key.
 */
import { signal } from "@preact/signals";
import { uuid } from "../../domain/ids";
import { FIELD_ROLES, SCHEMA_VERSION, type User } from "../../domain/types";
import { es } from "../../i18n/es";
import { Db, dbNameFor } from "../../storage/db";
import { ensureClient, getMeta, setMeta } from "../../storage/meta";
import { saveRegistration } from "../../storage/transactions";
import { fieldDb, onSyncCycle } from "../../state/field";
import { say } from "../../state/flash";
import { http } from "../../state/session";
import { SYNC_BASE, type RegisterResponse } from "../../sync/protocol";
import { canGetPush, isIosDevice, isStandalone, pushOfferFor, snoozeUntil, type Permission, type PushOffer } from "./offer";
import { dropPushSubscription, syncPushSubscription, type PushDeps, type SubscriptionState } from "./subscription";

declare const __APP_VERSION__: string;

export type PushUiState = SubscriptionState | "install" | "unknown";

/** What the sync screen says about push. */
export const pushState = signal<PushUiState>("unknown");
/** Whether the explanation card shows (App). */
export const pushOffer = signal<PushOffer>("none");

interface Ctx {
  user: User;
  db: Db;
  own: boolean; // opened here (manager without a field role): close it at logout
  registered: boolean; // own client registered (POST /clients) by this start
  unsub: (() => void) | null;
}

let ctx: Ctx | null = null;
let running: Promise<void> | null = null;
let again = false;

const delay = (ms: number) => new Promise<null>((r) => setTimeout(() => r(null), ms));

/** Notification permission, or "unsupported" when this browser has no Web Push. */
function browserPermission(): Permission {
  if (typeof window === "undefined" || typeof Notification === "undefined" || !("PushManager" in window) || !("serviceWorker" in navigator)) return "unsupported";
  return Notification.permission;
}

/** The service worker registration once it is active (never waits for ever: dev has none). */
async function swRegistration(): Promise<ServiceWorkerRegistration | null> {
  if (typeof navigator === "undefined" || !("serviceWorker" in navigator)) return null;
  const reg = await navigator.serviceWorker.getRegistration().catch(() => undefined);
  if (reg?.active) return reg;
  return Promise.race([navigator.serviceWorker.ready, delay(10000)]).catch(() => null);
}

function platform(): { ios: boolean; standalone: boolean } {
  const nav = navigator as Navigator & { standalone?: boolean };
  const display = typeof matchMedia === "function" && matchMedia("(display-mode: standalone)").matches;
  return { ios: isIosDevice(nav.userAgent, nav.maxTouchPoints ?? 0), standalone: isStandalone(nav.standalone, display) };
}

function depsFor(c: Ctx, reg: Promise<ServiceWorkerRegistration | null> | null = null): PushDeps {
  return {
    db: c.db,
    http,
    clientId: async () => (await ensureClient(c.db, c.user.id, uuid)).client_id,
    pushManager: async () => (await (reg ?? swRegistration()))?.pushManager ?? null,
    permission: browserPermission,
  };
}

/** A manager without a field role: register a client of their own to learn the VAPID key. */
async function registerOfficeClient(db: Db, userId: string): Promise<boolean> {
  const client = await ensureClient(db, userId, uuid);
  try {
    const { body } = await http.request<RegisterResponse>(`${SYNC_BASE}/clients`, {
      method: "POST",
      proto: true,
      body: { client_id: client.client_id, schema_version: SCHEMA_VERSION, app_version: __APP_VERSION__, user_agent: navigator.userAgent.slice(0, 1000) },
    });
    await saveRegistration(db, client, { epoch: body.epoch ?? null, vapid: body.vapid_public_key ?? null });
    return true;
  } catch {
    return false; // offline: the key stored last time (if any) still works; retried next check
  }
}

const onOnline = () => void refreshPush();
const onVisible = () => {
  if (document.visibilityState === "visible") void refreshPush();
};

/**
 * Start push for a logged-in user (after startField for field roles). Never throws; a user
 * whose roles get no push gets nothing.
 */
export async function startPush(user: User): Promise<void> {
  if (ctx?.user.id === user.id) return refreshPush();
  release();
  if (!canGetPush(user.roles)) return;
  try {
    const field = user.roles.some((r) => FIELD_ROLES.includes(r));
    const c: Ctx = { user, db: field ? fieldDb() : new Db(dbNameFor(user.id)), own: !field, registered: false, unsub: null };
    ctx = c;
    c.unsub = onSyncCycle(() => void refreshPush()); // a pending subscription goes out with the next sync
    window.addEventListener("online", onOnline);
    document.addEventListener("visibilitychange", onVisible);
    await refreshPush();
  } catch {
    /* no local database (private mode...): no push, the app still works */
  }
}

/** Re-check permission, subscription and card (one run at a time; calls during a run coalesce). */
export function refreshPush(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    do {
      again = false;
      const c = ctx;
      if (!c) return;
      try {
        await refreshOnce(c);
      } catch {
        /* storage or browser hiccup: try again at the next trigger */
      }
    } while (again);
  })().finally(() => {
    running = null;
  });
  return running;
}

async function refreshOnce(c: Ctx): Promise<void> {
  if (c.own && !c.registered && browserPermission() === "granted") {
    // Only a manager who allowed notifications needs a client (and the key) of their own.
    c.registered = await registerOfficeClient(c.db, c.user.id);
  }
  const { ios, standalone } = platform();
  const reg = swRegistration();
  const state = await syncPushSubscription(depsFor(c, reg));
  const supported = (await reg) !== null && browserPermission() !== "unsupported";
  const snoozedUntil = (await getMeta(c.db, "push_snoozed_until")) ?? null;
  if (ctx !== c) return; // logged out meanwhile
  pushState.value = ios && !standalone && (state === "unsupported" || state === "off") ? "install" : state;
  pushOffer.value = pushOfferFor({ roles: c.user.roles, supported, permission: browserPermission(), ios, standalone, snoozedUntil, now: new Date() });
}

/**
 * "Activar avisos": ask the browser (the call happens in the click, as Safari requires), then
 * subscribe and send. A dismissed prompt counts as "Ahora no".
 */
export async function enablePush(): Promise<void> {
  if (typeof Notification === "undefined" || !ctx) return;
  let p: NotificationPermission;
  try {
    p = await Notification.requestPermission();
  } catch {
    p = Notification.permission;
  }
  if (p === "granted") {
    await refreshPush();
    const s = pushState.value;
    say(s === "on" || s === "pending" || s === "no-key" ? es.push.enabled : es.push.failed);
    return;
  }
  if (p === "denied") say(es.push.blocked);
  else await snoozePush(false);
  await refreshPush();
}

/** "Ahora no": hide the card for 7 days. */
export async function snoozePush(tell = true): Promise<void> {
  pushOffer.value = "none";
  const c = ctx;
  if (!c) return;
  await setMeta(c.db, "push_snoozed_until", snoozeUntil(new Date())).catch(() => undefined);
  if (tell) say(es.push.notNow);
}

function release(): Ctx | null {
  const c = ctx;
  ctx = null;
  pushState.value = "unknown";
  pushOffer.value = "none";
  if (!c) return null;
  c.unsub?.();
  window.removeEventListener("online", onOnline);
  document.removeEventListener("visibilitychange", onVisible);
  return c;
}

/**
 * Logout: DELETE the subscription on the server and unsubscribe here, best effort. Waits at
 * most 3 s (the DELETE needs the access token that logout revokes next), never throws.
 */
export async function stopPush(): Promise<void> {
  const c = release();
  if (!c) return;
  // A check still running could subscribe after the drop: let it finish first (ctx is gone,
  // so it does not start again).
  const inFlight = running ?? Promise.resolve();
  const drop = inFlight.then(() => dropPushSubscription(depsFor(c))).catch(() => undefined);
  await Promise.race([drop, delay(3000)]);
  if (c.own) void drop.finally(() => c.db.drop());
}
