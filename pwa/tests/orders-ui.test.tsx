/**
 * The cutter's screens with the real field runtime (IndexedDB, sync engine) and the fake server
 * behind fetch: "Mis órdenes", the red "NO CORTAR — pagó" banner with its disabled confirm
 * button, a cancellation arriving while the order is open, the bounded quick pull before a cut
 * with the data's age, and the executed form saving order.execute.
 */
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { User } from "../src/domain/types";
import { OrderScreen } from "../src/features/orders/OrderScreen";
import { RouteScreen } from "../src/features/route/RouteScreen";
import { getDraft } from "../src/storage/drafts";
import { setMeta } from "../src/storage/meta";
import { listOutbox } from "../src/storage/outbox";
import { fieldDb, lastSyncAt, refreshView, requestSync, startField, stopField, view } from "../src/state/field";
import { navigate, route } from "../src/state/router";
import { QUICK_PULL_MS } from "../src/sync/quick-pull";
import { FakeServer } from "./helpers/fake-server";
import { IDS, ORDER_IDS, orderRow, seedOrders } from "./helpers/fixtures";

const TIMERS = { toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] as ("setTimeout" | "clearTimeout" | "setInterval" | "clearInterval" | "Date")[] };
let server: FakeServer;
let root: HTMLElement;
let n = 0;

function cutter(): User {
  n += 1;
  return { id: `c-${n}-${Math.random().toString(36).slice(2)}`, username: "cortador1", full_name: "Cortador Uno", roles: ["cutter"] };
}

async function startCutter(): Promise<void> {
  const user = cutter();
  localStorage.setItem("cartera.session", JSON.stringify({ access_token: "access-1", refresh_token: "refresh-1", user }));
  await startField(user.id);
  await vi.waitFor(() => expect(view.value?.orders.size).toBe(3));
}

const $ = (id: string) => root.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;
const $$ = (id: string, el: ParentNode = root) => [...el.querySelectorAll(`[data-testid="${id}"]`)] as HTMLElement[];
const tick = () => new Promise((r) => setTimeout(r, 0));

function type(el: HTMLElement | null, value: string): void {
  const input = el as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

beforeEach(() => {
  server = new FakeServer();
  seedOrders(server);
  vi.stubGlobal("fetch", server.fetch);
  root = document.createElement("div");
  document.body.appendChild(root);
});

afterEach(() => {
  render(null, root);
  stopField();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  localStorage.clear();
  document.body.innerHTML = "";
});

describe("Mis órdenes", () => {
  it("lists the day's orders in route order, the action in big words; a cancelled one says 'NO CORTAR — pagó' and cannot be confirmed", async () => {
    await startCutter();
    render(<RouteScreen mode="orders" />, root);
    expect(root.querySelector("h2")?.textContent).toContain("Mis órdenes");
    ($("route-filter-all") as HTMLButtonElement).click();
    await tick();
    const cards = $$("stop-item");
    expect(cards.map((c) => c.dataset.orderId)).toEqual([ORDER_IDS.cut, ORDER_IDS.paid, ORDER_IDS.inspect]);
    const [cut, paid, inspect] = cards;
    expect($$("order-action", cut)[0].textContent).toBe("CORTAR");
    expect($$("order-urgent", cut)[0].textContent).toBe("URGENTE");
    expect($$("order-account", cut)[0].textContent).toContain("0001");
    expect(($$("order-confirm", cut)[0] as HTMLButtonElement).disabled).toBe(false);
    expect($$("order-confirm", cut)[0].textContent).toBe("Confirmar corte");
    expect($$("order-cancelled-banner", cut)).toHaveLength(0);

    expect($$("order-action", paid)[0].textContent).toBe("LIMITAR");
    expect($$("order-cancelled-banner", paid)[0].textContent).toContain("NO CORTAR — pagó");
    expect(($$("order-confirm", paid)[0] as HTMLButtonElement).disabled).toBe(true);

    expect($$("order-action", inspect)[0].textContent).toBe("REINSPECCIONAR");
    expect($$("order-confirm", inspect)[0].textContent).toBe("Registrar inspección");
    expect($$("order-open", inspect)[0].getAttribute("href")).toBe(`#/orden/${ORDER_IDS.inspect}?stop=${ORDER_IDS.stopInspect}`);
  });
});

describe("the order screen", () => {
  it("a cancelled order shows the red banner and 'Confirmar corte' is disabled", async () => {
    await startCutter();
    navigate(`/orden/${ORDER_IDS.paid}?stop=${ORDER_IDS.stopPaid}`);
    render(<OrderScreen orderId={ORDER_IDS.paid} freshen={async () => "fresh"} />, root);
    await vi.waitFor(() => expect($("order-data-age")?.dataset.state).toBe("fresh"));
    expect($("order-cancelled-banner")?.textContent).toContain("NO CORTAR — pagó");
    expect($("order-cancelled-banner")?.getAttribute("role")).toBe("alert");
    const confirm = $("confirm-cut") as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    expect(confirm.textContent).toBe("Confirmar limitación");
    expect(($("order-not-executed") as HTMLButtonElement).disabled).toBe(true);
  });

  it("says why: signed an agreement, or the office cancelled it", async () => {
    server.putRow("order", ORDER_IDS.cut, orderRow(ORDER_IDS.cut, { status: "cancelled", cancel_reason: "agreement", account_id: IDS.acc1 }));
    server.putRow("order", ORDER_IDS.inspect, orderRow(ORDER_IDS.inspect, { action: "inspect", status: "cancelled", cancel_reason: "office", account_id: IDS.acc1 }));
    await startCutter();
    render(<OrderScreen orderId={ORDER_IDS.cut} freshen={async () => "fresh"} />, root);
    await tick();
    expect($("order-cancelled-banner")?.textContent).toContain("NO CORTAR — firmó convenio");
    render(<OrderScreen orderId={ORDER_IDS.inspect} freshen={async () => "fresh"} />, root);
    await tick();
    expect($("order-cancelled-banner")?.textContent).toContain("cancelada por la oficina");
  });

  it("a stop in the link that belongs to another order is not taken for this one's", async () => {
    await startCutter();
    navigate(`/orden/${ORDER_IDS.cut}?stop=${ORDER_IDS.stopPaid}`);
    render(<OrderScreen orderId={ORDER_IDS.cut} freshen={async () => "fresh"} />, root);
    await vi.waitFor(() => expect($("order-data-age")?.dataset.state).toBe("fresh"));
    expect($("order-cancelled-banner")).toBeNull();
    expect(($("confirm-cut") as HTMLButtonElement).disabled).toBe(false);
  });

  it("a cancellation that arrives while the order is open (a push, then a sync) disables 'Confirmar corte' at once", async () => {
    await startCutter();
    navigate(`/orden/${ORDER_IDS.cut}?stop=${ORDER_IDS.stopCut}`);
    render(<OrderScreen orderId={ORDER_IDS.cut} />, root);
    await vi.waitFor(() => expect($("order-data-age")?.dataset.state).toBe("fresh"));
    expect(($("confirm-cut") as HTMLButtonElement).disabled).toBe(false);
    expect($("order-data-age")?.textContent).toBe("Datos de hace menos de 1 min");
    expect($("order-cancelled-banner")).toBeNull();

    server.putRow("order", ORDER_IDS.cut, orderRow(ORDER_IDS.cut, { action: "disconnect", urgent: true, status: "cancelled", cancel_reason: "payment", cancel_rv: server.version + 1 }));
    server.putRow("stop", ORDER_IDS.stopCut, { ...server.rows.get(`stop:${ORDER_IDS.stopCut}`)!.d, status: "cancelled", cancel_reason: "Pagó: no cortar" });
    requestSync("push");
    await vi.waitFor(() => expect(($("confirm-cut") as HTMLButtonElement).disabled).toBe(true));
    expect($("order-cancelled-banner")?.textContent).toContain("NO CORTAR — pagó");
  });

  it("before a cut, the quick pull waits at most 2.5 s when the network hangs, then says how old the data is and opens the form", async () => {
    await startCutter();
    const twoHoursAgo = new Date(Date.now() - 2 * 3600 * 1000).toISOString();
    await setMeta(fieldDb(), "last_sync_at", twoHoursAgo);
    await refreshView();
    expect(lastSyncAt.value).toBe(twoHoursAgo);
    server.once((r) => r.path.endsWith("/pull"), () => new Promise<Response>(() => undefined)); // the network hangs
    navigate(`/orden/${ORDER_IDS.cut}?stop=${ORDER_IDS.stopCut}&confirmar=1`);
    expect(route.value.query.get("confirmar")).toBe("1");
    vi.useFakeTimers(TIMERS);
    render(<OrderScreen orderId={ORDER_IDS.cut} />, root);
    await vi.advanceTimersByTimeAsync(50);
    const confirm = $("confirm-cut") as HTMLButtonElement;
    expect(confirm.disabled).toBe(true); // checking before the cut
    expect(confirm.textContent).toContain("Verificando");
    expect($("order-data-age")?.dataset.state).toBe("checking");
    await vi.advanceTimersByTimeAsync(QUICK_PULL_MS - 100);
    expect($("order-form")).toBeNull(); // still within the bound
    await vi.advanceTimersByTimeAsync(100);
    await vi.waitFor(() => expect($("order-form")).not.toBeNull());
    expect($("order-data-age")?.dataset.state).toBe("offline");
    expect($("order-data-age")?.textContent).toBe("Sin conexión: datos de hace 2 h");
    expect($("order-form")?.dataset.outcome).toBe("executed");
    expect(route.value.query.get("confirmar")).toBeNull(); // used once: a reload does not confirm again
    const d = await getDraft<{ data_age_s: number; started_at: string }>(fieldDb(), `order:${ORDER_IDS.cut}`);
    expect(d?.data_age_s).toBeGreaterThanOrEqual(7200);
    expect(d?.data_age_s).toBeLessThan(7210);
  });

  it("the executed form asks for the seal, then saves order.execute with the local change at once", async () => {
    await startCutter();
    navigate(`/orden/${ORDER_IDS.cut}?stop=${ORDER_IDS.stopCut}`);
    render(<OrderScreen orderId={ORDER_IDS.cut} freshen={async () => "fresh"} />, root);
    await vi.waitFor(() => expect($("order-data-age")?.dataset.state).toBe("fresh"));
    ($("confirm-cut") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("order-form")).not.toBeNull());
    ($("order-save") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("order-errors")?.textContent).toContain("Anote el número de sello."));
    expect(await listOutbox(fieldDb())).toHaveLength(0);
    type($("order-seal"), "S-0042");
    type($("order-meter"), "1234");
    await tick();
    ($("order-save") as HTMLButtonElement).click();
    await vi.waitFor(async () => expect(await listOutbox(fieldDb())).toHaveLength(1));
    const [e] = await listOutbox(fieldDb());
    expect(e).toMatchObject({ name: "order.execute", v: 1, args: { order_id: ORDER_IDS.cut, stop_id: ORDER_IDS.stopCut, outcome: "executed", seal_number: "S-0042", meter_reading: 1234, reason: null } });
    expect(typeof (e.args as { data_age_s: unknown }).data_age_s).toBe("number");
    expect(route.value.path).toBe("/ordenes");
    await refreshView();
    expect(view.value?.orders.get(ORDER_IDS.cut)?.status).toBe("executed");
  });

  it("not executed: big reason choices, and the receipt's number when the customer paid on the spot", async () => {
    await startCutter();
    navigate(`/orden/${ORDER_IDS.cut}?stop=${ORDER_IDS.stopCut}`);
    render(<OrderScreen orderId={ORDER_IDS.cut} freshen={async () => "fresh"} />, root);
    await tick();
    ($("order-not-executed") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("order-form")?.dataset.outcome).toBe("not_executed"));
    expect($("order-receipt")).toBeNull();
    const paid = $("order-reason-paid_on_spot") as HTMLInputElement;
    expect(paid.type).toBe("radio");
    expect(paid.closest("label")?.textContent).toBe("Pagó y mostró recibo");
    paid.click();
    await tick();
    ($("order-save") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("order-errors")?.textContent).toContain("recibo"));
    type($("order-receipt"), "R-778");
    await tick();
    ($("order-save") as HTMLButtonElement).click();
    await vi.waitFor(async () => expect(await listOutbox(fieldDb())).toHaveLength(1));
    expect((await listOutbox(fieldDb()))[0].args).toMatchObject({ outcome: "not_executed", reason: "paid_on_spot", receipt_number: "R-778", seal_number: null });
  });
});
