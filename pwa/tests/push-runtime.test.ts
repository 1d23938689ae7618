/**
 * The push runtime in the page (src/features/push/push.ts) with the browser's Notification,
 * PushManager and service worker registration stubbed and the fake server behind fetch: a
 * manager (no field role, so no sync engine) gets the card, "Activar avisos" registers a
 * client, subscribes and sends it; "Ahora no" holds; a blocked permission is only a state;
 * logout drops the subscription.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { User } from "../src/domain/types";
import { enablePush, pushOffer, pushState, snoozePush, startPush, stopPush } from "../src/features/push/push";
import { PUSH_SUBSCRIPTIONS } from "../src/features/push/subscription";
import { Db, dbNameFor } from "../src/storage/db";
import { getMeta } from "../src/storage/meta";
import { flash } from "../src/state/flash";
import { FakeServer } from "./helpers/fake-server";
import { FakePushManager, fakeKey } from "./helpers/push-fakes";

const KEY = fakeKey(3);
let server: FakeServer;
let pm: FakePushManager;
let perm: { permission: NotificationPermission; requestPermission: () => Promise<NotificationPermission> };
let n = 0;

function manager(): User {
  n += 1;
  return { id: `m-${n}-${Math.random().toString(36).slice(2)}`, username: "encargada", full_name: "Encargada", roles: ["manager"] };
}

beforeEach(() => {
  server = new FakeServer();
  server.vapidKey = KEY;
  pm = new FakePushManager();
  perm = { permission: "default", requestPermission: vi.fn(async (): Promise<NotificationPermission> => (perm.permission = "granted")) };
  const reg = { active: {}, pushManager: pm };
  vi.stubGlobal("fetch", server.fetch);
  vi.stubGlobal("Notification", perm);
  vi.stubGlobal("PushManager", class {});
  Object.defineProperty(navigator, "serviceWorker", { configurable: true, value: { getRegistration: async () => reg, ready: Promise.resolve(reg) } });
  localStorage.setItem("cartera.session", JSON.stringify({ access_token: "access-1", refresh_token: "refresh-1", user: manager() }));
});

afterEach(async () => {
  await stopPush();
  vi.unstubAllGlobals();
  localStorage.clear();
});

const paths = () => server.calls.map((c) => `${c.method} ${c.path}`);

describe("push in the page", () => {
  it("a manager sees the card; 'Activar avisos' asks, registers, subscribes and sends", async () => {
    const user = manager();
    await startPush(user);
    expect(pushOffer.value).toBe("card");
    expect(pushState.value).toBe("off");
    expect(server.calls).toHaveLength(0); // nothing sent while undecided

    await enablePush();
    expect(perm.requestPermission).toHaveBeenCalledTimes(1);
    expect(paths()).toEqual(["POST /api/sync/v1/clients", `POST ${PUSH_SUBSCRIPTIONS}`]);
    const clientId = server.calls[0].body.client_id;
    expect(server.pushSubscriptions.get(clientId)?.endpoint).toBe("https://push.example/ep-1");
    expect(pushState.value).toBe("on");
    expect(pushOffer.value).toBe("none");
    expect(flash.value?.text).toBe("Avisos activados.");

    await stopPush(); // logout
    expect(paths().at(-1)).toBe(`DELETE ${PUSH_SUBSCRIPTIONS}`);
    expect(server.pushSubscriptions.size).toBe(0);
    expect(pm.current).toBeNull();
    expect(pushState.value).toBe("unknown");
  });

  it("'Ahora no' hides the card and it stays hidden at the next start", async () => {
    const user = manager();
    await startPush(user);
    expect(pushOffer.value).toBe("card");
    await snoozePush();
    expect(pushOffer.value).toBe("none");
    const db = new Db(dbNameFor(user.id));
    expect(Date.parse((await getMeta(db, "push_snoozed_until")) ?? "")).toBeGreaterThan(Date.now() + 6.9 * 86400000);
    await db.close();
    await stopPush();
    await startPush(user);
    expect(pushOffer.value).toBe("none");
    expect(pushState.value).toBe("off"); // the sync screen still offers "Activar"
  });

  it("blocked in the browser: no card, no request, the state says so", async () => {
    perm.permission = "denied";
    await startPush(manager());
    expect(pushOffer.value).toBe("none");
    expect(pushState.value).toBe("denied");
    expect(server.calls).toHaveLength(0);
  });

  it("a dismissed browser prompt counts as 'Ahora no'", async () => {
    perm.requestPermission = vi.fn(async () => "default" as const);
    await startPush(manager());
    await enablePush();
    expect(pushOffer.value).toBe("none");
    expect(pm.subscribeCalls).toHaveLength(0);
  });

  it("roles without push get nothing", async () => {
    await startPush({ ...manager(), roles: ["clerk"] });
    expect(pushOffer.value).toBe("none");
    expect(pushState.value).toBe("unknown");
  });
});
