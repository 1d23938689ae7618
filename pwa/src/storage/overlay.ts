/** Local effects of mutations not yet reflected by a pull, laid over the server rows. */
import type { Db, OverlayEntry } from "./db";

/** Every overlay entry, in seq order. */
export async function listOverlay(db: Db): Promise<OverlayEntry[]> {
  return db.run((idb) => idb.getAllFromIndex("overlay", "by_seq"));
}

/** Overlay key: one entry per (mutation, entity). */
export function overlayKey(seq: number, t: string, id: string): string {
  return `${seq}|${t}|${id}`;
}
