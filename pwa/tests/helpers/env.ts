/** Building blocks for sync tests: a fresh database, an engine wired to a fake server. */
import { Http } from "../../src/api/http";
import { memoryTokenStore } from "../../src/api/tokens";
import { Db } from "../../src/storage/db";
import { SyncEngine, type EngineOptions } from "../../src/sync/engine";
import { Leader, type LockManagerLike } from "../../src/sync/leader";
import type { FakeServer } from "./fake-server";

let n = 0;

/** A new, empty database (unique name per call). */
export function freshDb(prefix = "t"): Db {
  n += 1;
  return new Db(`${prefix}-${n}-${Math.random().toString(36).slice(2)}`);
}

export const USER = { id: "u1", username: "notificador1", full_name: "Notificadora Uno", roles: ["notifier" as const] };

/** An engine for `db` talking to `server`; leads at once unless `locks` is given. */
export function makeEngine(db: Db, server: FakeServer, extra: Partial<EngineOptions> & { locks?: LockManagerLike | null; fetchSpy?: (path: string) => void } = {}) {
  const tokens = memoryTokenStore({ access_token: "access-1", refresh_token: "refresh-1", user: USER });
  const fetchFn = (input: string, init?: RequestInit) => {
    extra.fetchSpy?.(input);
    return server.fetch(input, init);
  };
  const http = new Http(fetchFn, tokens);
  const leader = new Leader("sync-lock", extra.locks ?? null);
  const engine = new SyncEngine({
    db,
    http,
    userId: USER.id,
    makeId: () => "00000000-0000-4000-8000-000000000001",
    appVersion: "test",
    leader,
    random: () => 0.5,
    ...extra,
  });
  return { engine, http, tokens, leader };
}

/** Lead now (without start()'s timers) and run one sync. */
export async function syncOnce(engine: SyncEngine, leader: Leader): Promise<void> {
  if (!leader.isLeader) leader.start(() => undefined);
  await engine.syncNow("manual");
}
