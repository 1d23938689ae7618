import { describe, expect, it } from "vitest";
import { completeStop, recordVisit, visitDraftKey } from "../src/mutations";
import { putBlob } from "../src/storage/blobs";
import { Db, DB_VERSION } from "../src/storage/db";
import { getDraft, putDraft } from "../src/storage/drafts";
import { getMeta } from "../src/storage/meta";
import { listOutbox, pendingCount, pendingEntries } from "../src/storage/outbox";
import { listOverlay } from "../src/storage/overlay";
import { allRows } from "../src/storage/rows";
import { applyPullPage, MissingBlobError } from "../src/storage/transactions";
import { freshDb } from "./helpers/env";
import { IDS, visitArgs } from "./helpers/fixtures";

describe("storage: the outbox and the local change", () => {
  it("writes the mutation and its local change in one transaction: when one fails, neither is kept", async () => {
    const db = freshDb();
    await putDraft(db, visitDraftKey(IDS.notice1), "visit", { half: "done" });
    const missing = "a".repeat(64);
    await expect(recordVisit(db, visitArgs({ photos: [missing] }), { account_id: IDS.acc1 })).rejects.toBeInstanceOf(MissingBlobError);
    expect(await listOutbox(db)).toEqual([]);
    expect(await listOverlay(db)).toEqual([]);
    expect(await getMeta(db, "seq")).toBeUndefined(); // no seq consumed
    expect(await getDraft(db, visitDraftKey(IDS.notice1))).toEqual({ half: "done" }); // the draft survives

    const sha = "b".repeat(64);
    await putBlob(db, { sha256: sha, type: "image/jpeg", size: 3, kind: "photo", bytes: new Uint8Array([1, 2, 3]).buffer });
    const e = await recordVisit(db, visitArgs({ photos: [sha] }), { account_id: IDS.acc1 });
    expect(e.seq).toBe(1);
    expect((await listOutbox(db)).map((x) => x.seq)).toEqual([1]);
    expect((await listOverlay(db)).map((o) => o.t).sort()).toEqual(["notice", "stop", "visit"]);
    expect(await getDraft(db, visitDraftKey(IDS.notice1))).toBeUndefined();
    await db.close();
  });

  it("keeps the order and the seq counter when the database is reopened (a reload)", async () => {
    const db = freshDb();
    await completeStop(db, { stop_id: IDS.stop1 });
    await recordVisit(db, visitArgs(), { account_id: IDS.acc1 });
    await completeStop(db, { stop_id: IDS.stop2 });
    await db.close();

    const again = new Db(db.name);
    const pending = await pendingEntries(again);
    expect(pending.map((e) => [e.seq, e.name])).toEqual([
      [1, "stop.complete"],
      [2, "visit.record"],
      [3, "stop.complete"],
    ]);
    const next = await completeStop(again, { stop_id: IDS.stop1 });
    expect(next.seq).toBe(4);
    expect(await pendingCount(again)).toBe(4);
    await again.close();
  });

  it("a reset clears server rows but keeps the outbox, the overlay and the drafts", async () => {
    const db = freshDb();
    await applyPullPage(db, { cookie: "c1", reset: false, has_more: false, patch: [{ op: "put", t: "stop", id: IDS.stop1, rv: 5, d: { id: IDS.stop1, status: "pending" } }] });
    await completeStop(db, { stop_id: IDS.stop1 });
    await putDraft(db, "visit:x", "visit", { a: 1 });
    await applyPullPage(db, { cookie: "c2", reset: true, has_more: false, patch: [{ op: "put", t: "route", id: IDS.route, rv: 1, d: { id: IDS.route } }] });
    expect((await allRows(db)).map((r) => r.t)).toEqual(["route"]);
    expect(await pendingCount(db)).toBe(1);
    expect(await listOverlay(db)).toHaveLength(1);
    expect(await getDraft(db, "visit:x")).toEqual({ a: 1 });
    expect(await getMeta(db, "cookie")).toBe("c2");
    await db.close();
  });

  it("migrates a version 1 database to version 2 keeping every queued mutation", async () => {
    const name = `legacy-${Math.random()}`;
    // The schema an earlier build left on the phone (v1): no overlay store, outbox entries without state.
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.open(name, 1);
      req.onupgradeneeded = () => {
        const d = req.result;
        d.createObjectStore("meta");
        d.createObjectStore("outbox", { keyPath: "seq" });
        d.createObjectStore("rows", { keyPath: ["t", "id"] }).createIndex("by_t", "t");
        d.createObjectStore("blobs", { keyPath: "sha256" }).createIndex("by_state", "state");
        d.createObjectStore("drafts", { keyPath: "key" });
      };
      req.onsuccess = () => {
        const d = req.result;
        const tx = d.transaction(["outbox", "meta"], "readwrite");
        tx.objectStore("outbox").put({ seq: 1, id: "m1", name: "visit.record", v: 1, base_rv: 7, created_at: "2026-11-27T15:00:00Z", args: { id: "v1", outcome: "absent" } });
        tx.objectStore("outbox").put({ seq: 2, id: "m2", name: "stop.complete", v: 1, base_rv: 7, created_at: "2026-11-27T15:01:00Z", args: { stop_id: "s1" } });
        tx.objectStore("meta").put(2, "seq");
        tx.oncomplete = () => {
          d.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
      req.onerror = () => reject(req.error);
    });
    expect(DB_VERSION).toBe(2);
    const db = new Db(name);
    const pending = await pendingEntries(db);
    expect(pending.map((e) => ({ seq: e.seq, id: e.id, name: e.name, v: e.v, args: e.args, state: e.state }))).toEqual([
      { seq: 1, id: "m1", name: "visit.record", v: 1, args: { id: "v1", outcome: "absent" }, state: "pending" },
      { seq: 2, id: "m2", name: "stop.complete", v: 1, args: { stop_id: "s1" }, state: "pending" },
    ]);
    expect((await completeStop(db, { stop_id: "s2" })).seq).toBe(3);
    await db.close();
  });

  it("reopens the connection once when the browser dropped it", async () => {
    const db = freshDb();
    await completeStop(db, { stop_id: IDS.stop1 });
    (await db.get()).close(); // what iOS does to a backgrounded page
    expect(await pendingCount(db)).toBe(1);
    await db.close();
  });

  it("an aborted pull page leaves neither its rows nor its cookie", async () => {
    const db = freshDb();
    await applyPullPage(db, { cookie: "c1", reset: false, has_more: true, patch: [] });
    const bad = { op: "put" as const, t: "stop", id: undefined as unknown as string, rv: 3, d: {} };
    await expect(
      applyPullPage(db, { cookie: "c2", reset: false, has_more: false, patch: [{ op: "put", t: "stop", id: IDS.stop1, rv: 2, d: {} }, bad] }),
    ).rejects.toBeTruthy();
    expect(await allRows(db)).toEqual([]);
    expect(await getMeta(db, "cookie")).toBe("c1");
    await db.close();
  });
});
