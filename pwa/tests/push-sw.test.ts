import { describe, expect, it, vi } from "vitest";
import { handleSwMessage, type SwActions } from "../src/app/sw-bridge";
import { notificationFor, parsePushPayload, pathForPush, safePath, toPayload, urlForPath } from "../src/features/push/payload";

const ORDER = "50000000-0000-4000-8000-000000000001";
const STOP = "20000000-0000-4000-8000-000000000001";

/** What the worker does with a push's text: parse, then build the notification. */
const show = (text: string | null) => notificationFor(parsePushPayload(text));

describe("service worker: what a push shows", () => {
  it("a cancelled order: 'No cortar' with the account, tagged by the order, sticky and re-alerting", () => {
    const text = JSON.stringify({ t: "disconnection.cancelled", id: ORDER, rv: 104250, account: "0012345", stop_id: STOP });
    const n = show(text);
    expect(n.title).toBe("No cortar: cuenta 0012345 pagó");
    expect(n.options).toMatchObject({
      body: "La orden fue cancelada. Abra la app para ver el detalle.",
      tag: ORDER,
      renotify: true,
      requireInteraction: true,
      lang: "es-MX",
      data: { t: "disconnection.cancelled", id: ORDER, rv: 104250, account: "0012345", stop_id: STOP },
    });
  });

  it("a cancelled order without the account (or with a wrong one) still says not to cut", () => {
    const n = show(JSON.stringify({ t: "disconnection.cancelled", id: ORDER, rv: 7 }));
    expect(n.title).toBe("No cortar: la orden fue cancelada");
    expect(n.options.tag).toBe(ORDER);
    const odd = show(JSON.stringify({ t: "disconnection.cancelled", id: 42, account: 123, rv: "x" }));
    expect(odd.title).toBe("No cortar: la orden fue cancelada");
    expect(odd.options.tag).toBe("disconnection.cancelled"); // renotify always comes with a tag
    expect(odd.options.data).toEqual({ t: "disconnection.cancelled" });
  });

  it("an office alert shows its title and body (clipped), or a default title", () => {
    const n = show(JSON.stringify({ t: "alert", id: "a1", title: "Corte tras pago", body: "Cuenta 0012345: reconexión urgente." }));
    expect(n.title).toBe("Corte tras pago");
    expect(n.options).toMatchObject({ body: "Cuenta 0012345: reconexión urgente.", tag: "alert:a1", renotify: true });
    expect(n.options.requireInteraction).toBeUndefined();
    const bare = show(JSON.stringify({ t: "alert" }));
    expect(bare.title).toBe("Aviso de la oficina");
    expect(bare.options.tag).toBeUndefined();
    expect(bare.options.renotify).toBeUndefined();
    const long = show(JSON.stringify({ t: "alert", title: "x".repeat(500), body: "y".repeat(5000) }));
    expect(long.title.length).toBe(120);
    expect(long.options.body.length).toBe(400);
  });

  it("an unknown type still shows a generic notification", () => {
    const n = show(JSON.stringify({ t: "something.new", id: "x1" }));
    expect(n.title).toBe("Cartera");
    expect(n.options.body).toBe("Hay cambios en su trabajo de hoy.");
    expect(n.options.tag).toBe("x1");
    expect(n.options.data).toEqual({ t: "something.new", id: "x1" });
  });

  it("an empty, malformed or non-object payload still shows a notification (never a silent push)", () => {
    for (const text of [null, "", "   ", "{not json", "null", "42", '"hola"', "[1,2]", "true"]) {
      expect(parsePushPayload(text)).toBeNull();
      const n = show(text);
      expect(n.title).toBe("Cartera");
      expect(n.options.body).toBe("Hay cambios en su trabajo de hoy.");
      expect(n.options.tag).toBe("cartera");
      expect(n.options.data).toEqual({});
    }
  });

  it("every notification has a title, a body and, when it re-alerts, a tag", () => {
    const samples = [null, "{}", '{"t":"disconnection.cancelled"}', '{"t":"alert"}', '{"t":"route.assigned"}', '{"t":"stop.cancelled","id":"s"}', '{"t":""}'];
    for (const s of samples) {
      const n = show(s);
      expect(n.title.length).toBeGreaterThan(0);
      expect(typeof n.options.body).toBe("string");
      if (n.options.renotify) expect(n.options.tag).toBeTruthy();
    }
  });

  it("reads a notification's data back (the click handler gets a structured clone)", () => {
    expect(toPayload({ t: "disconnection.cancelled", id: ` ${ORDER} ` })).toEqual({ t: "disconnection.cancelled", id: ORDER });
    expect(toPayload(undefined)).toBeNull();
    expect(toPayload([1])).toBeNull();
  });
});

describe("pathForPush: where a click goes", () => {
  it("a cancelled order opens that order with its stop", () => {
    expect(pathForPush({ t: "disconnection.cancelled", id: ORDER, stop_id: STOP })).toBe(`/orden/${ORDER}?stop=${STOP}`);
    expect(pathForPush({ t: "disconnection.cancelled", id: ORDER })).toBe(`/orden/${ORDER}`);
    expect(pathForPush({ t: "disconnection.cancelled", id: "a/b?c", stop_id: "s&1" })).toBe("/orden/a%2Fb%3Fc?stop=s%261");
  });

  it("anything else opens the app's home", () => {
    expect(pathForPush({ t: "disconnection.cancelled" })).toBe("/");
    expect(pathForPush({ t: "route.assigned" })).toBe("/ruta");
    expect(pathForPush({ t: "alert", id: "a1" })).toBe("/");
    expect(pathForPush({ t: "unknown" })).toBe("/");
    expect(pathForPush(null)).toBe("/");
    expect(pathForPush(undefined)).toBe("/");
  });

  it("new windows open on the hash route; paths from messages stay on this origin", () => {
    expect(urlForPath(`/orden/${ORDER}`)).toBe(`/#/orden/${ORDER}`);
    expect(urlForPath("//evil.example/x")).toBe("/#/");
    expect(safePath("https://evil.example")).toBe("/");
    expect(safePath("/\\evil")).toBe("/");
    expect(safePath(undefined)).toBe("/");
    expect(safePath("/ruta")).toBe("/ruta");
  });
});

describe("page side: messages from the service worker", () => {
  const actions = () => ({ sync: vi.fn<SwActions["sync"]>(), open: vi.fn<SwActions["open"]>(), resubscribe: vi.fn<SwActions["resubscribe"]>() });

  it('"sync-now" after a push runs the sync loop at once', () => {
    const a = actions();
    handleSwMessage({ type: "sync-now", reason: "push", payload: { t: "disconnection.cancelled", id: ORDER } }, a);
    expect(a.sync).toHaveBeenCalledWith("push");
    handleSwMessage({ type: "SYNC", reason: "push" }, a); // a worker of the previous build
    expect(a.sync).toHaveBeenCalledTimes(2);
    expect(a.open).not.toHaveBeenCalled();
  });

  it('"open" navigates (within the app only) and syncs', () => {
    const a = actions();
    handleSwMessage({ type: "open", path: `/orden/${ORDER}?stop=${STOP}` }, a);
    expect(a.open).toHaveBeenCalledWith(`/orden/${ORDER}?stop=${STOP}`);
    expect(a.sync).toHaveBeenCalledWith("notificationclick");
    handleSwMessage({ type: "open", path: "https://evil.example" }, a);
    expect(a.open).toHaveBeenLastCalledWith("/");
  });

  it('"push-subscription-changed" sends the new subscription; anything else is ignored', () => {
    const a = actions();
    handleSwMessage({ type: "push-subscription-changed" }, a);
    expect(a.resubscribe).toHaveBeenCalledTimes(1);
    for (const junk of [null, undefined, "sync-now", 3, {}, { type: "SKIP_WAITING" }]) handleSwMessage(junk, a);
    expect(a.sync).not.toHaveBeenCalled();
    expect(a.open).not.toHaveBeenCalled();
    expect(a.resubscribe).toHaveBeenCalledTimes(1);
  });
});
