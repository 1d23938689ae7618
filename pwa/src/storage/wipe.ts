/**
 * A lost device's wipe (docs/team.md "Lost device"): the office revoked this phone, so every
 * store of the user's database is emptied — the outbox and drafts too, even unsent work: the
 * device is in someone else's hands — and then the database itself is deleted.
 */
import { deleteDB } from "idb";
import type { Db } from "./db";

/** The stores of today's schema (tests check each is emptied; the wipe itself clears whatever stores the database has). */
export const ALL_STORES = ["meta", "outbox", "rows", "blobs", "drafts", "overlay"] as const;

/** Empty every store in one transaction, close, and delete the database (at most `waitMs`). */
export async function wipeLocalData(db: Db, waitMs = 3000): Promise<void> {
  await db.run(async (idb) => {
    const names = [...idb.objectStoreNames];
    const tx = idb.transaction(names, "readwrite");
    await Promise.all(names.map((s) => tx.objectStore(s).clear()));
    await tx.done;
  });
  await db.close();
  // Another open tab blocks the deletion until it closes; the stores are already empty.
  await Promise.race([deleteDB(db.name).catch(() => undefined), new Promise((r) => setTimeout(r, waitMs))]);
}
