/**
 * The field runtime of the logged-in worker: this user's database, the sync engine (leader tab
 * only), and the signals the screens read (local view, sync status, last sync).
 */
import { signal } from "@preact/signals";
import { uuid } from "../domain/ids";
import { onMutation } from "../mutations";
import { listBlobs } from "../storage/blobs";
import { Db, dbNameFor, probeStorage } from "../storage/db";
import { getMeta, setMeta } from "../storage/meta";
import { listOutbox } from "../storage/outbox";
import { listOverlay } from "../storage/overlay";
import { allRows } from "../storage/rows";
import { SyncEngine, type SyncStatus, type SyncTrigger } from "../sync/engine";
import { browserBus, browserLocks, Leader } from "../sync/leader";
import { QUICK_PULL_MS, quickPull, type Freshness } from "../sync/quick-pull";
import { http, markWiped } from "./session";
import { buildView, type LocalView } from "./view";

declare const __APP_VERSION__: string;

export const view = signal<LocalView | null>(null);
export const syncStatus = signal<SyncStatus | null>(null);
export const lastSyncAt = signal<string | null>(null);
export const storageError = signal<string | null>(null);
export const persisted = signal<boolean | null>(null);
export const needsReload = signal(false);

let db: Db | null = null;
let engine: SyncEngine | null = null;
let unsub: (() => void) | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;
const cycleListeners = new Set<() => void>();

/** Call `fn` after each sync cycle this tab ran that ended well (push retries a pending subscription). */
export function onSyncCycle(fn: () => void): () => void {
  cycleListeners.add(fn);
  return () => cycleListeners.delete(fn);
}

/** Did a cycle of this (leader) tab just end well? */
export function cycleEndedWell(prev: SyncStatus | null, next: SyncStatus): boolean {
  return !!prev?.running && !next.running && next.leader && !next.lastError && !!next.lastOkAt;
}

/** The open database of the field user (throws before login). */
export function fieldDb(): Db {
  if (!db) throw new Error("Sin base de datos local: inicie sesión.");
  return db;
}

/** Re-read the stores and recompute the view (cheap: one worker's day). */
export async function refreshView(): Promise<void> {
  if (!db) return;
  const d = db;
  const [rows, overlay, outbox, blobs, last] = await Promise.all([
    allRows(d),
    listOverlay(d),
    listOutbox(d),
    listBlobs(d),
    getMeta(d, "last_sync_at"),
  ]);
  view.value = buildView(rows, overlay, outbox, blobs);
  lastSyncAt.value = last ?? null;
}

function scheduleRefresh(): void {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    void refreshView();
  }, 50);
}

const onOnline = () => engine?.requestSync("online");
const onVisible = () => {
  if (document.visibilityState === "visible") engine?.requestSync("resume");
};

/** Open the user's database and start syncing (called after login and at boot). */
export async function startField(userId: string): Promise<void> {
  if (db?.name === dbNameFor(userId)) return;
  stopField();
  const d = new Db(dbNameFor(userId));
  d.onVersionChange = () => {
    needsReload.value = true;
  };
  try {
    await probeStorage(d);
  } catch (e) {
    storageError.value = "Este navegador no permite guardar datos (¿modo privado?). Sin eso no se puede trabajar sin señal.";
    throw e;
  }
  db = d;
  persisted.value = (await getMeta(d, "persisted")) ?? null;
  engine = new SyncEngine({
    db: d,
    http,
    userId,
    makeId: uuid,
    appVersion: __APP_VERSION__,
    leader: new Leader(`cartera-sync-${userId}`, browserLocks()),
    bus: browserBus(`cartera-${userId}`),
    onStatus: (s) => {
      const prev = syncStatus.value;
      syncStatus.value = s;
      if (cycleEndedWell(prev, s)) for (const fn of [...cycleListeners]) fn();
    },
    onData: scheduleRefresh,
    onWipe: onDeviceWiped,
    userAgent: navigator.userAgent.slice(0, 1000),
  });
  unsub = onMutation(() => {
    scheduleRefresh();
    engine?.requestSync("mutation");
  });
  window.addEventListener("online", onOnline);
  document.addEventListener("visibilitychange", onVisible);
  await refreshView();
  engine.start();
}

/** Stop syncing and close the database (logout keeps every record on the device). */
export function stopField(): void {
  engine?.stop();
  engine = null;
  unsub?.();
  unsub = null;
  window.removeEventListener("online", onOnline);
  document.removeEventListener("visibilitychange", onVisible);
  db?.drop();
  db = null;
  view.value = null;
  syncStatus.value = null;
}

/** Ask for a sync (a push message from the service worker: "push"); no-op before login. */
export function requestSync(trigger: SyncTrigger): void {
  engine?.requestSync(trigger);
}

/**
 * The quick pull before a cut is confirmed: at most `boundMs`, at once when the browser knows it
 * is offline; then the view is re-read (what arrives later still updates it).
 */
export async function freshenData(boundMs = QUICK_PULL_MS): Promise<Freshness> {
  const e = engine;
  if (!e) return "offline";
  const f = await quickPull(() => e.pullNow(), { boundMs, online: globalThis.navigator?.onLine !== false });
  await refreshView();
  return f;
}

/** The "Sincronizar" button: now, whatever the backoff. */
export function syncNow(): Promise<void> {
  return engine ? engine.syncNow("manual") : Promise.resolve();
}

/** Ask the browser not to evict our data; remember the answer for the sync screen. */
export async function askPersistence(): Promise<void> {
  try {
    const ok = (await navigator.storage?.persist?.()) ?? null;
    persisted.value = ok;
    if (db && ok !== null) await setMeta(db, "persisted", ok);
  } catch {
    persisted.value = null;
  }
}

/** The office revoked this device as lost: the engine emptied its database; log out with the reason. */
export function onDeviceWiped(message: string): void {
  stopField();
  markWiped(message);
}
