/**
 * The cutter's orders on the device: the order.execute v1 builder and its rules, the outbox
 * entry and its local effects in one transaction (base_rv = the order row's version), item
 * states with the server's flags, the bounded quick pull before a cut, and the cutter's nav.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { homeFor, navFor } from "../src/app/nav";
import { buildOrderArgs, dataAgeSeconds, newOrderDraft, validateOrder, type OrderDraft } from "../src/domain/order-rules";
import { flagLabel } from "../src/domain/outcomes";
import { executeOrder, orderDraftKey } from "../src/mutations";
import { stopsForDay } from "../src/features/route/stops";
import { getBlob, listBlobs, putBlob } from "../src/storage/blobs";
import type { Db } from "../src/storage/db";
import { getDraft, putDraft } from "../src/storage/drafts";
import { getMeta } from "../src/storage/meta";
import { listOutbox } from "../src/storage/outbox";
import { listOverlay } from "../src/storage/overlay";
import { allRows, getRow } from "../src/storage/rows";
import { applyPullPage, applyPushResults, MissingBlobError } from "../src/storage/transactions";
import { buildView } from "../src/state/view";
import { QUICK_PULL_MS, quickPull } from "../src/sync/quick-pull";
import { freshDb, makeEngine, syncOnce } from "./helpers/env";
import { FakeServer } from "./helpers/fake-server";
import { IDS, ORDER_IDS, seedOrders } from "./helpers/fixtures";

const TIMERS = { toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] as ("setTimeout" | "clearTimeout" | "setInterval" | "clearInterval" | "Date")[] };
const SHA = (c: string) => c.repeat(64);
const NOW = "2026-11-28T16:00:00.000Z";

afterEach(() => {
  vi.useRealTimers();
});

const draft = (p: Partial<OrderDraft> = {}): OrderDraft => ({
  ...newOrderDraft({ order_id: ORDER_IDS.cut, stop_id: ORDER_IDS.stopCut, fact_id: "70000000-0000-4000-8000-000000000001", now: NOW }),
  ...p,
});
const extra = { ended_at: "2026-11-28T16:20:00.000Z", gps: null, gps_error: "timeout" as const, data_age_s: 90 };

async function seeded() {
  const db = freshDb();
  const server = new FakeServer();
  seedOrders(server);
  server.putRow("route", "unrelated", { id: "unrelated", name: "x", work_date: "2000-01-01", status: "planned", zone: null, campaign_id: null }); // raises the global version above the order's
  const patch = [...server.rows.values()].map((r) => ({ op: "put" as const, t: r.t, id: r.id, rv: r.rv, d: r.d }));
  await applyPullPage(db, { cookie: "c", reset: false, has_more: false, last_seq: 0, patch });
  return { db, server };
}

async function viewOf(db: Db) {
  return buildView(await allRows(db), await listOverlay(db), await listOutbox(db), await listBlobs(db));
}

describe("order.execute v1: what the cutter must record", () => {
  it("asks whether it was executed; a restriction or disconnection needs its seal, a reconnection does not", () => {
    expect(validateOrder(draft(), "disconnect")).toHaveProperty("outcome");
    expect(validateOrder(draft({ outcome: "executed" }), "disconnect")).toEqual({ seal_number: "Anote el número de sello." });
    expect(validateOrder(draft({ outcome: "executed" }), "restrict")).toHaveProperty("seal_number");
    expect(validateOrder(draft({ outcome: "executed", seal_number: "  " }), "restrict")).toHaveProperty("seal_number");
    expect(validateOrder(draft({ outcome: "executed", seal_number: "S-1234" }), "disconnect")).toEqual({});
    expect(validateOrder(draft({ outcome: "executed" }), "reconnect")).toEqual({});
    expect(validateOrder(draft({ outcome: "executed", seal_number: "x".repeat(41) }), "disconnect")).toHaveProperty("seal_number");
    expect(validateOrder(draft({ outcome: "executed", seal_number: "S-1", meter_reading: "12a" }), "disconnect")).toHaveProperty("meter_reading");
  });

  it("not executed needs a reason; paid on the spot needs the receipt's number; 'other' needs a detail", () => {
    expect(validateOrder(draft({ outcome: "not_executed" }), "disconnect")).toEqual({ reason: "Elija el motivo." });
    expect(Object.keys(validateOrder(draft({ outcome: "not_executed", reason: "paid_on_spot" }), "disconnect"))).toEqual(["receipt_number"]);
    expect(validateOrder(draft({ outcome: "not_executed", reason: "paid_on_spot", receipt_number: "R-99" }), "disconnect")).toEqual({});
    expect(Object.keys(validateOrder(draft({ outcome: "not_executed", reason: "other" }), "restrict"))).toEqual(["reason_detail"]);
    expect(validateOrder(draft({ outcome: "not_executed", reason: "no_access" }), "restrict")).toEqual({}); // no seal asked
  });

  it("an inspection asks '¿Se encontró reconectada?'", () => {
    expect(validateOrder(draft({ outcome: "executed" }), "inspect")).toEqual({ self_reconnection: "Indique si se encontró reconectada." });
    expect(validateOrder(draft({ outcome: "executed", self_reconnection: false }), "inspect")).toEqual({});
  });

  it("builds exactly the documented args: seal, reading and photos before/after for an execution", () => {
    const d = draft({ outcome: "executed", seal_number: " S-77 ", meter_reading: "01234", photos_before: [SHA("a")], photos_after: [SHA("b"), SHA("c")], notes: "  " });
    const a = buildOrderArgs(d, "disconnect", extra);
    expect(Object.keys(a).sort()).toEqual(
      ["data_age_s", "ended_at", "gps", "gps_error", "id", "meter_reading", "notes", "order_id", "outcome", "photos_after", "photos_before", "reason", "reason_detail", "receipt_number", "seal_number", "self_reconnection", "started_at", "stop_id"].sort(),
    );
    expect(a).toEqual({
      id: "70000000-0000-4000-8000-000000000001",
      order_id: ORDER_IDS.cut,
      stop_id: ORDER_IDS.stopCut,
      outcome: "executed",
      reason: null,
      reason_detail: null,
      receipt_number: null,
      seal_number: "S-77",
      meter_reading: 1234,
      self_reconnection: null,
      started_at: NOW,
      ended_at: "2026-11-28T16:20:00.000Z",
      gps: null,
      gps_error: "timeout",
      photos_before: [SHA("a")],
      photos_after: [SHA("b"), SHA("c")],
      data_age_s: 90,
      notes: null,
    });
    const gps = { lat: 30.7, lon: -112.1, accuracy_m: 8, at: NOW };
    expect(buildOrderArgs({ ...d, data_age_s: 12 }, "disconnect", { ...extra, gps })).toMatchObject({ gps, gps_error: null, data_age_s: 12 });
  });

  it("sends the receipt only when paid on the spot, and no seal, reading or photos after when not executed", () => {
    const typed = { seal_number: "S-1", meter_reading: "5", receipt_number: "R-1", photos_before: [SHA("a")], photos_after: [SHA("b")] };
    const paid = buildOrderArgs(draft({ ...typed, outcome: "not_executed", reason: "paid_on_spot", reason_detail: "Pagó ayer en caja" }), "restrict", extra);
    expect(paid).toMatchObject({ outcome: "not_executed", reason: "paid_on_spot", receipt_number: "R-1", reason_detail: "Pagó ayer en caja", seal_number: null, meter_reading: null, photos_before: [SHA("a")], photos_after: [] });
    const noAccess = buildOrderArgs(draft({ ...typed, outcome: "not_executed", reason: "no_access" }), "restrict", extra);
    expect(noAccess).toMatchObject({ reason: "no_access", receipt_number: null, reason_detail: null });
    const inspect = buildOrderArgs(draft({ outcome: "executed", self_reconnection: true }), "inspect", extra);
    expect(inspect.self_reconnection).toBe(true);
    expect(buildOrderArgs(draft({ outcome: "executed", self_reconnection: true }), "reconnect", extra).self_reconnection).toBeNull();
  });

  it("counts the data's age from the last complete pull", () => {
    expect(dataAgeSeconds(null)).toBeNull();
    expect(dataAgeSeconds("2026-11-28T14:00:00.000Z", new Date("2026-11-28T16:00:00.000Z"))).toBe(7200);
  });
});

describe("order.execute: the outbox entry and the local change in one transaction", () => {
  it("writes the fact, the order's status, the stop, the draft removal and the queued photos with its outbox row; base_rv is the order row's version", async () => {
    const { db } = await seeded();
    const orderRv = (await getRow(db, "order", ORDER_IDS.cut))!.rv;
    const globalRv = (await getMeta(db, "base_rv"))!;
    expect(orderRv).toBeLessThan(globalRv);
    for (const c of ["a", "b"]) await putBlob(db, { sha256: SHA(c), type: "image/jpeg", size: 3, kind: "photo", bytes: new Uint8Array([1, 2, 3]).buffer });
    await putDraft(db, orderDraftKey(ORDER_IDS.cut), "order", { half: "done" });
    const args = buildOrderArgs(draft({ outcome: "executed", seal_number: "S-1", photos_before: [SHA("a")], photos_after: [SHA("b")] }), "disconnect", extra);

    const e = await executeOrder(db, args, { account_id: IDS.acc1, order_status: "assigned" });
    expect(e).toMatchObject({ seq: 1, name: "order.execute", v: 1, base_rv: orderRv, args, ref: { t: "visit", id: args.id }, blobs: [SHA("a"), SHA("b")], state: "pending" });
    expect((await listOverlay(db)).map((o) => `${o.t}:${o.op}`).sort()).toEqual(["order:patch", "stop:patch", "visit:put"]);
    expect(await getDraft(db, orderDraftKey(ORDER_IDS.cut))).toBeUndefined();
    expect((await getBlob(db, SHA("a")))?.state).toBe("queued");
    expect((await getBlob(db, SHA("b")))?.seq).toBe(1);

    const v = await viewOf(db);
    expect(v.orders.get(ORDER_IDS.cut)).toMatchObject({ status: "executed", executed_at: extra.ended_at });
    const item = stopsForDay(v, undefined, "orders").find((i) => i.stop.id === ORDER_IDS.stopCut)!;
    expect(item.stop.status).toBe("done");
    expect(item.visits.map((x) => [x.id, x.outcome, x.state, x.local])).toEqual([[args.id, "executed", "pendiente", true]]);
  });

  it("a missing photo writes nothing: no outbox row, no overlay, no seq, the draft stays", async () => {
    const { db } = await seeded();
    await putDraft(db, orderDraftKey(ORDER_IDS.cut), "order", { half: "done" });
    const args = buildOrderArgs(draft({ outcome: "executed", seal_number: "S-1", photos_after: [SHA("f")] }), "disconnect", extra);
    await expect(executeOrder(db, args, { account_id: IDS.acc1 })).rejects.toBeInstanceOf(MissingBlobError);
    expect(await listOutbox(db)).toEqual([]);
    expect(await listOverlay(db)).toEqual([]);
    expect(await getMeta(db, "seq")).toBeUndefined();
    expect(await getDraft(db, orderDraftKey(ORDER_IDS.cut))).toEqual({ half: "done" });
  });

  it("without the order row on the device, base_rv is the device's highest version; not executed marks the order so", async () => {
    const db = freshDb();
    await applyPullPage(db, { cookie: "c", reset: false, has_more: false, patch: [{ op: "put", t: "route", id: "r", rv: 42, d: { id: "r" } }] });
    const args = buildOrderArgs(draft({ outcome: "not_executed", reason: "no_access" }), "restrict", extra);
    const e = await executeOrder(db, args, { account_id: IDS.acc1 });
    expect(e.base_rv).toBe(42);
  });

  it("shows per item: pendiente, observado with the flag's Spanish label, evidencia pendiente", async () => {
    const { db } = await seeded();
    await putBlob(db, { sha256: SHA("a"), type: "image/jpeg", size: 3, kind: "photo", bytes: new Uint8Array([1]).buffer });
    const flagged = buildOrderArgs(draft({ outcome: "executed", seal_number: "S-1" }), "disconnect", extra);
    await executeOrder(db, flagged, { account_id: IDS.acc1 });
    const withPhoto = buildOrderArgs(
      { ...draft({ outcome: "not_executed", reason: "hostile", photos_before: [SHA("a")] }), order_id: ORDER_IDS.inspect, stop_id: ORDER_IDS.stopInspect, fact_id: "70000000-0000-4000-8000-000000000002" },
      "inspect",
      extra,
    );
    await executeOrder(db, withPhoto, { account_id: IDS.acc1 });
    await applyPushResults(db, [
      { seq: 1, status: "flagged", flags: ["CROSSED_IN_FLIGHT"] },
      { seq: 2, status: "applied" },
    ]);
    const v = await viewOf(db);
    const byId = new Map(v.visits.map((x) => [x.id, x]));
    expect(byId.get(flagged.id)).toMatchObject({ state: "observado", codes: ["CROSSED_IN_FLIGHT"] });
    expect(flagLabel("CROSSED_IN_FLIGHT")).toBe("Se ejecutó sin saber que ya estaba cancelada (pago en tránsito)");
    expect(flagLabel("PAID_ON_SPOT_VERIFY")).toBe("Dijo haber pagado: verificar el recibo");
    expect(byId.get(withPhoto.id)?.state).toBe("evidencia_pendiente");
    expect(v.orders.get(ORDER_IDS.inspect)?.status).toBe("not_executed");
  });

  it("reaches the server with the order row's base_rv, and its photos before and after are asked for", async () => {
    const db = freshDb();
    const server = new FakeServer();
    seedOrders(server);
    const { engine, leader } = makeEngine(db, server);
    await syncOnce(engine, leader);
    const orderRv = server.rows.get(`order:${ORDER_IDS.cut}`)!.rv;
    for (const c of ["a", "b"]) await putBlob(db, { sha256: SHA(c), type: "image/jpeg", size: 3, kind: "photo", bytes: new Uint8Array([1, 2, 3]).buffer });
    const args = buildOrderArgs(draft({ outcome: "executed", seal_number: "S-1", photos_before: [SHA("a")], photos_after: [SHA("b")] }), "disconnect", extra);
    await executeOrder(db, args, { account_id: IDS.acc1 });
    await syncOnce(engine, leader);
    expect(server.applied).toHaveLength(1);
    expect(server.applied[0]).toMatchObject({ name: "order.execute", v: 1, base_rv: orderRv, args });
    expect([...server.blobs.keys()].sort()).toEqual([SHA("a"), SHA("b")]);
    const v = await viewOf(db);
    expect(v.orders.get(ORDER_IDS.cut)?.status).toBe("executed"); // now from the server's row
    expect(await listOverlay(db)).toHaveLength(0);
  });
});

describe("the quick pull before confirming a cut", () => {
  it("resolves within the bound when the network hangs", async () => {
    vi.useFakeTimers(TIMERS);
    let settled: string | null = null;
    const p = quickPull(() => new Promise<boolean>(() => undefined)).then((f) => (settled = f));
    await vi.advanceTimersByTimeAsync(QUICK_PULL_MS - 1);
    expect(settled).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    await p;
    expect(settled).toBe("timeout");
  });

  it("does not wait at all when the browser knows it is offline, and says fresh, offline or other tab otherwise", async () => {
    const pull = vi.fn(() => new Promise<boolean>(() => undefined));
    expect(await quickPull(pull, { online: false })).toBe("offline");
    expect(pull).toHaveBeenCalledTimes(1); // still tried in the background
    expect(await quickPull(async () => true)).toBe("fresh");
    expect(await quickPull(async () => false)).toBe("offline");
    expect(await quickPull(async () => null)).toBe("other_tab");
    expect(await quickPull(() => Promise.reject(new Error("x")))).toBe("offline");
  });

  it("with the sync engine: a hanging pull is cut off at the bound; a good one answers before the photo uploads end", async () => {
    vi.useFakeTimers(TIMERS);
    const db = freshDb();
    const server = new FakeServer();
    seedOrders(server);
    const { engine, leader } = makeEngine(db, server, { intervalMs: 10 * 60 * 1000 });
    leader.start(() => undefined);
    server.once((r) => r.path.endsWith("/pull"), () => new Promise<Response>(() => undefined));
    let f: string | null = null;
    const p = quickPull(() => engine.pullNow()).then((x) => (f = x));
    await vi.advanceTimersByTimeAsync(QUICK_PULL_MS);
    await p;
    expect(f).toBe("timeout");
    vi.useRealTimers();

    // A fresh engine (the hung request holds the first one's cycle, as a real hung socket would).
    const db2 = freshDb();
    const second = makeEngine(db2, server);
    second.leader.start(() => undefined);
    await putBlob(db2, { sha256: SHA("d"), type: "image/jpeg", size: 3, kind: "photo", bytes: new Uint8Array([1]).buffer });
    await executeOrder(db2, buildOrderArgs(draft({ outcome: "not_executed", reason: "hostile", photos_before: [SHA("d")] }), "disconnect", extra), { account_id: IDS.acc1 });
    server.once((r) => r.method === "HEAD", () => new Promise<Response>(() => undefined)); // the upload hangs
    expect(await second.engine.pullNow()).toBe(true);
    expect(await getMeta(db2, "last_sync_at")).toBeTruthy();
  });
});

describe("role navigation", () => {
  it("a cutter gets 'Mis órdenes' and 'Sincronización', and lands on his orders", () => {
    expect(navFor(["cutter"]).map((n) => [n.path, n.label, n.testid])).toEqual([
      ["/ordenes", "Mis órdenes", "nav-orders"],
      ["/sync", "Sincronización", "nav-sync"],
      ["/encuestas", "Encuestas", "nav-surveys"],
    ]);
    expect(homeFor(["cutter"])).toBe("/ordenes");
  });

  it("a notifier sees what she saw before; the office gets 'Cortes'", () => {
    expect(navFor(["notifier"]).map((n) => n.label)).toEqual(["Mi ruta", "Sincronización", "Encuestas"]);
    for (const r of ["manager", "clerk", "director"] as const) expect(navFor([r]).map((n) => n.testid)).toContain("nav-cuts");
  });
});
