// @vitest-environment node
/**
 * The service worker's event glue, run with fake `self`, clients and registration (workbox
 * mocked): a push always shows a notification and then asks every window to sync; a click
 * focuses a window and asks it to open the screen, or opens one; a replaced subscription is
 * renewed with the same key and the pages are told.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("workbox-core", () => ({ clientsClaim: () => undefined }));
vi.mock("workbox-precaching", () => ({ cleanupOutdatedCaches: () => undefined, createHandlerBoundToURL: () => () => undefined, precacheAndRoute: () => undefined }));
vi.mock("workbox-routing", () => ({ NavigationRoute: class {}, registerRoute: () => undefined }));

type Listener = (e: any) => void;

function fakeScope() {
  const listeners = new Map<string, Listener>();
  const windows: any[] = [];
  const shown: { title: string; options: any }[] = [];
  const opened: string[] = [];
  const subscribed: any[] = [];
  let refuse = 0;
  const scope = {
    __WB_MANIFEST: [],
    addEventListener: (type: string, fn: Listener) => listeners.set(type, fn),
    skipWaiting: async () => undefined,
    registration: {
      showNotification: async (title: string, options: any) => {
        if (refuse > 0) {
          refuse -= 1;
          throw new TypeError("No notification permission has been granted for this origin.");
        }
        shown.push({ title, options });
      },
      pushManager: { subscribe: async (o: any) => subscribed.push(o) },
    },
    clients: {
      matchAll: async (o: any) => {
        expect(o).toEqual({ type: "window", includeUncontrolled: true });
        return windows;
      },
      openWindow: async (url: string) => {
        opened.push(url);
        return null;
      },
    },
  };
  const win = (focused = false) => {
    const w = { focused, visibilityState: focused ? "visible" : "hidden", messages: [] as any[], focus: vi.fn(async () => w), postMessage: (m: any) => w.messages.push(m) };
    windows.push(w);
    return w;
  };
  /** Dispatch an event; resolves when everything it passed to waitUntil is done. */
  const fire = async (type: string, props: Record<string, unknown>) => {
    const waits: Promise<unknown>[] = [];
    listeners.get(type)!({ ...props, waitUntil: (p: Promise<unknown>) => waits.push(p) });
    expect(waits).toHaveLength(1);
    await Promise.all(waits);
  };
  return { scope, win, fire, shown, opened, subscribed, refuseNext: (n = 1) => (refuse = n) };
}

const data = (text: string | null) => (text === null ? null : { text: () => text, json: () => JSON.parse(text) });
let sw: ReturnType<typeof fakeScope>;

beforeEach(async () => {
  vi.resetModules();
  sw = fakeScope();
  vi.stubGlobal("self", sw.scope);
  const path = "../src/sw/sw.ts";
  await import(/* @vite-ignore */ path);
});

describe("service worker events", () => {
  it("push: shows 'No cortar' then asks every open window to sync now", async () => {
    const a = sw.win();
    const b = sw.win();
    const payload = { t: "disconnection.cancelled", id: "o1", rv: 9, account: "0012345", stop_id: "s1" };
    await sw.fire("push", { data: data(JSON.stringify(payload)) });
    expect(sw.shown).toHaveLength(1);
    expect(sw.shown[0].title).toBe("No cortar: cuenta 0012345 pagó");
    expect(sw.shown[0].options).toMatchObject({ tag: "o1", renotify: true, requireInteraction: true, data: payload });
    for (const w of [a, b]) expect(w.messages).toEqual([{ type: "sync-now", reason: "push", payload }]);
  });

  it("push: an empty or broken payload still shows a notification and still asks to sync", async () => {
    const a = sw.win();
    await sw.fire("push", { data: null });
    await sw.fire("push", { data: data("{oops") });
    await sw.fire("push", { data: { text: () => { throw new Error("undecodable"); } } });
    expect(sw.shown.map((n) => n.title)).toEqual(["Cartera", "Cartera", "Cartera"]);
    expect(a.messages).toEqual([1, 2, 3].map(() => ({ type: "sync-now", reason: "push", payload: null })));
  });

  it("push: when the browser refuses the notification, the pages are still asked to sync", async () => {
    const a = sw.win();
    sw.refuseNext(2);
    await sw.fire("push", { data: data('{"t":"disconnection.cancelled","id":"o1"}') });
    expect(sw.shown).toHaveLength(0);
    expect(a.messages).toHaveLength(1);
    sw.refuseNext(1); // refuses the full options only: the plain fallback shows
    await sw.fire("push", { data: data('{"t":"disconnection.cancelled","id":"o1"}') });
    expect(sw.shown).toHaveLength(1);
    expect(sw.shown[0].options).toEqual({ body: "La orden fue cancelada. Abra la app para ver el detalle.", data: { t: "disconnection.cancelled", id: "o1" } });
  });

  it("click: closes, focuses an open window and asks it to open the order", async () => {
    sw.win(false);
    const focused = sw.win(true);
    const close = vi.fn();
    await sw.fire("notificationclick", { notification: { close, data: { t: "disconnection.cancelled", id: "o1", stop_id: "s1" } } });
    expect(close).toHaveBeenCalled();
    expect(focused.focus).toHaveBeenCalled();
    expect(focused.messages).toEqual([{ type: "open", path: "/orden/o1?stop=s1" }]);
    expect(sw.opened).toEqual([]);
  });

  it("click with no window open: opens the app on that screen", async () => {
    await sw.fire("notificationclick", { notification: { close: () => undefined, data: { t: "disconnection.cancelled", id: "o1" } } });
    expect(sw.opened).toEqual(["/#/orden/o1"]);
    await sw.fire("notificationclick", { notification: { close: () => undefined, data: null } });
    expect(sw.opened.at(-1)).toBe("/#/");
  });

  it("pushsubscriptionchange: subscribes again with the same key and tells the pages", async () => {
    const a = sw.win();
    const key = new Uint8Array([4, 1, 2]).buffer;
    await sw.fire("pushsubscriptionchange", { oldSubscription: { options: { applicationServerKey: key } }, newSubscription: null });
    expect(sw.subscribed).toEqual([{ userVisibleOnly: true, applicationServerKey: key }]);
    expect(a.messages).toEqual([{ type: "push-subscription-changed" }]);
    // The browser already made the new one: nothing to subscribe, pages still told.
    await sw.fire("pushsubscriptionchange", { oldSubscription: null, newSubscription: { endpoint: "x" } });
    expect(sw.subscribed).toHaveLength(1);
    expect(a.messages).toHaveLength(2);
  });
});
