/** Photo and signature bytes by SHA-256, with their upload state ("evidencia pendiente"). */
import { atomic, type BlobRecord, type Db } from "./db";

/** Store bytes captured on the device (state draft until a mutation references them). */
export async function putBlob(db: Db, rec: Omit<BlobRecord, "state" | "seq" | "created_at"> & Partial<BlobRecord>): Promise<void> {
  await db.run(async (idb) => {
    const tx = idb.transaction("blobs", "readwrite");
    await atomic(tx, async () => {
      const existing = await tx.store.get(rec.sha256);
      // The same bytes again (same hash) keep their state: never demote an uploaded or queued blob.
      if (!existing) {
        await tx.store.put({ state: "draft", seq: null, created_at: new Date().toISOString(), attempts: 0, ...rec } as BlobRecord);
      }
    });
  });
}

/** One blob record. */
export async function getBlob(db: Db, sha256: string): Promise<BlobRecord | undefined> {
  return db.run((idb) => idb.get("blobs", sha256));
}

/** Blobs in a state. */
export async function blobsInState(db: Db, state: BlobRecord["state"]): Promise<BlobRecord[]> {
  return db.run((idb) => idb.getAllFromIndex("blobs", "by_state", state));
}

/** How many blobs still have to reach the server. */
export async function pendingBlobCount(db: Db): Promise<number> {
  return db.run((idb) => idb.countFromIndex("blobs", "by_state", "queued"));
}

/** Every blob record (without caring for size: the list is one day of evidence). */
export async function listBlobs(db: Db): Promise<BlobRecord[]> {
  return db.run((idb) => idb.getAll("blobs"));
}

/** Record an upload outcome. */
export async function markBlob(db: Db, sha256: string, patch: Partial<BlobRecord>): Promise<void> {
  await db.run(async (idb) => {
    const tx = idb.transaction("blobs", "readwrite");
    await atomic(tx, async () => {
      const rec = await tx.store.get(sha256);
      if (rec) await tx.store.put({ ...rec, ...patch });
    });
  });
}

/** Drop a draft blob no mutation references (a photo removed from the form). */
export async function deleteDraftBlob(db: Db, sha256: string): Promise<void> {
  await db.run(async (idb) => {
    const tx = idb.transaction("blobs", "readwrite");
    await atomic(tx, async () => {
      const rec = await tx.store.get(sha256);
      if (rec && rec.state === "draft") await tx.store.delete(sha256);
    });
  });
}
