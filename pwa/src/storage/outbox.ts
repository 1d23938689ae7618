/** The outbox: mutations in seq order; pending until the server answers, then kept with the result. */
import type { Db, OutboxEntry } from "./db";

/** Every entry, in seq order. */
export async function listOutbox(db: Db): Promise<OutboxEntry[]> {
  return db.run((idb) => idb.getAll("outbox"));
}

/** Entries still waiting for the server, in seq order. */
export async function pendingEntries(db: Db, limit?: number): Promise<OutboxEntry[]> {
  return db.run((idb) => idb.getAllFromIndex("outbox", "by_state", "pending", limit)).then((l) => l.sort((a, b) => a.seq - b.seq));
}

/** How many mutations still wait for the server ("pendientes"). */
export async function pendingCount(db: Db): Promise<number> {
  return db.run((idb) => idb.countFromIndex("outbox", "by_state", "pending"));
}

/** Entries from `seq` on (any state), in seq order: what a SEQ_GAP asks to resend. */
export async function entriesFrom(db: Db, seq: number): Promise<OutboxEntry[]> {
  return db.run((idb) => idb.getAll("outbox", IDBKeyRange.lowerBound(seq)));
}
