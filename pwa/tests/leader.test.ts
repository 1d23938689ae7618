import { describe, expect, it } from "vitest";
import { completeStop } from "../src/mutations";
import { Db } from "../src/storage/db";
import { pendingCount } from "../src/storage/outbox";
import type { BusLike, LockManagerLike } from "../src/sync/leader";
import { freshDb, makeEngine } from "./helpers/env";
import { FakeServer } from "./helpers/fake-server";

/** Web Locks as the spec has them (exclusive, FIFO, abortable), shared by the simulated tabs. */
class FakeLocks implements LockManagerLike {
  private held = new Set<string>();
  private waiting = new Map<string, (() => void)[]>();
  request(name: string, options: { signal?: AbortSignal }, cb: (lock: unknown) => Promise<unknown>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const run = () => {
        this.held.add(name);
        cb({ name }).then(resolve, reject).finally(() => {
          this.held.delete(name);
          const next = this.waiting.get(name)?.shift();
          next?.();
        });
      };
      if (!this.held.has(name)) return run();
      const q = this.waiting.get(name) ?? [];
      q.push(run);
      this.waiting.set(name, q);
      options.signal?.addEventListener("abort", () => {
        const i = q.indexOf(run);
        if (i >= 0) q.splice(i, 1);
        reject(new DOMException("aborted", "AbortError"));
      });
    });
  }
}

/** A BroadcastChannel between simulated tabs (same origin). */
function busHub() {
  const members: { fns: Set<(ev: MessageEvent) => void> }[] = [];
  return (): BusLike => {
    const me = { fns: new Set<(ev: MessageEvent) => void>() };
    members.push(me);
    return {
      postMessage: (msg) => {
        for (const m of members) if (m !== me) for (const fn of m.fns) queueMicrotask(() => fn({ data: msg } as MessageEvent));
      },
      addEventListener: (_t, fn) => me.fns.add(fn),
      removeEventListener: (_t, fn) => me.fns.delete(fn),
    };
  };
}

const flush = () => new Promise((r) => setTimeout(r, 30));

describe("leader tab", () => {
  it("only one of two tabs syncs; the other forwards its requests and takes over when the leader closes", async () => {
    const server = new FakeServer();
    const locks = new FakeLocks();
    const hub = busHub();
    const dbA = freshDb();
    const dbB = new Db(dbA.name); // the same database, opened by a second tab
    const calls = { A: 0, B: 0 };
    const tabA = makeEngine(dbA, server, { locks, bus: hub(), intervalMs: 3600000, debounceMs: 10, fetchSpy: () => calls.A++ });
    const tabB = makeEngine(dbB, server, { locks, bus: hub(), intervalMs: 3600000, debounceMs: 10, fetchSpy: () => calls.B++ });
    tabA.engine.start();
    tabB.engine.start();
    await flush();
    expect(tabA.leader.isLeader).toBe(true);
    expect(tabB.leader.isLeader).toBe(false);

    await completeStop(dbB, { stop_id: "s1" }); // recorded in tab B
    tabB.engine.requestSync("manual"); // B's button: forwarded to A
    await flush();
    await flush();
    expect(calls.B).toBe(0);
    expect(calls.A).toBeGreaterThan(0);
    expect(server.lastSeq).toBe(1);
    expect(await pendingCount(dbB)).toBe(0);

    tabA.engine.stop(); // tab A closes
    await flush();
    expect(tabB.leader.isLeader).toBe(true);
    await flush();
    expect(calls.B).toBeGreaterThan(0); // B leads now and syncs on taking over
    tabB.engine.stop();
  });
});
