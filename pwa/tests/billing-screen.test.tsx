/**
 * "Facturación" against a mocked API: the periods with their status; a period's comparison (chart with its figures
 * in the label and the table twin), the large consumers with the deviating ones highlighted, the manager's
 * "Validar" and "Explicar", and "Autorizar" disabled with the reason while any is pending.
 */
import { render } from "preact";
import { describe, expect, it, vi } from "vitest";
import BillingScreen from "../src/features/billing/BillingScreen";
import { chartSummary } from "../src/features/billing/ComparisonChart";
import type { Comparison, LargeConsumer } from "../src/features/billing/api";
import { json } from "./helpers/fake-server";
import { type Call, loginAs, officeHarness } from "./helpers/office";

const cell = (amount: string, m3: number, bills: number) => ({ amount, m3, bills });
const ROW = (cls: string) => ({
  property_class: cls, current: cell("1500.00", 150, 2), previous: cell("1000.00", 100, 2), last_year: cell("1200.00", 120, 2),
  amount_vs_previous: "0.5000", amount_vs_last_year: "0.2500", m3_vs_previous: "0.5000", m3_vs_last_year: "0.2500",
});
const CMP: Comparison = {
  period: "2026-10", status: "draft", periods: { current: "2026-10", previous: "2026-09", last_year: "2025-10" },
  by_class: [ROW("commercial"), ROW("industrial")],
  by_service: [{ ...ROW("x"), property_class: undefined, service: "water", concept: "consumption" }],
  total: { ...ROW("x"), property_class: undefined, current: cell("3000.00", 300, 4) },
};
const JUMP: LargeConsumer = {
  account_id: "a0000000-0000-4000-8000-000000000001", account_number: "C-0001", holder: "Hotel Plaza Peñasco", address: "Calle 1", neighborhood: "Centro",
  property_class: "commercial", category: "hospitality", flagged: false, reason: "volume", consumption_m3: 200, average_m3: "100.00", history_months: 6,
  deviation: "1.0000", deviation_status: "above", needs_validation: true, pending: true, review: null,
};
const STEADY: LargeConsumer = { ...JUMP, account_id: "a0000000-0000-4000-8000-000000000002", account_number: "C-0002", holder: "Hielera", deviation: "0.1000", deviation_status: "within", needs_validation: false, pending: false, consumption_m3: 110 };

let pending = true;

function answer(c: Call): Response {
  if (c.path === "/api/v1/billing/periods") return json({ items: [{ period: "2026-10", status: "draft", authorized_at: null, authorized_by: null, note: null }, { period: "2026-09", status: "authorized", authorized_at: "2026-10-05T17:00:00Z", authorized_by: "Gerente", note: null }] });
  if (c.path === "/api/v1/billing/periods/2026-10/comparison") return json(CMP);
  if (c.path === "/api/v1/billing/periods/2026-10/large-consumers") {
    const jump = { ...JUMP, pending, review: pending ? null : { action: "validated", note: null, consumption_m3: 200, decided_at: null, decided_by: "Gerente", stop_id: null, stop_status: null } };
    const items = c.search.get("only") === "pending" ? (pending ? [jump] : []) : [jump, STEADY];
    return json({ items, total: items.length, page: 1, page_size: 25, pages: 1, period: { period: "2026-10", status: "draft", authorized_at: null, authorized_by: null, note: null },
      summary: { total: 2, needs_validation: 1, pending: pending ? 1 : 0, inspections_sent: 0 } });
  }
  if (c.path === "/api/v1/registry/neighborhoods") return json([{ id: 3, name: "Centro", postal_code: "83600", locality_type: "urban", sector: null }]);
  if (c.path === "/api/v1/fieldwork/workers") return json({ items: [{ id: "w-1", username: "rosa", full_name: "Rosa Robles" }] });
  if (c.path.endsWith("/large-consumer") && c.method === "PUT") return json({ account_id: "x", account_number: "C-0009", flagged: true, category: c.body.category });
  if (c.path.endsWith("/review") && c.method === "POST") {
    pending = false;
    return json({ ...JUMP, pending: false });
  }
  return json({ code: 404, error_code: "NOT_FOUND", message: "No se encontró." }, 404);
}

const office = officeHarness(answer);
const { $, $$ } = office;

describe("Facturación (office)", () => {
  it("lists the billed months with their status", async () => {
    loginAs("director");
    render(<BillingScreen />, office.root);
    await vi.waitFor(() => expect($$("billing-period").length).toBe(2));
    expect($$("billing-period").map((li) => li.dataset.status)).toEqual(["draft", "authorized"]);
    expect($$("billing-period")[0].textContent).toContain("octubre 2026");
    expect($$("billing-period")[0].textContent).toContain("Preliminar");
  });

  it("shows the comparison as a chart and its table twin, and the deviating consumers highlighted", async () => {
    pending = true;
    loginAs("director");
    render(<BillingScreen period="2026-10" />, office.root);
    await vi.waitFor(() => expect($$("billing-by-class-row").length).toBe(2));
    expect($("billing-preliminary")).not.toBeNull();
    expect($("billing-chart")!.getAttribute("aria-label")).toBe(chartSummary(CMP));
    expect(chartSummary(CMP)).toContain("Comercial: 150 m³");
    expect($("billing-by-class-total")!.textContent).toContain("$3,000.00");
    expect($$("billing-by-class-row")[0].textContent).toContain("+50.0 %");
    await vi.waitFor(() => expect($$("billing-lc-row").length).toBe(2));
    const [jump, steady] = $$("billing-lc-row");
    expect(jump.className).toContain("billing-deviates");
    expect(steady.className).not.toContain("billing-deviates");
    expect($("billing-lc-C-0001-validate")).toBeNull(); // the director only reads
    await vi.waitFor(() => expect($("billing-auth-why")).not.toBeNull());
    expect(($("billing-authorize") as HTMLButtonElement).disabled).toBe(true);
  });

  it("the manager validates the pending consumer and then may authorize", async () => {
    pending = true;
    loginAs("manager");
    render(<BillingScreen period="2026-10" />, office.root);
    await vi.waitFor(() => expect($("billing-auth-why")?.textContent).toContain("faltan 1 grandes consumidores"));
    expect(($("billing-authorize") as HTMLButtonElement).disabled).toBe(true);
    $("billing-lc-C-0001-explain")!.click();
    await vi.waitFor(() => expect($("billing-lc-C-0001-send")).not.toBeNull());
    expect(($("billing-lc-C-0001-send") as HTMLButtonElement).disabled).toBe(true); // the explanation is required
    $("billing-lc-C-0001-validate")!.click();
    await vi.waitFor(() => expect(office.posts("/review").length).toBe(1));
    expect(office.posts("/review")[0].body).toEqual({ action: "validated" });
    await vi.waitFor(() => expect(($("billing-authorize") as HTMLButtonElement | null)?.disabled).toBe(false));
    expect($("billing-auth-why")).toBeNull();
  });

  it("the manager sends an inspection to a notifier for a day", async () => {
    pending = true;
    loginAs("manager");
    render(<BillingScreen period="2026-10" />, office.root);
    await vi.waitFor(() => expect($("billing-lc-C-0001-inspect")).not.toBeNull());
    $("billing-lc-C-0001-inspect")!.click();
    await vi.waitFor(() => expect($("billing-lc-C-0001-worker")?.querySelectorAll("option").length).toBe(2));
    const select = $("billing-lc-C-0001-worker") as HTMLSelectElement;
    select.value = "w-1";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    await vi.waitFor(() => expect(($("billing-lc-C-0001-send") as HTMLButtonElement).disabled).toBe(false));
    $("billing-lc-C-0001-send")!.click();
    await vi.waitFor(() => expect(office.posts("/review").length).toBe(1));
    const body = office.posts("/review")[0].body;
    expect(body.action).toBe("inspection_sent");
    expect(body.worker_id).toBe("w-1");
    expect(body.work_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("the manager flags an account by hand with its category and reason", async () => {
    loginAs("manager");
    render(<BillingScreen />, office.root);
    await vi.waitFor(() => expect($("billing-flag-save")).not.toBeNull());
    const type = (id: string, v: string) => {
      const el = $(id) as HTMLInputElement;
      el.value = v;
      el.dispatchEvent(new Event("input", { bubbles: true }));
    };
    type("billing-flag-account", "C-0009");
    type("billing-flag-reason", "Hospital de 60 camas");
    const cat = $("billing-flag-category") as HTMLSelectElement;
    cat.value = "institution";
    cat.dispatchEvent(new Event("change", { bubbles: true }));
    await vi.waitFor(() => expect(($("billing-flag-save") as HTMLButtonElement).disabled).toBe(false));
    $("billing-flag-save")!.click();
    await vi.waitFor(() => expect($("billing-flag-msg")?.textContent).toContain("C-0009"));
    const put = office.calls.find((c) => c.method === "PUT")!;
    expect(put.path).toBe("/api/v1/billing/accounts/C-0009/large-consumer");
    expect(put.body).toEqual({ flagged: true, category: "institution", reason: "Hospital de 60 camas" });
  });

  it("the director sees no flag form", async () => {
    loginAs("director");
    render(<BillingScreen />, office.root);
    await vi.waitFor(() => expect($$("billing-period").length).toBe(2));
    expect($("billing-flag-save")).toBeNull();
  });

  it("filters the comparison by colonia and class, and the downloads follow", async () => {
    loginAs("director");
    render(<BillingScreen period="2026-10" />, office.root);
    await vi.waitFor(() => expect($("billing-f-colonia")?.querySelectorAll("option").length).toBe(2));
    const pick = (id: string, v: string) => {
      const el = $(id) as HTMLSelectElement;
      el.value = v;
      el.dispatchEvent(new Event("change", { bubbles: true }));
    };
    pick("billing-f-colonia", "3");
    pick("billing-f-class", "commercial");
    await vi.waitFor(() =>
      expect(office.calls.some((c) => c.path.endsWith("/comparison") && c.search.get("neighborhood_id") === "3" && c.search.get("property_class") === "commercial")).toBe(true),
    );
  });
});
