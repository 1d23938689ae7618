/**
 * Writes that must span several stores in ONE IndexedDB transaction:
 * a mutation with its local effects, a pushed batch's results, a pulled page with its cookie.
 * Nothing but IndexedDB is awaited inside these transactions (the idb lifetime rule).
 */
import { atomic, type BlobRecord, type Db, type MutationResult, type OutboxEntry, type OverlayEntry, type RowRecord } from "./db";
import type { ClientInfo } from "./meta";
import { overlayKey } from "./overlay";

/** A local effect of a mutation, applied in the same transaction as its outbox row. */
export type LocalEffect =
  | { type: "overlay"; t: string; id: string; op: "put" | "patch"; d: Record<string, unknown> }
  | { type: "delete_draft"; key: string }
  | { type: "queue_blobs"; shas: string[] };

export interface NewMutation {
  name: string;
  v: number;
  id: string;
  args: unknown;
  ref?: { t: string; id: string } | null;
  blobs?: string[];
  /**
   * Take `base_rv` from this row's `rv` as the device holds it (what the worker knew of that
   * row when acting), read in the same transaction; the device's highest version otherwise.
   */
  baseRvOf?: { t: string; id: string } | null;
}

export class MissingBlobError extends Error {
  constructor(readonly sha256: string) {
    super(`La evidencia ${sha256.slice(0, 8)} no está guardada en el teléfono.`);
    this.name = "MissingBlobError";
  }
}

/**
 * Append a mutation to the outbox and apply its local effects atomically; the seq is allocated
 * in the same transaction. If anything fails, nothing is written (no seq is consumed).
 */
export async function commitMutation(db: Db, m: NewMutation, effects: LocalEffect[], now = new Date()): Promise<OutboxEntry> {
  return db.run(async (idb) => {
    const tx = idb.transaction(["meta", "outbox", "overlay", "drafts", "blobs", "rows"], "readwrite");
    return atomic(tx, async () => {
      const meta = tx.objectStore("meta");
      const seq = (((await meta.get("seq")) as number | undefined) ?? 0) + 1;
      const row = m.baseRvOf ? await tx.objectStore("rows").get([m.baseRvOf.t, m.baseRvOf.id]) : undefined;
      const baseRv = row ? row.rv : (((await meta.get("base_rv")) as number | undefined) ?? 0);
      await meta.put(seq, "seq");
      const entry: OutboxEntry = {
        seq,
        id: m.id,
        name: m.name,
        v: m.v,
        base_rv: baseRv,
        created_at: now.toISOString(),
        args: m.args,
        state: "pending",
        ref: m.ref ?? null,
        blobs: m.blobs ?? [],
      };
      await tx.objectStore("outbox").add(entry);
      for (const e of effects) {
        if (e.type === "overlay") {
          const o: OverlayEntry = { k: overlayKey(seq, e.t, e.id), seq, t: e.t, id: e.id, op: e.op, d: e.d };
          await tx.objectStore("overlay").put(o);
        } else if (e.type === "delete_draft") {
          await tx.objectStore("drafts").delete(e.key);
        } else {
          const blobs = tx.objectStore("blobs");
          for (const sha of e.shas) {
            const rec = await blobs.get(sha);
            if (!rec || !rec.bytes) throw new MissingBlobError(sha);
            if (rec.state !== "uploaded") await blobs.put({ ...rec, state: "queued", seq });
          }
        }
      }
      return entry;
    });
  });
}

export interface PushResultIn {
  seq: number;
  status: MutationResult["status"];
  code?: string | null;
  flags?: string[] | null;
  rv?: number | null;
}

/**
 * Record the server's answer to a pushed batch: each entry done with its result; rejected
 * mutations lose their overlay at once (their local effect did not happen); acked_seq advances.
 */
export async function applyPushResults(db: Db, results: PushResultIn[], now = new Date()): Promise<void> {
  await db.run(async (idb) => {
    const tx = idb.transaction(["meta", "outbox", "overlay"], "readwrite");
    return atomic(tx, async () => {
      const outbox = tx.objectStore("outbox");
      const overlayIdx = tx.objectStore("overlay").index("by_seq");
      let maxSeq = ((await tx.objectStore("meta").get("acked_seq")) as number | undefined) ?? 0;
      for (const r of results) {
        const e = await outbox.get(r.seq);
        if (!e) continue;
        const result: MutationResult = { status: r.status, code: r.code ?? null, flags: r.flags ?? [], rv: r.rv ?? null, at: now.toISOString() };
        // A duplicate means a previous answer was lost: keep the first result if we have it.
        await outbox.put({ ...e, state: "done", result: e.result && r.status === "duplicate" ? e.result : result });
        if (r.status === "rejected") {
          let c = await overlayIdx.openCursor(IDBKeyRange.only(r.seq));
          while (c) {
            await c.delete();
            c = await c.continue();
          }
        }
        maxSeq = Math.max(maxSeq, r.seq);
      }
      await tx.objectStore("meta").put(maxSeq, "acked_seq");
    });
  });
}

export interface PullPageIn {
  cookie: string;
  reset: boolean;
  has_more: boolean;
  last_seq?: number | null;
  patch: { op: "put" | "del"; t: string; id: string; rv: number; d?: unknown; why?: string }[];
}

/**
 * Apply one pulled page and its cookie in one transaction (a crash between pages leaves the
 * cookie of the last page applied, so the next pull converges). `reset` clears the server
 * state first, keeping the outbox, overlay, drafts and blobs. On the last page, overlays of
 * mutations the server has (seq <= last_seq) are dropped: the rows now reflect them.
 */
export async function applyPullPage(db: Db, page: PullPageIn, now = new Date()): Promise<void> {
  await db.run(async (idb) => {
    const tx = idb.transaction(["meta", "rows", "overlay", "outbox"], "readwrite");
    return atomic(tx, async () => {
      const meta = tx.objectStore("meta");
      const rows = tx.objectStore("rows");
      let baseRv = ((await meta.get("base_rv")) as number | undefined) ?? 0;
      if (page.reset) {
        await rows.clear();
        baseRv = 0;
      }
      for (const p of page.patch) {
        if (p.op === "put") {
          const rec: RowRecord = { t: p.t, id: p.id, rv: p.rv, d: p.d };
          await rows.put(rec);
        } else {
          await rows.delete([p.t, p.id]);
        }
        if (p.rv > baseRv) baseRv = p.rv;
      }
      await meta.put(page.cookie, "cookie");
      await meta.put(baseRv, "base_rv");
      if (!page.has_more && typeof page.last_seq === "number") {
        const lastSeq = page.last_seq;
        let c = await tx.objectStore("overlay").index("by_seq").openCursor(IDBKeyRange.upperBound(lastSeq));
        while (c) {
          await c.delete();
          c = await c.continue();
        }
        let o = await tx.objectStore("outbox").openCursor(IDBKeyRange.upperBound(lastSeq));
        while (o) {
          if (o.value.state === "done" && !o.value.reflected) await o.update({ ...o.value, reflected: true });
          o = await o.continue();
        }
        await meta.put(now.toISOString(), "last_sync_at");
      }
    });
  });
}

/** Forget server state (a reset or another epoch): rows, cookie, base_rv. Keeps local work. */
export async function clearServerState(db: Db): Promise<void> {
  await db.run(async (idb) => {
    const tx = idb.transaction(["meta", "rows"], "readwrite");
    return atomic(tx, async () => {
      await tx.objectStore("rows").clear();
      await tx.objectStore("meta").put(null, "cookie");
      await tx.objectStore("meta").put(0, "base_rv");
    });
  });
}

/**
 * The server expects `seq` next (409 SEQ_GAP): make every entry from there pending again so
 * the next push resends them in order. Returns false when the outbox no longer holds `seq`.
 */
export async function requeueFrom(db: Db, seq: number): Promise<boolean> {
  return db.run(async (idb) => {
    const tx = idb.transaction(["outbox", "meta"], "readwrite");
    return atomic(tx, async () => {
      const first = await tx.objectStore("outbox").get(seq);
      const top = ((await tx.objectStore("meta").get("seq")) as number | undefined) ?? 0;
      if (!first && seq <= top) {
        return false;
      }
      let c = await tx.objectStore("outbox").openCursor(IDBKeyRange.lowerBound(seq));
      while (c) {
        if (c.value.state !== "pending") await c.update({ ...c.value, state: "pending", result: undefined, reflected: false });
        c = await c.continue();
      }
      await tx.objectStore("meta").put(seq - 1, "acked_seq");
      return true;
    });
  });
}

/** Save what the server said when the client registered. */
export async function saveRegistration(db: Db, client: ClientInfo, info: { epoch: string | null; vapid: string | null }, now = new Date()): Promise<void> {
  await db.run(async (idb) => {
    const tx = idb.transaction("meta", "readwrite");
    return atomic(tx, async () => {
      const prev = (await tx.store.get("client")) as ClientInfo | undefined;
      const next: ClientInfo = { ...client, registered_at: now.toISOString(), epoch: info.epoch };
      await tx.store.put(next, "client");
      // null too: a server without keys sends no push (a new key later means resubscribing).
      await tx.store.put(info.vapid ?? null, "vapid_public_key");
      // Another epoch means the server was restored: start over from a full pull.
      if (prev?.epoch && info.epoch && prev.epoch !== info.epoch) {
        await tx.store.put(null, "cookie");
      }
    });
  });
}

const DAY = 86400000;

/**
 * Housekeeping: answered entries reflected by a pull and older than `keepDays` leave the
 * outbox; uploaded blobs are deleted after the grace period.
 */
export async function purgeOld(db: Db, now = new Date(), keepDays = 3, blobGraceDays = 7): Promise<void> {
  await db.run(async (idb) => {
    const tx = idb.transaction(["outbox", "blobs"], "readwrite");
    return atomic(tx, async () => {
      let c = await tx.objectStore("outbox").openCursor();
      while (c) {
        const e = c.value;
        if (e.state === "done" && e.reflected && now.getTime() - Date.parse(e.created_at) > keepDays * DAY) await c.delete();
        c = await c.continue();
      }
      let b = await tx.objectStore("blobs").index("by_state").openCursor("uploaded");
      while (b) {
        const r: BlobRecord = b.value;
        if (r.uploaded_at && now.getTime() - Date.parse(r.uploaded_at) > blobGraceDays * DAY) await b.delete();
        b = await b.continue();
      }
    });
  });
}

/** Everything local work holds, for "Exportar" when the server lost this client's state. */
export async function exportLocalWork(db: Db): Promise<{ outbox: OutboxEntry[]; blobs: BlobRecord[]; meta: Record<string, unknown> }> {
  return db.run(async (idb) => {
    const tx = idb.transaction(["outbox", "blobs", "meta"], "readonly");
    const outbox = await tx.objectStore("outbox").getAll();
    const blobs = await tx.objectStore("blobs").getAll();
    const meta: Record<string, unknown> = {};
    for (const k of ["client", "seq", "acked_seq", "base_rv", "last_sync_at"]) meta[k] = await tx.objectStore("meta").get(k);
    await tx.done;
    return { outbox, blobs, meta };
  });
}
