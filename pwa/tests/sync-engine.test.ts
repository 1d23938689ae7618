import { describe, expect, it } from "vitest";
import { completeStop, recordVisit } from "../src/mutations";
import { getBlob, putBlob } from "../src/storage/blobs";
import { getMeta } from "../src/storage/meta";
import { listOutbox, pendingCount } from "../src/storage/outbox";
import { listOverlay } from "../src/storage/overlay";
import { allRows } from "../src/storage/rows";
import { listBlobs } from "../src/storage/blobs";
import { buildView } from "../src/state/view";
import { buildExport } from "../src/features/sync/export";
import { freshDb, makeEngine, syncOnce } from "./helpers/env";
import { FakeServer, json } from "./helpers/fake-server";
import { IDS, seedRoute, visitArgs } from "./helpers/fixtures";
import type { Db } from "../src/storage/db";

async function viewOf(db: Db) {
  return buildView(await allRows(db), await listOverlay(db), await listOutbox(db), await listBlobs(db));
}

describe("sync loop: push, pull, overlay", () => {
  it("registers, pulls the day's route, and holds it on the device", async () => {
    const db = freshDb();
    const server = new FakeServer();
    seedRoute(server);
    const { engine, leader } = makeEngine(db, server);
    await syncOnce(engine, leader);
    expect(server.calls.map((c) => c.path)).toEqual(["/api/sync/v1/clients", "/api/sync/v1/pull"]);
    expect(server.calls[0].body).toMatchObject({ client_id: "00000000-0000-4000-8000-000000000001", schema_version: 2, app_version: "test" });
    const v = await viewOf(db);
    expect(v.stops.map((s) => s.id)).toEqual([IDS.stop1, IDS.stop2]);
    expect(await getMeta(db, "last_sync_at")).toBeTruthy();
    expect(await getMeta(db, "base_rv")).toBe(server.version);
    expect(engine.status.lastError).toBeNull();
  });

  it("shows a local change at once, and drops the overlay only once the server acked it and a pull reflected it", async () => {
    const db = freshDb();
    const server = new FakeServer();
    seedRoute(server);
    const { engine, leader } = makeEngine(db, server);
    await syncOnce(engine, leader);
    await completeStop(db, { stop_id: IDS.stop1 });
    let v = await viewOf(db);
    expect(v.stops.find((s) => s.id === IDS.stop1)?.status).toBe("done"); // overlay
    expect(v.stopState.get(IDS.stop1)).toBe("pendiente");
    expect(v.pending).toBe(1);

    // The push is answered but the pull fails: acknowledged, not yet reflected → overlay stays.
    server.once((r) => r.path.endsWith("/pull"), () => Promise.reject(new TypeError("Failed to fetch")));
    await engine.syncNow("manual");
    expect(server.lastSeq).toBe(1);
    expect((await listOutbox(db))[0]).toMatchObject({ state: "done", result: { status: "applied" } });
    expect(await listOverlay(db)).toHaveLength(1);
    v = await viewOf(db);
    expect(v.stops.find((s) => s.id === IDS.stop1)?.status).toBe("done");
    expect(v.stopState.get(IDS.stop1)).toBe("enviado");

    await engine.syncNow("manual");
    expect(await listOverlay(db)).toHaveLength(0);
    expect((await listOutbox(db))[0].reflected).toBe(true);
    v = await viewOf(db);
    expect(v.stops.find((s) => s.id === IDS.stop1)?.status).toBe("done"); // now from the server row
    expect(v.pending).toBe(0);
    expect(v.outboxEmpty).toBe(true);
  });

  it("a visit recorded offline shows as pendiente, then enviado with its photo uploaded after the mutation", async () => {
    const db = freshDb();
    const server = new FakeServer();
    seedRoute(server);
    const { engine, leader } = makeEngine(db, server);
    await syncOnce(engine, leader);
    const sha = "c".repeat(64);
    await putBlob(db, { sha256: sha, type: "image/jpeg", size: 4, kind: "photo", bytes: new Uint8Array([9, 9, 9, 9]).buffer });
    const args = visitArgs({ photos: [sha] });
    await recordVisit(db, args, { account_id: IDS.acc1 });
    let v = await viewOf(db);
    expect(v.visits.find((x) => x.id === args.id)?.state).toBe("pendiente");
    expect(v.evidencePending).toBe(1);

    await engine.syncNow("manual");
    const order = server.calls.map((c) => `${c.method} ${c.path.replace(/[0-9a-f]{64}/, "<sha>")}`);
    expect(order.indexOf("POST /api/sync/v1/push")).toBeLessThan(order.indexOf("HEAD /api/sync/v1/blobs/<sha>"));
    expect(order.indexOf("HEAD /api/sync/v1/blobs/<sha>")).toBeLessThan(order.indexOf("PUT /api/sync/v1/blobs/<sha>"));
    expect(server.blobs.get(sha)).toBe(1);
    expect((await getBlob(db, sha))?.state).toBe("uploaded");
    v = await viewOf(db);
    expect(v.visits.find((x) => x.id === args.id)?.state).toBe("enviado");
    expect(v.evidencePending).toBe(0);
  });

  it("a rejected mutation is shown as observado and does not stop the ones after it", async () => {
    const db = freshDb();
    const server = new FakeServer();
    seedRoute(server);
    server.handlers["stop.complete"] = (m) => (m.args.stop_id === IDS.stop2 ? { status: "rejected", code: "STOP_NOT_IN_SCOPE" } : undefined);
    const { engine, leader } = makeEngine(db, server);
    await syncOnce(engine, leader);
    await completeStop(db, { stop_id: IDS.stop2 });
    await completeStop(db, { stop_id: IDS.stop1 });
    await engine.syncNow("manual");
    expect(server.lastSeq).toBe(2);
    const v = await viewOf(db);
    expect(v.stopState.get(IDS.stop2)).toBe("observado");
    expect(v.stops.find((s) => s.id === IDS.stop2)?.status).toBe("pending"); // the rejected overlay is gone
    expect(v.stops.find((s) => s.id === IDS.stop1)?.status).toBe("done");
    expect(v.observed).toBe(1);
    expect(v.pending).toBe(0);
  });

  it("converges after a crash between pull pages: the cookie only moves with the page it belongs to", async () => {
    const db = freshDb();
    const server = new FakeServer();
    seedRoute(server); // 7 rows
    server.pageLimit = 3;
    const { engine, leader } = makeEngine(db, server);
    let pulls = 0;
    const cookies: (string | null)[] = [];
    server.interceptors.push((r) => {
      if (r.path.endsWith("/pull")) cookies.push(r.body.cookie);
      return undefined;
    });
    server.interceptors.push((r) => {
      if (r.path.endsWith("/pull") && ++pulls === 2) return Promise.reject(new TypeError("Failed to fetch"));
      return undefined;
    });
    await syncOnce(engine, leader);
    expect(engine.status.lastError?.code).toBe("NETWORK");
    expect(await allRows(db)).toHaveLength(3); // page 1 and its cookie
    const cookie1 = JSON.parse((await getMeta(db, "cookie")) as string);
    expect(cookie1.k).toBeTruthy();
    server.putRow("stop", IDS.stop2, { ...server.rows.get(`stop:${IDS.stop2}`)!.d, status: "cancelled", cancel_reason: "Pagó" }); // a write while paging
    await engine.syncNow("manual"); // resumes from page 2 of the same snapshot
    expect(await allRows(db)).toHaveLength(6); // the stop changed meanwhile: it comes with the next version
    await engine.syncNow("manual");
    const rows = await allRows(db);
    expect(rows).toHaveLength(7);
    expect(new Set(rows.map((r) => `${r.t}:${r.id}`)).size).toBe(7);
    expect(rows.find((r) => r.id === IDS.stop2)?.d).toMatchObject({ status: "cancelled" });
    expect(engine.status.lastError).toBeNull();
    // The retry asked for page 2 with page 1's cookie: nothing was fetched twice.
    expect(cookies[2]).toBe(cookies[1]);
  });

  it("a reset answer clears server rows and keeps the outbox, which still reaches the server", async () => {
    const db = freshDb();
    const server = new FakeServer();
    seedRoute(server);
    const { engine, leader } = makeEngine(db, server);
    await syncOnce(engine, leader);
    await completeStop(db, { stop_id: IDS.stop1 });
    server.once((r) => r.path.endsWith("/push"), () => Promise.reject(new TypeError("offline")));
    await engine.syncNow("manual");
    expect(await pendingCount(db)).toBe(1);
    server.epoch = "e2"; // the server was restored: cookies of the old epoch reset
    server.rows.delete(`account:${IDS.acc2}`);
    await engine.syncNow("manual");
    expect(server.lastSeq).toBe(1);
    expect(await pendingCount(db)).toBe(0);
    const rows = await allRows(db);
    expect(rows.some((r) => r.id === IDS.acc2)).toBe(false);
    expect(rows.find((r) => r.id === IDS.stop1)?.d).toMatchObject({ status: "done" });
  });
});

describe("sync loop: failures", () => {
  it("treats a captive portal's HTML page as a failure and keeps the queue", async () => {
    const db = freshDb();
    const server = new FakeServer();
    const { engine, leader } = makeEngine(db, server);
    await completeStop(db, { stop_id: IDS.stop1 });
    server.once(
      (r) => r.path.endsWith("/clients"),
      () => new Response("<html><body>Inicie sesión en la red WiFi</body></html>", { status: 200, headers: { "Content-Type": "text/html" } }),
    );
    await syncOnce(engine, leader);
    expect(engine.status.lastError?.code).toBe("BAD_ENVELOPE");
    expect(engine.status.attempt).toBe(1);
    expect(engine.status.nextRetryAt).not.toBeNull();
    expect(await pendingCount(db)).toBe(1);
    expect(server.lastSeq).toBe(0);

    // A JSON answer without "proto": 1 is not ours either.
    server.once((r) => r.path.endsWith("/push"), () => json({ ok: true }));
    await engine.syncNow("manual");
    expect(engine.status.lastError?.code).toBe("BAD_ENVELOPE");
    expect(await pendingCount(db)).toBe(1);
    await engine.syncNow("manual");
    expect(await pendingCount(db)).toBe(0);
    engine.stop();
  });

  it("resends from expected_seq after 409 SEQ_GAP", async () => {
    const db = freshDb();
    const server = new FakeServer();
    const { engine, leader } = makeEngine(db, server);
    await completeStop(db, { stop_id: "s1" });
    await completeStop(db, { stop_id: "s2" });
    await completeStop(db, { stop_id: "s3" });
    // The device believes seq 1 was answered, the server never saw it.
    await db.run(async (idb) => {
      const e = await idb.get("outbox", 1);
      await idb.put("outbox", { ...e!, state: "done", result: { status: "applied", at: "x" } });
    });
    await syncOnce(engine, leader);
    const pushes = server.calls.filter((c) => c.path.endsWith("/push"));
    expect(pushes[0].body.mutations.map((m: { seq: number }) => m.seq)).toEqual([2, 3]);
    expect(pushes[1].body.mutations.map((m: { seq: number }) => m.seq)).toEqual([1, 2, 3]);
    expect(server.applied.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(await pendingCount(db)).toBe(0);
    expect(engine.status.lastError).toBeNull();
  });

  it("refreshes the token on 401 and retries the same request once", async () => {
    const db = freshDb();
    const server = new FakeServer();
    const { engine, leader, tokens } = makeEngine(db, server);
    await completeStop(db, { stop_id: IDS.stop1 });
    server.expireTokens();
    await syncOnce(engine, leader);
    const paths = server.calls.map((c) => c.path);
    expect(paths.slice(0, 3)).toEqual(["/api/sync/v1/clients", "/api/v1/auth/refresh", "/api/sync/v1/clients"]);
    expect(paths.filter((p) => p.endsWith("/refresh"))).toHaveLength(1);
    expect(tokens.get()?.access_token).toBe("access-2");
    expect(server.lastSeq).toBe(1);
    expect(engine.status.lastError).toBeNull();
  });

  it("stops and asks for a new login when the refresh token no longer works; the outbox stays", async () => {
    const db = freshDb();
    const server = new FakeServer();
    server.refreshToken = "another";
    const { engine, leader } = makeEngine(db, server);
    await completeStop(db, { stop_id: IDS.stop1 });
    server.expireTokens();
    await syncOnce(engine, leader);
    expect(engine.status.stopped).toBe("session_expired");
    expect(engine.status.nextRetryAt).toBeNull();
    expect(await pendingCount(db)).toBe(1);
  });

  it("403 stops the loop and tells the user (no automatic retry)", async () => {
    const db = freshDb();
    const server = new FakeServer();
    const { engine, leader } = makeEngine(db, server);
    server.once((r) => r.path.endsWith("/clients"), () => json({ proto: 1, code: 403, error_code: "CLIENT_OTHER_USER", message: "Otro usuario" }, 403));
    await syncOnce(engine, leader);
    expect(engine.status.stopped).toBe("forbidden");
    expect(engine.status.lastError?.message).toMatch(/no está autorizado/);
    expect(engine.status.nextRetryAt).toBeNull();
    engine.requestSync("timer");
    expect(server.calls).toHaveLength(1); // stopped: the timer does not sync
  });

  it("CLIENT_STATE_NOT_FOUND keeps the outbox and offers it as an export", async () => {
    const db = freshDb();
    const server = new FakeServer();
    const { engine, leader } = makeEngine(db, server);
    await completeStop(db, { stop_id: IDS.stop1 });
    await syncOnce(engine, leader);
    expect(server.lastSeq).toBe(1);
    await completeStop(db, { stop_id: IDS.stop2 });
    server.lastSeq = 0; // restored from a backup: acknowledged work is gone
    await engine.syncNow("manual");
    expect(engine.status.stopped).toBe("client_state_lost");
    expect(await pendingCount(db)).toBe(1);
    const doc = await buildExport(db, "notificador1");
    expect(doc.mutations.map((m) => m.seq)).toEqual([1, 2]);
    expect(doc.kind).toBe("cartera-outbox-export");
  });

  it("splits a batch the server finds too large (413)", async () => {
    const db = freshDb();
    const server = new FakeServer();
    const { engine, leader } = makeEngine(db, server);
    for (let i = 0; i < 4; i++) await completeStop(db, { stop_id: `s${i}` });
    server.once((r) => r.path.endsWith("/push"), () => json({ proto: 1, code: 413, error_code: "BATCH_TOO_LARGE", message: "grande" }, 413));
    await syncOnce(engine, leader);
    const pushes = server.calls.filter((c) => c.path.endsWith("/push")).map((c) => c.body.mutations.length);
    expect(pushes).toEqual([4, 2, 2]);
    expect(server.lastSeq).toBe(4);
  });

  it("VERSION_NOT_SUPPORTED on pull asks for the update while the push still drains", async () => {
    const db = freshDb();
    const server = new FakeServer();
    const { engine, leader } = makeEngine(db, server);
    await completeStop(db, { stop_id: IDS.stop1 });
    server.once((r) => r.path.endsWith("/pull"), () => json({ proto: 1, error: "VERSION_NOT_SUPPORTED", error_code: "VERSION_NOT_SUPPORTED" }));
    await syncOnce(engine, leader);
    expect(server.lastSeq).toBe(1);
    expect(engine.status.updateRequired).toBe(true);
    expect(engine.status.lastError).toBeNull();
  });
});
