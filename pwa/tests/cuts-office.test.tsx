/**
 * The office's "Cortes" screen against a mocked fetch: rules → preview → create (manager),
 * read-only for clerks and the director, the day's board with the cut-after-cancellation
 * alerts first and "Enterado", and cancelling an order of a list with a reason.
 */
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Role } from "../src/domain/types";
import CutListScreen from "../src/features/disconnections/CutListScreen";
import CutsScreen from "../src/features/disconnections/CutsScreen";
import { navigate } from "../src/state/router";
import { session } from "../src/state/session";
import { json } from "./helpers/fake-server";

interface Call {
  method: string;
  path: string;
  search: string;
  body: any;
}

let calls: Call[];
let root: HTMLElement;
const LIST = { id: "80000000-0000-4000-8000-000000000001", folio: "LC-2026-1", name: "Cortes diciembre", rules: {}, order_count: 42, total_debt: "98765.40", orders_by_status: { assigned: 40, cancelled: 2 }, exclusions_not_applied: [] };
const PREVIEW = {
  as_of: "2026-11-28",
  count: 42,
  total_debt: "98765.40",
  by_neighborhood: [{ neighborhood_id: 7, neighborhood: "Centro", sector: "1", count: 42, total_debt: "98765.40" }],
  by_action: { restrict: 40, disconnect: 2 },
  sample: [{ account_id: "a1", account_number: "01-0042-7", holder_name: "Pérez López Juana", address: "Calle 5 #12", neighborhood: "Centro", debt: "5400.00", months_past_due: 9 }],
  exclusions_not_applied: ["exclude_open_dispute"],
};
const ORDER = { id: "90000000-0000-4000-8000-000000000001", folio: "OL-2026-1", action: "restrict", status: "assigned", urgent: false, account_number: "01-0042-7", property_class: "domestic", holder_name: "Pérez López Juana", address: "Calle 5 #12", neighborhood: "Centro", debt_amount: "5400.00", months_past_due: 9, issued_on: "2026-11-28", not_before: null, cancel_reason: null, executed_at: null, not_executed_reason: null, flags: [] };
const BOARD = {
  work_date: "2026-11-28",
  workers: [{ worker_id: "w1", pending: 5, executed: 3, not_executed: { no_access: 1 }, cancelled: 1, executed_after_cancellation: 1 }],
  alerts: [
    { id: 1, kind: "PROTECTED_AT_EXECUTION", order_id: "o1", folio: "OC-2026-9", account_id: "a9", message: "Cuenta protegida", created_at: "2026-11-28T18:00:00Z" },
    { id: 2, kind: "CROSSED_IN_FLIGHT", order_id: "o2", folio: "OL-2026-3", account_id: "a3", message: "Se ejecutó la orden OL-2026-3 después de cancelada", created_at: "2026-11-28T17:00:00Z" },
  ],
};

function answer(c: Call): Response {
  const p = c.path;
  if (p === "/api/v1/registry/neighborhoods") return json([{ id: 7, name: "Centro", postal_code: "83600", locality_type: "urban", sector: "1" }]);
  if (p === "/api/v1/disconnections/cut-lists/preview") return json(PREVIEW);
  if (p === "/api/v1/disconnections/cut-lists" && c.method === "POST") return json({ ...LIST, name: c.body.name }, 201);
  if (p === "/api/v1/disconnections/cut-lists") return json({ items: [LIST], total: 1, page: 1, page_size: 50, pages: 1 });
  if (p === `/api/v1/disconnections/cut-lists/${LIST.id}`) return json(LIST);
  if (p === "/api/v1/disconnections/orders") return json({ items: [ORDER], total: 1, page: 1, page_size: 200, pages: 1 });
  if (p === `/api/v1/disconnections/orders/${ORDER.id}/cancel`) return json({ id: ORDER.id, folio: ORDER.folio, status: "cancelled", cancel_reason: "office" });
  if (p === "/api/v1/disconnections/board") return json(BOARD);
  if (p.startsWith("/api/v1/disconnections/alerts/")) return json({ id: 2, kind: "CROSSED_IN_FLIGHT", message: "x" });
  if (p === "/api/v1/fieldwork/workers") return json({ items: [{ id: "w1", username: "cortador1", full_name: "Cortador Uno" }] });
  return json({ code: 404, error_code: "NOT_FOUND", message: "No se encontró." }, 404);
}

function login(role: Role): void {
  const s = { access_token: "access-1", refresh_token: "refresh-1", user: { id: `u-${role}`, username: role, full_name: role, roles: [role] } };
  localStorage.setItem("cartera.session", JSON.stringify(s));
  session.value = s;
}

const $ = (id: string) => root.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;
const $$ = (id: string) => [...root.querySelectorAll(`[data-testid="${id}"]`)] as HTMLElement[];
const of = (path: string, method = "POST") => calls.filter((c) => c.path === path && c.method === method);

function type(el: HTMLElement | null, value: string): void {
  const input = el as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

beforeEach(() => {
  calls = [];
  vi.stubGlobal("fetch", async (input: string, init?: RequestInit) => {
    const url = new URL(input, "http://test.local");
    const c: Call = { method: init?.method ?? "GET", path: url.pathname, search: url.search, body: typeof init?.body === "string" ? JSON.parse(init.body) : null };
    calls.push(c);
    return answer(c);
  });
  vi.stubGlobal("confirm", () => true);
  root = document.createElement("div");
  document.body.appendChild(root);
});

afterEach(() => {
  render(null, root);
  vi.unstubAllGlobals();
  localStorage.clear();
  session.value = null;
  document.body.innerHTML = "";
});

describe("Cortes (office)", () => {
  it("the manager previews the rules, then creates the cut list with the same rules", async () => {
    login("manager");
    navigate("/cortes?tab=nueva");
    render(<CutsScreen />, root);
    await vi.waitFor(() => expect($("cut-form")).not.toBeNull());
    const create = () => $("cut-create") as HTMLButtonElement;
    expect(create().disabled).toBe(true); // no preview yet
    type($("cut-name"), "Cortes diciembre");
    type($("cut-min-months"), "4");
    ($("cut-class-commercial") as HTMLInputElement).click();
    await vi.waitFor(() => expect(($("cut-class-commercial") as HTMLInputElement).checked).toBe(true));
    ($("cut-preview") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("cut-preview-result")?.dataset.fresh).toBe("true"));

    const [preview] = of("/api/v1/disconnections/cut-lists/preview");
    expect(preview.body).toEqual({
      rules: {
        min_months_past_due: 4,
        max_months_past_due: null,
        min_debt: null,
        max_debt: null,
        property_classes: ["commercial"],
        neighborhood_ids: [],
        sectors: [],
        formal_notice_min_days: 3,
        include_public_services: false,
        include_breached_agreements: false,
        exclude_agreement_in_good_standing: true,
        exclude_open_dispute: true,
        non_domestic_action: "disconnect",
      },
    });
    expect($("cut-preview-count")?.textContent).toBe("42");
    expect($("cut-preview-total-debt")?.dataset.value).toBe("98765.40");
    expect($("cut-preview-restrict")?.textContent).toBe("40");
    expect($("cut-preview-disconnect")?.textContent).toBe("2");
    expect($("cut-preview-by-neighborhood")?.textContent).toContain("Centro");
    expect($("cut-preview-sample")?.textContent).toContain("01-0042-7");
    expect($("cut-preview-not-applied")?.textContent).toContain("inconformidad abierta");

    expect(create().disabled).toBe(false);
    create().click();
    await vi.waitFor(() => expect($("cut-created")).not.toBeNull());
    const [created] = of("/api/v1/disconnections/cut-lists");
    expect(created.body).toEqual({ name: "Cortes diciembre", rules: preview.body.rules });
    expect($("cut-created")?.textContent).toContain("LC-2026-1");
  });

  it("rules changed after the preview must be previewed again before creating", async () => {
    login("manager");
    navigate("/cortes?tab=nueva");
    render(<CutsScreen />, root);
    await vi.waitFor(() => expect($("cut-form")).not.toBeNull());
    ($("cut-preview") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(($("cut-create") as HTMLButtonElement).disabled).toBe(false));
    type($("cut-max-debt"), "9000");
    await vi.waitFor(() => expect($("cut-preview-result")?.dataset.fresh).toBe("false"));
    expect(($("cut-create") as HTMLButtonElement).disabled).toBe(true);
  });

  for (const role of ["clerk", "director"] as const) {
    it(`a ${role} reads and previews, but cannot create, plan, cancel or acknowledge`, async () => {
      login(role);
      navigate("/cortes?tab=nueva");
      render(<CutsScreen />, root);
      await vi.waitFor(() => expect($("cut-form")).not.toBeNull());
      expect($("cuts-read-only")).not.toBeNull();
      expect($("cut-create")).toBeNull();
      expect($("cut-name")).toBeNull();
      expect($("cuts-tab-rutas")).toBeNull();
      ($("cut-preview") as HTMLButtonElement).click();
      await vi.waitFor(() => expect($("cut-preview-count")?.textContent).toBe("42"));
      expect(of("/api/v1/disconnections/cut-lists")).toHaveLength(0);

      navigate("/cortes?tab=rutas"); // not theirs: the board instead
      render(<CutsScreen key="b" />, root);
      await vi.waitFor(() => expect($$("cut-alert")).toHaveLength(2));
      expect($("cut-plan-form")).toBeNull();
      expect($("cut-alert-ack")).toBeNull();

      render(<CutListScreen id={LIST.id} />, root);
      await vi.waitFor(() => expect($$("cut-order")).toHaveLength(1));
      expect($("order-cancel")).toBeNull();
      expect($("cut-list-sheet")).not.toBeNull(); // PDF and Excel are for everyone
      expect($("cut-list-export")).not.toBeNull();
    });
  }

  it("the board puts a cut after cancellation first, in red; 'Enterado' acknowledges it", async () => {
    login("manager");
    navigate("/cortes");
    render(<CutsScreen />, root);
    await vi.waitFor(() => expect($$("cut-alert")).toHaveLength(2));
    const alerts = $$("cut-alert");
    expect(alerts.map((a) => a.dataset.kind)).toEqual(["CROSSED_IN_FLIGHT", "PROTECTED_AT_EXECUTION"]);
    expect(alerts[0].className).toContain("bad");
    expect(alerts[0].textContent).toContain("Se ejecutó sin saber que ya estaba cancelada");
    await vi.waitFor(() => expect($("cut-board-worker")?.textContent).toContain("Cortador Uno"));
    expect($("cut-board-worker")?.textContent).toContain("Sin acceso a la toma: 1");
    (alerts[0].querySelector('[data-testid="cut-alert-ack"]') as HTMLButtonElement).click();
    await vi.waitFor(() => expect($$("cut-alert")).toHaveLength(1));
    expect(of("/api/v1/disconnections/alerts/2/acknowledge")).toHaveLength(1);
  });

  it("the manager cancels an open order of a list with a reason", async () => {
    login("manager");
    render(<CutListScreen id={LIST.id} />, root);
    await vi.waitFor(() => expect($$("cut-order")).toHaveLength(1));
    expect(calls.find((c) => c.path === "/api/v1/disconnections/orders")?.search).toContain(`cut_list_id=${LIST.id}`);
    ($("order-cancel") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("order-cancel-reason")).not.toBeNull());
    const go = () => $("order-cancel-confirm") as HTMLButtonElement;
    expect(go().disabled).toBe(true);
    type($("order-cancel-reason"), "Pagó en caja");
    await vi.waitFor(() => expect(go().disabled).toBe(false));
    go().click();
    await vi.waitFor(() => expect($("cut-list-message")?.textContent).toContain("OL-2026-1 cancelada"));
    expect(of(`/api/v1/disconnections/orders/${ORDER.id}/cancel`)[0].body).toEqual({ reason: "Pagó en caja" });
  });
});
