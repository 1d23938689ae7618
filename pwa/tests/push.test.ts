import { describe, expect, it } from "vitest";
import { base64UrlToBytes, bytesToBase64Url, sameBytes } from "../src/features/push/keys";
import { isIosDevice, isStandalone, pushOfferFor, snoozeUntil, type OfferInput } from "../src/features/push/offer";
import { dropPushSubscription, PUSH_SUBSCRIPTIONS, RESEND_MS, syncPushSubscription, type PushDeps } from "../src/features/push/subscription";
import { Http } from "../src/api/http";
import { memoryTokenStore } from "../src/api/tokens";
import type { Permission } from "../src/features/push/offer";
import { getMeta, setMeta } from "../src/storage/meta";
import { cycleEndedWell } from "../src/state/field";
import type { SyncStatus } from "../src/sync/engine";
import { freshDb, makeEngine, syncOnce, USER } from "./helpers/env";
import { FakeServer } from "./helpers/fake-server";
import { FakePushManager, FakeSub, fakeKey } from "./helpers/push-fakes";

const KEY1 = fakeKey(1);
const KEY2 = fakeKey(2);
const CLIENT = "00000000-0000-4000-8000-000000000001";

describe("VAPID key: base64url to bytes", () => {
  it("decodes base64url with and without padding, as Node does", () => {
    const bytes = base64UrlToBytes(KEY1);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(bytes.length).toBe(65);
    expect(Array.from(bytes)).toEqual(Array.from(Buffer.from(KEY1, "base64url")));
    expect(Array.from(base64UrlToBytes("-__-"))).toEqual([0xfb, 0xff, 0xfe]);
    expect(Array.from(base64UrlToBytes("YQ"))).toEqual([0x61]);
    expect(Array.from(base64UrlToBytes("YQ=="))).toEqual([0x61]);
    expect(Array.from(base64UrlToBytes("YWI"))).toEqual([0x61, 0x62]);
    expect(Array.from(base64UrlToBytes(""))).toEqual([]);
  });

  it("refuses what is not base64url", () => {
    expect(() => base64UrlToBytes("a b")).toThrow();
    expect(() => base64UrlToBytes("abcde")).toThrow(); // 5 chars cannot be base64
    expect(() => base64UrlToBytes("ab*d")).toThrow();
  });

  it("round-trips and compares bytes", () => {
    const b = base64UrlToBytes(KEY2);
    expect(bytesToBase64Url(b)).toBe(KEY2);
    expect(bytesToBase64Url(b.buffer)).toBe(KEY2);
    expect(sameBytes(b, base64UrlToBytes(KEY2).buffer)).toBe(true);
    expect(sameBytes(b, base64UrlToBytes(KEY1))).toBe(false);
  });
});

describe("the push card: who is asked, where, and how often", () => {
  const now = new Date("2026-03-02T15:00:00Z");
  const base: OfferInput = { roles: ["cutter"], supported: true, permission: "default", ios: false, standalone: false, snoozedUntil: null, now };

  it("asks field roles and managers whose browser can receive push and who have not decided", () => {
    for (const r of ["notifier", "cutter", "social_worker", "manager"] as const) expect(pushOfferFor({ ...base, roles: [r] })).toBe("card");
    for (const r of ["clerk", "director"] as const) expect(pushOfferFor({ ...base, roles: [r] })).toBe("none");
    expect(pushOfferFor({ ...base, roles: ["clerk", "manager"] })).toBe("card");
  });

  it("never asks again once allowed or blocked, nor where push does not exist", () => {
    expect(pushOfferFor({ ...base, permission: "granted" })).toBe("none");
    expect(pushOfferFor({ ...base, permission: "denied" })).toBe("none");
    expect(pushOfferFor({ ...base, supported: false })).toBe("none");
    expect(pushOfferFor({ ...base, permission: "unsupported" })).toBe("none");
  });

  it("on iOS, offers it only in the installed app; in Safari it asks to install instead", () => {
    expect(pushOfferFor({ ...base, ios: true, standalone: false, supported: false, permission: "unsupported" })).toBe("install");
    expect(pushOfferFor({ ...base, ios: true, standalone: false })).toBe("install");
    expect(pushOfferFor({ ...base, ios: true, standalone: true })).toBe("card");
    expect(pushOfferFor({ ...base, roles: ["clerk"], ios: true })).toBe("none");
  });

  it("recognizes iPhone, iPad and iPadOS posing as a Mac, and the installed app", () => {
    const iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
    const ipados = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15";
    const android = "Mozilla/5.0 (Linux; Android 14; SM-A145M) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36";
    expect(isIosDevice(iphone, 5)).toBe(true);
    expect(isIosDevice(ipados, 5)).toBe(true);
    expect(isIosDevice(ipados, 0)).toBe(false); // a real Mac
    expect(isIosDevice(android, 5)).toBe(false);
    expect(isStandalone(true, false)).toBe(true);
    expect(isStandalone(undefined, true)).toBe(true);
    expect(isStandalone(undefined, false)).toBe(false);
  });

  it('"Ahora no" holds for 7 days, then the card comes back', () => {
    const until = snoozeUntil(now);
    expect(Date.parse(until) - now.getTime()).toBe(7 * 86400000);
    const at = (days: number) => new Date(now.getTime() + days * 86400000);
    expect(pushOfferFor({ ...base, snoozedUntil: until, now: at(0) })).toBe("none");
    expect(pushOfferFor({ ...base, snoozedUntil: until, now: at(6.9) })).toBe("none");
    expect(pushOfferFor({ ...base, snoozedUntil: until, now: at(7.01) })).toBe("card");
  });
});

async function setup(opts: { permission?: Permission; key?: string | null } = {}) {
  const db = freshDb();
  const server = new FakeServer();
  const pm = new FakePushManager();
  const http = new Http(server.fetch, memoryTokenStore({ access_token: "access-1", refresh_token: "refresh-1", user: USER }));
  const permission: Permission = opts.permission ?? "granted";
  const deps: PushDeps = {
    db,
    http,
    clientId: async () => CLIENT,
    pushManager: async () => pm,
    permission: () => permission,
    now: () => new Date("2026-03-02T15:00:00Z"),
  };
  if (opts.key !== null) await setMeta(db, "vapid_public_key", opts.key ?? KEY1);
  const pushCalls = () => server.calls.filter((c) => c.path === PUSH_SUBSCRIPTIONS);
  return { db, server, pm, deps, pushCalls };
}

const offline = () => {
  throw new TypeError("Failed to fetch");
};

describe("push subscription: subscribe, send, retry, rotate, drop", () => {
  it("keeps the VAPID key that POST /clients answers, in the meta store (null when the server has none)", async () => {
    const db = freshDb();
    const server = new FakeServer();
    server.vapidKey = KEY1;
    const { engine, leader } = makeEngine(db, server);
    await syncOnce(engine, leader);
    expect(await getMeta(db, "vapid_public_key")).toBe(KEY1);

    server.vapidKey = null;
    const again = makeEngine(db, server);
    await syncOnce(again.engine, again.leader);
    expect(await getMeta(db, "vapid_public_key")).toBeNull();
  });

  it("subscribes with the server's key and POSTs {client_id, subscription: {endpoint, keys}}", async () => {
    const { db, server, pm, deps, pushCalls } = await setup();
    expect(await syncPushSubscription(deps)).toBe("on");
    expect(pm.subscribeCalls).toHaveLength(1);
    expect(pm.subscribeCalls[0].userVisibleOnly).toBe(true);
    expect(Array.from(pm.subscribeCalls[0].applicationServerKey)).toEqual(Array.from(Buffer.from(KEY1, "base64url")));
    const [post] = pushCalls();
    expect(post.method).toBe("POST");
    expect(post.auth).toBe("Bearer access-1");
    expect(post.body).toEqual({
      client_id: CLIENT,
      subscription: { endpoint: "https://push.example/ep-1", keys: { p256dh: "p256dh-of-https://push.example/ep-1", auth: "auth-of-https://push.example/ep-1" } },
    });
    expect(server.pushSubscriptions.get(CLIENT)?.endpoint).toBe("https://push.example/ep-1");
    expect(await getMeta(db, "push_pending")).toBe(false);
    expect(await getMeta(db, "push_sent")).toEqual({ endpoint: "https://push.example/ep-1", key: KEY1, at: "2026-03-02T15:00:00.000Z" });

    // Nothing changed: the next check sends nothing...
    expect(await syncPushSubscription(deps)).toBe("on");
    expect(pushCalls()).toHaveLength(1);
    expect(pm.subscribeCalls).toHaveLength(1);
    // ...until a week later, when it is sent again (in case the server lost it).
    const later = { ...deps, now: () => new Date(Date.parse("2026-03-02T15:00:00Z") + RESEND_MS + 1000) };
    expect(await syncPushSubscription(later)).toBe("on");
    expect(pushCalls()).toHaveLength(2);
    expect(pm.subscribeCalls).toHaveLength(1);
  });

  it("offline: keeps a pending flag and sends the subscription on the next sync cycle", async () => {
    const { db, server, pm, deps, pushCalls } = await setup();
    server.once((r) => r.path === PUSH_SUBSCRIPTIONS, offline);
    expect(await syncPushSubscription(deps)).toBe("pending");
    expect(await getMeta(db, "push_pending")).toBe(true);
    expect(pm.current).not.toBeNull();
    expect(server.pushSubscriptions.size).toBe(0);

    // A captive portal's page is no answer either.
    server.once((r) => r.path === PUSH_SUBSCRIPTIONS, () => new Response("<html>portal</html>", { status: 200, headers: { "Content-Type": "text/html" } }));
    expect(await syncPushSubscription(deps)).toBe("pending");

    expect(await syncPushSubscription(deps)).toBe("on");
    expect(pm.subscribeCalls).toHaveLength(1); // the same subscription, sent late
    expect(pushCalls()).toHaveLength(3);
    expect(server.pushSubscriptions.get(CLIENT)?.endpoint).toBe("https://push.example/ep-1");
    expect(await getMeta(db, "push_pending")).toBe(false);
  });

  it("offline before the push service answers: pending, subscribed and sent later", async () => {
    const { db, pm, deps, pushCalls } = await setup();
    pm.failSubscribe = true;
    expect(await syncPushSubscription(deps)).toBe("pending");
    expect(await getMeta(db, "push_pending")).toBe(true);
    expect(pushCalls()).toHaveLength(0);
    pm.failSubscribe = false;
    expect(await syncPushSubscription(deps)).toBe("on");
    expect(pushCalls()).toHaveLength(1);
  });

  it("a new VAPID key (the server rotated it): unsubscribe, subscribe with the new key, send it", async () => {
    const { db, server, pm, deps, pushCalls } = await setup();
    await syncPushSubscription(deps);
    const old = pm.current!;
    await setMeta(db, "vapid_public_key", KEY2);
    expect(await syncPushSubscription(deps)).toBe("on");
    expect(old.unsubscribed).toBe(true);
    expect(pm.subscribeCalls).toHaveLength(2);
    expect(Array.from(pm.subscribeCalls[1].applicationServerKey)).toEqual(Array.from(base64UrlToBytes(KEY2)));
    expect(pushCalls()).toHaveLength(2);
    expect(server.pushSubscriptions.get(CLIENT)?.endpoint).toBe("https://push.example/ep-2");
    expect((await getMeta(db, "push_sent"))?.key).toBe(KEY2);
  });

  it("a key change is noticed even when the browser does not report the subscription's key", async () => {
    const { db, pm, deps } = await setup();
    await syncPushSubscription(deps);
    const old = pm.current!;
    (old.options as { applicationServerKey: ArrayBuffer | null }).applicationServerKey = null;
    await setMeta(db, "vapid_public_key", KEY2);
    expect(await syncPushSubscription(deps)).toBe("on");
    expect(old.unsubscribed).toBe(true);
    expect(pm.current?.endpoint).toBe("https://push.example/ep-2");
  });

  it("a subscription the browser replaced (pushsubscriptionchange) goes to the server again", async () => {
    const { server, pm, deps, pushCalls } = await setup();
    await syncPushSubscription(deps);
    pm.current = new FakeSub("https://push.example/renewed", base64UrlToBytes(KEY1), pm); // what the worker subscribed
    expect(await syncPushSubscription(deps)).toBe("on");
    expect(pushCalls()).toHaveLength(2);
    expect(server.pushSubscriptions.get(CLIENT)?.endpoint).toBe("https://push.example/renewed");
    expect(pm.subscribeCalls).toHaveLength(1);
  });

  it("does nothing without permission, a push manager or a server key", async () => {
    for (const [permission, state] of [["default", "off"], ["denied", "denied"], ["unsupported", "unsupported"]] as const) {
      const { pm, deps, pushCalls } = await setup({ permission });
      expect(await syncPushSubscription(deps)).toBe(state);
      expect(pm.subscribeCalls).toHaveLength(0);
      expect(pushCalls()).toHaveLength(0);
    }
    const noKey = await setup({ key: null });
    expect(await syncPushSubscription(noKey.deps)).toBe("no-key");
    expect(noKey.pm.subscribeCalls).toHaveLength(0);
    const badKey = await setup({ key: "not base64!" });
    expect(await syncPushSubscription(badKey.deps)).toBe("no-key");
    const noPm = await setup();
    expect(await syncPushSubscription({ ...noPm.deps, pushManager: async () => null })).toBe("unsupported");
  });

  it("logout: DELETE with the client id and unsubscribe in the browser", async () => {
    const { db, server, pm, deps, pushCalls } = await setup();
    await syncPushSubscription(deps);
    const sub = pm.current!;
    await dropPushSubscription(deps);
    const del = pushCalls().at(-1)!;
    expect(del.method).toBe("DELETE");
    expect(del.body).toEqual({ client_id: CLIENT });
    expect(server.pushSubscriptions.size).toBe(0);
    expect(sub.unsubscribed).toBe(true);
    expect(await getMeta(db, "push_sent")).toBeNull();
    expect(await getMeta(db, "push_pending")).toBe(false);
  });

  it("logout offline still unsubscribes and never throws; nothing is sent when push was never on", async () => {
    const { server, pm, deps } = await setup();
    await syncPushSubscription(deps);
    const sub = pm.current!;
    server.once((r) => r.path === PUSH_SUBSCRIPTIONS, offline);
    await expect(dropPushSubscription(deps)).resolves.toBeUndefined();
    expect(sub.unsubscribed).toBe(true);

    const never = await setup({ permission: "default" });
    await dropPushSubscription(never.deps);
    expect(never.pushCalls()).toHaveLength(0);
  });
});

describe("the next sync cycle retries a pending subscription", () => {
  const st = (o: Partial<SyncStatus>): SyncStatus => ({ running: false, leader: true, attempt: 0, nextRetryAt: null, lastError: null, stopped: null, updateRequired: false, lastOkAt: "2026-03-02T15:00:00Z", ...o });
  it("fires when a cycle of the leader tab ends well, not on a failure or in another tab", () => {
    expect(cycleEndedWell(st({ running: true }), st({}))).toBe(true);
    expect(cycleEndedWell(st({ running: true }), st({ lastError: { code: "NETWORK", message: "x", at: "" } }))).toBe(false);
    expect(cycleEndedWell(st({ running: true }), st({ leader: false }))).toBe(false);
    expect(cycleEndedWell(st({}), st({}))).toBe(false);
    expect(cycleEndedWell(null, st({}))).toBe(false);
  });
});
