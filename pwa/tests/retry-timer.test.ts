import { afterEach, describe, expect, it, vi } from "vitest";
import { completeStop } from "../src/mutations";
import { pendingCount } from "../src/storage/outbox";
import { freshDb, makeEngine } from "./helpers/env";
import { FakeServer, json } from "./helpers/fake-server";
import { IDS } from "./helpers/fixtures";

// fake-indexeddb schedules its work with setImmediate: leave that one real.
const TIMERS = { toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] as ("setTimeout" | "clearTimeout" | "setInterval" | "clearInterval" | "Date")[] };

afterEach(() => {
  vi.useRealTimers();
});

describe("retry timer", () => {
  it("retries a failed sync by itself, with no user action", async () => {
    vi.useFakeTimers(TIMERS);
    const db = freshDb();
    const server = new FakeServer();
    await completeStop(db, { stop_id: IDS.stop1 });
    server.once((r) => r.path.endsWith("/push"), () => Promise.reject(new TypeError("Failed to fetch")));
    const { engine } = makeEngine(db, server, { intervalMs: 10 * 60 * 1000 });
    engine.start(); // leads (no Web Locks here) and syncs on open
    await vi.waitFor(() => expect(engine.status.attempt).toBe(1));
    expect(await pendingCount(db)).toBe(1);
    const due = engine.status.nextRetryAt! - Date.now();
    expect(due).toBeGreaterThanOrEqual(500); // first retry: 1 s with jitter → [0.5 s, 1 s]
    expect(due).toBeLessThanOrEqual(1000);

    await vi.advanceTimersByTimeAsync(1000);
    await vi.waitFor(async () => expect(await pendingCount(db)).toBe(0));
    expect(server.lastSeq).toBe(1);
    expect(engine.status.attempt).toBe(0);
    engine.stop();
  });

  it("after a cycle that moved work, a failure retries soon instead of backing off further", async () => {
    vi.useFakeTimers(TIMERS);
    const db = freshDb();
    const server = new FakeServer();
    await completeStop(db, { stop_id: IDS.stop1 });
    // Three failures with no progress climb the backoff to its 4th step...
    for (let i = 0; i < 3; i++) server.once((r) => r.path.endsWith("/push"), () => Promise.reject(new TypeError("Failed to fetch")));
    const { engine } = makeEngine(db, server, { intervalMs: 10 * 60 * 1000 });
    engine.start();
    await vi.waitFor(() => expect(engine.status.attempt).toBe(1));
    await vi.advanceTimersByTimeAsync(1000);
    await vi.waitFor(() => expect(engine.status.attempt).toBe(2));
    await vi.advanceTimersByTimeAsync(2000);
    await vi.waitFor(() => expect(engine.status.attempt).toBe(3));
    // ...then the push goes through but the pull fails: the cycle made progress.
    server.once((r) => r.path.endsWith("/pull"), () => Promise.reject(new TypeError("Failed to fetch")));
    await vi.advanceTimersByTimeAsync(4000);
    await vi.waitFor(async () => expect(await pendingCount(db)).toBe(0));
    await vi.waitFor(() => expect(engine.status.attempt).toBe(1));
    expect(engine.status.nextRetryAt! - Date.now()).toBeLessThanOrEqual(1000);
    engine.stop();
  });

  it("honours Retry-After on 429 and 503", async () => {
    vi.useFakeTimers(TIMERS);
    const db = freshDb();
    const server = new FakeServer();
    await completeStop(db, { stop_id: IDS.stop1 });
    server.once((r) => r.path.endsWith("/push"), () => json({ proto: 1, code: 503, error_code: "SYNC_FAULT", message: "x" }, 503, { "Retry-After": "30" }));
    const { engine } = makeEngine(db, server, { intervalMs: 10 * 60 * 1000 });
    engine.start();
    await vi.waitFor(() => expect(engine.status.attempt).toBe(1));
    const pushes = () => server.calls.filter((c) => c.path.endsWith("/push")).length;
    expect(pushes()).toBe(1);
    await vi.advanceTimersByTimeAsync(29000);
    expect(pushes()).toBe(1); // a timer tick or a new mutation does not jump the wait
    engine.requestSync("timer");
    expect(pushes()).toBe(1);
    await vi.advanceTimersByTimeAsync(1500);
    await vi.waitFor(async () => expect(await pendingCount(db)).toBe(0));
    expect(pushes()).toBe(2);
    engine.stop();
  });

  it("the timer while open syncs with no trigger at all", async () => {
    vi.useFakeTimers(TIMERS);
    const db = freshDb();
    const server = new FakeServer();
    const { engine } = makeEngine(db, server, { intervalMs: 60000 });
    engine.start();
    await vi.waitFor(() => expect(server.calls.filter((c) => c.path.endsWith("/pull"))).toHaveLength(1));
    await vi.advanceTimersByTimeAsync(60000);
    await vi.waitFor(() => expect(server.calls.filter((c) => c.path.endsWith("/pull"))).toHaveLength(2));
    engine.stop();
  });

  it("debounces a burst of local mutations into one sync", async () => {
    vi.useFakeTimers(TIMERS);
    const db = freshDb();
    const server = new FakeServer();
    const { engine } = makeEngine(db, server, { intervalMs: 10 * 60 * 1000, debounceMs: 2000 });
    engine.start();
    await vi.waitFor(() => expect(engine.status.lastOkAt).not.toBeNull());
    for (const s of ["a", "b", "c"]) {
      await completeStop(db, { stop_id: s });
      engine.requestSync("mutation");
    }
    await vi.advanceTimersByTimeAsync(2100);
    await vi.waitFor(async () => expect(await pendingCount(db)).toBe(0));
    expect(server.calls.filter((c) => c.path.endsWith("/push"))).toHaveLength(1);
    engine.stop();
  });
});
