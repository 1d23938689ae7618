/**
 * A lost device (docs/team.md): when the office revoked it, its next sync contact answers
 * 403 CLIENT_WIPE; the engine empties every IndexedDB store — the outbox too, even unsent work —
 * deletes the database, stops syncing and logs out with a Spanish message for the login screen.
 */
import { openDB } from "idb";
import { h, render } from "preact";
import { LoginScreen } from "../src/features/login/LoginScreen";
import { describe, expect, it, vi } from "vitest";
import { completeStop } from "../src/mutations";
import { ALL_STORES, wipeLocalData } from "../src/storage/wipe";
import { listOutbox } from "../src/storage/outbox";
import { allRows } from "../src/storage/rows";
import { putBlob } from "../src/storage/blobs";
import { WIPED_MESSAGE } from "../src/sync/engine";
import { clearWipedNotice, markWiped, session, wipedNotice } from "../src/state/session";
import { freshDb, makeEngine, syncOnce } from "./helpers/env";
import { FakeServer, json } from "./helpers/fake-server";
import { IDS, seedRoute } from "./helpers/fixtures";

const WIPE = { proto: 1, code: 403, status: "Forbidden", error_code: "CLIENT_WIPE", message: "La oficina dio de baja este dispositivo.", errors: {}, wipe: true };

async function storeCounts(name: string): Promise<number[]> {
  const idb = await openDB(name);
  const present = ALL_STORES.filter((s) => idb.objectStoreNames.contains(s));
  const counts = await Promise.all(present.map((s) => idb.count(s)));
  idb.close();
  return counts;
}

describe("lost device wipe", () => {
  it("on CLIENT_WIPE the engine empties every store, outbox included, stops and logs out", async () => {
    const db = freshDb();
    const server = new FakeServer();
    seedRoute(server);
    const onWipe = vi.fn();
    const { engine, leader, tokens } = makeEngine(db, server, { onWipe: (m) => { onWipe(m); tokens.set(null); } });
    await syncOnce(engine, leader);
    expect((await allRows(db)).length).toBeGreaterThan(0);
    // Unsent work and a photo on the device when the office revokes it.
    server.once((r) => r.path.endsWith("/push"), () => Promise.reject(new TypeError("Failed to fetch")));
    await completeStop(db, { stop_id: IDS.stop1 });
    await engine.syncNow("manual");
    await putBlob(db, { sha256: "d".repeat(64), type: "image/jpeg", size: 1, kind: "photo", bytes: new Uint8Array([1]).buffer });
    expect(await listOutbox(db)).toHaveLength(1);

    server.once((r) => r.path.endsWith("/clients") || r.path.endsWith("/push") || r.path.endsWith("/pull"), () => json(WIPE, 403));
    await engine.syncNow("manual");

    expect(onWipe).toHaveBeenCalledWith(WIPED_MESSAGE);
    expect(engine.status.stopped).toBe("wiped");
    expect(tokens.get()).toBeNull();
    expect(await storeCounts(db.name)).toEqual([]); // the database is gone: a fresh open has no stores
    const calls = server.calls.length;
    await engine.syncNow("retry");
    expect(server.calls.length).toBe(calls); // stopped for good: nothing more is sent
  });

  it("wipeLocalData empties the stores even when the database cannot be deleted yet", async () => {
    const db = freshDb();
    await completeStop(db, { stop_id: IDS.stop1 });
    const other = await openDB(db.name); // another tab keeps it open: deletion waits
    other.onversionchange = () => undefined;
    await wipeLocalData(db, 50);
    const counts = await Promise.all(ALL_STORES.map((s) => other.count(s)));
    expect(counts.every((n) => n === 0)).toBe(true);
    other.close();
  });

  it("markWiped drops the session and the login screen shows why until the next login", () => {
    session.value = { access_token: "a", refresh_token: "r", user: { id: "u1", username: "n", full_name: "N", roles: ["notifier"] } };
    localStorage.setItem("cartera.session", JSON.stringify(session.value));
    markWiped(WIPED_MESSAGE);
    expect(session.value).toBeNull();
    expect(localStorage.getItem("cartera.session")).toBeNull();
    expect(wipedNotice.value).toContain("se borraron sus datos");
    expect(localStorage.getItem("cartera.wiped")).toBe(WIPED_MESSAGE);
    const root = document.createElement("div");
    render(h(LoginScreen, {}), root);
    expect(root.querySelector('[data-testid="login-wiped"]')?.textContent).toContain("se borraron sus datos");
    render(null, root);
    clearWipedNotice();
    expect(wipedNotice.value).toBeNull();
    expect(localStorage.getItem("cartera.wiped")).toBeNull();
  });
});
