/** Forms in progress, so a visit being recorded survives the app being closed or killed. */
import type { Db, DraftRecord } from "./db";

/** The draft under `key`, if any. */
export async function getDraft<T>(db: Db, key: string): Promise<T | undefined> {
  const r = await db.run((idb) => idb.get("drafts", key));
  return r?.data as T | undefined;
}

/** Save (replace) a draft. */
export async function putDraft(db: Db, key: string, kind: string, data: unknown): Promise<void> {
  const rec: DraftRecord = { key, kind, data, updated_at: new Date().toISOString() };
  await db.run(async (idb) => {
    await idb.put("drafts", rec);
  });
}

/** Drop a draft (the form was discarded). */
export async function deleteDraft(db: Db, key: string): Promise<void> {
  await db.run((idb) => idb.delete("drafts", key));
}

/** Every draft (the sync screen lists visits left half-done). */
export async function listDrafts(db: Db): Promise<DraftRecord[]> {
  return db.run((idb) => idb.getAll("drafts"));
}
