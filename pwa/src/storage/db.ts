/**
 * The one owner of the IndexedDB schema (the only code, with its sibling repos, that imports idb).
 *
 * One database per user on this device ("cartera-<user id>"): its client_id, outbox and the
 * rows of that worker's scope never mix with another user's. Stores:
 * - meta: small values (client, seq counter, acked_seq, cookie, base_rv, last sync time...)
 * - outbox: mutations by seq; `state` pending until the server answers, then done with its result
 * - overlay: the local effects of pending mutations, laid over server rows until a pull reflects them
 * - rows: server state by [t, id] (routes, stops, notices, accounts, visits)
 * - blobs: photo and signature bytes by SHA-256, with their upload state
 * - drafts: forms in progress (a visit being recorded survives the app being killed)
 */
import { deleteDB, openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from "idb";
import type { RowType } from "../domain/types";

export type MutationStatus = "applied" | "duplicate" | "flagged" | "rejected";

export interface MutationResult {
  status: MutationStatus;
  code?: string | null;
  flags?: string[] | null;
  rv?: number | null;
  at: string;
}

export interface OutboxEntry {
  seq: number;
  id: string;
  name: string;
  v: number;
  base_rv: number;
  created_at: string;
  args: unknown;
  state: "pending" | "done";
  /** The entity this mutation creates or changes, for per-item status ("pendiente", "observado"). */
  ref?: { t: string; id: string } | null;
  /** Attachments it references (uploaded apart, after the mutation). */
  blobs?: string[];
  result?: MutationResult;
  /** A pull after the acknowledgement reflected it (server last_seq >= seq). */
  reflected?: boolean;
}

export interface OverlayEntry {
  k: string; // `${seq}|${t}|${id}`
  seq: number;
  t: string;
  id: string;
  op: "put" | "patch";
  d: Record<string, unknown>;
}

export interface RowRecord<T = unknown> {
  t: RowType | string;
  id: string;
  rv: number;
  d: T;
}

export type BlobState = "draft" | "queued" | "uploaded" | "failed";

export interface BlobRecord {
  sha256: string;
  type: string;
  size: number;
  kind: "photo" | "signature";
  bytes: ArrayBuffer | null; // null once purged after the grace period
  state: BlobState;
  seq: number | null; // the mutation that references it
  created_at: string;
  uploaded_at?: string | null;
  attempts?: number;
  error?: string | null;
}

export interface DraftRecord {
  key: string;
  kind: string;
  data: unknown;
  updated_at: string;
}

export interface CarteraSchema extends DBSchema {
  meta: { key: string; value: unknown };
  outbox: { key: number; value: OutboxEntry; indexes: { by_state: string } };
  overlay: { key: string; value: OverlayEntry; indexes: { by_seq: number } };
  rows: { key: [string, string]; value: RowRecord; indexes: { by_t: string } };
  blobs: { key: string; value: BlobRecord; indexes: { by_state: string } };
  drafts: { key: string; value: DraftRecord };
}

export type Idb = IDBPDatabase<CarteraSchema>;
export type StoreName = StoreNames<CarteraSchema>;
export type Tx<S extends StoreName[]> = IDBPTransaction<CarteraSchema, S, "readwrite">;

/** v1: first field build; v2: overlay store, outbox state index (pending v1 entries carried over). */
export const DB_VERSION = 2;

/** Create or migrate the schema; never drops the outbox, drafts or blobs. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function upgrade(db: IDBPDatabase<any>, oldVersion: number, tx: IDBPTransaction<any, any, "versionchange">): Promise<void> | void {
  if (oldVersion < 1) {
    db.createObjectStore("meta");
    db.createObjectStore("outbox", { keyPath: "seq" });
    const rows = db.createObjectStore("rows", { keyPath: ["t", "id"] });
    rows.createIndex("by_t", "t");
    const blobs = db.createObjectStore("blobs", { keyPath: "sha256" });
    blobs.createIndex("by_state", "state");
    db.createObjectStore("drafts", { keyPath: "key" });
  }
  if (oldVersion < 2) {
    const overlay = db.createObjectStore("overlay", { keyPath: "k" });
    overlay.createIndex("by_seq", "seq");
    const outbox = tx.objectStore("outbox");
    outbox.createIndex("by_state", "state");
    // v1 entries had no state: each one still waiting for the server is "pending", unchanged otherwise.
    return (async () => {
      let cursor = await outbox.openCursor();
      while (cursor) {
        const e = cursor.value;
        if (!e.state) await cursor.update({ ...e, state: "pending" });
        cursor = await cursor.continue();
      }
    })();
  }
}

function isConnectionLost(e: unknown): boolean {
  const err = e as { name?: string; message?: string } | null;
  if (!err) return false;
  return err.name === "InvalidStateError" || /connection.*(clos|lost)|database.*closed/i.test(err.message ?? "");
}

/** A connection that reopens once when the browser drops it (iOS does, in the background). */
export class Db {
  private conn: Promise<Idb> | null = null;
  onVersionChange: (() => void) | null = null;

  constructor(readonly name: string) {}

  /** The open connection (opened and migrated on first use). */
  get(): Promise<Idb> {
    if (!this.conn) {
      const p = openDB<CarteraSchema>(this.name, DB_VERSION, {
        upgrade: (db, oldVersion, _newVersion, tx) => upgrade(db, oldVersion, tx),
        blocking: () => {
          // A newer build wants to upgrade the schema: let it, and ask this page to reload.
          void p.then((db) => db.close());
          this.conn = null;
          this.onVersionChange?.();
        },
        terminated: () => {
          this.conn = null;
        },
      });
      this.conn = p;
      p.catch(() => {
        if (this.conn === p) this.conn = null;
      });
    }
    return this.conn;
  }

  /** Run `fn` with the connection; if the connection was lost, reopen and try once more. */
  async run<T>(fn: (db: Idb) => Promise<T>): Promise<T> {
    try {
      return await fn(await this.get());
    } catch (e) {
      if (!isConnectionLost(e)) throw e;
      this.drop();
      return fn(await this.get());
    }
  }

  /** Forget the current connection (closing it); the next call reopens. */
  drop(): void {
    const c = this.conn;
    this.conn = null;
    void c?.then((db) => db.close()).catch(() => undefined);
  }

  /** Close for good (tests; logout keeps the data). */
  async close(): Promise<void> {
    const c = this.conn;
    this.conn = null;
    if (c) (await c).close();
  }
}

/**
 * Run the body of a read-write transaction; if it throws (a bad key, a missing blob...), abort so
 * that nothing it wrote is kept, then rethrow. A request that fails does not abort by itself.
 */
export async function atomic<T, S extends StoreName[]>(tx: IDBPTransaction<CarteraSchema, S, "readwrite">, body: () => Promise<T>): Promise<T> {
  try {
    const out = await body();
    await tx.done;
    return out;
  } catch (err) {
    try {
      tx.abort();
    } catch {
      /* already finished or aborted */
    }
    await tx.done.catch(() => undefined);
    throw err;
  }
}

/** The database name of one user on this device. */
export function dbNameFor(userId: string): string {
  return `cartera-${userId}`;
}

/** Delete a database (tests only; the app never deletes a database with work in it). */
export async function destroyDb(name: string): Promise<void> {
  await deleteDB(name);
}

/** Check at startup that this browser can store data here (private modes may refuse). */
export async function probeStorage(db: Db): Promise<void> {
  await db.run(async (idb) => {
    const tx = idb.transaction("meta", "readwrite");
    await tx.store.put(new Date().toISOString(), "probe");
    await tx.done;
  });
}
