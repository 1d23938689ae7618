/**
 * "Cargos extraordinarios" against a mocked fetch: the list by status with account, kind, amount,
 * work reference, description and who proposed it; the month's authorized total; the manager
 * authorizes (after confirming) or rejects with a reason; a clerk proposes but cannot decide; the
 * director only sees.
 */
import { render } from "preact";
import { describe, expect, it, vi } from "vitest";
import { navFor } from "../src/app/nav";
import type { Role } from "../src/domain/types";
import ChargesScreen, { monthLabel } from "../src/features/charges/ChargesScreen";
import { checkCharge } from "../src/features/charges/ProposeChargeForm";
import { json } from "./helpers/fake-server";
import { type } from "./helpers/dom-input";
import { type Call, loginAs, officeHarness } from "./helpers/office";


const C1 = {
  id: "c1000000-0000-4000-8000-000000000001",
  account_id: "a1",
  account_number: "01-0042-7",
  kind: "meter_installation",
  service: "water",
  concept: "extraordinary",
  amount: "1500.50",
  description: "Instalación de medidor nuevo",
  work_reference: "OT-2026-118",
  due_date: "2026-12-31",
  status: "proposed",
  rejection_reason: null,
  charge_id: null,
  created_at: "2026-12-01T17:00:00Z",
  decided_at: null,
  proposed_by_name: "Auxiliar Uno",
  decided_by_name: null,
};
const C2 = { ...C1, id: "c1000000-0000-4000-8000-000000000002", kind: "fine", amount: "320.25", status: "rejected", rejection_reason: "Sin evidencia", decided_by_name: "Encargada", decided_at: "2026-12-02T17:00:00Z" };


function answer(c: Call): Response {
  const base = "/api/v1/ledger/extraordinary-charges";
  if (c.path === base && c.method === "GET") {
    const status = c.search.get("status");
    const items = [C1, C2].filter((x) => !status || x.status === status);
    return json({ items, total: items.length, page: 1, page_size: 25, pages: 1, month_total: { month: c.search.get("month") ?? "2026-12", count: 2, total: "1820.75" } });
  }
  if (c.path === base && c.method === "POST") return json({ ...C1, id: "new", ...c.body, status: "proposed" }, 201);
  if (c.path === `${base}/${C1.id}/authorize`) return json({ ...C1, status: "authorized" });
  if (c.path === `${base}/${C1.id}/reject`) return json({ ...C1, status: "rejected", rejection_reason: c.body.reason });
  return json({ code: 404, error_code: "NOT_FOUND", message: "No se encontró." }, 404);
}

const office = officeHarness(answer);
const { $, $$, posts } = office;
const settle = () => new Promise((r) => setTimeout(r, 0));



describe("Cargos extraordinarios (office)", () => {
  it("office roles see it in the nav; field roles do not", () => {
    for (const r of ["manager", "clerk", "director"] as Role[]) expect(navFor([r]).map((n) => n.testid)).toContain("nav-charges");
    for (const r of ["notifier", "cutter"] as Role[]) expect(navFor([r]).map((n) => n.testid)).not.toContain("nav-charges");
    expect(monthLabel("2026-12")).toBe("diciembre de 2026");
  });

  it("lists the proposed ones with everything the manager decides on, and the month's total", async () => {
    loginAs("manager");
    render(<ChargesScreen />, office.root);
    await vi.waitFor(() => expect($$("charge-row")).toHaveLength(1));
    expect(office.calls[0].search.get("status")).toBe("proposed");
    const row = $$("charge-row")[0].textContent ?? "";
    for (const t of ["01-0042-7", "Instalación de medidor", "Agua", "$1,500.50", "OT-2026-118", "Instalación de medidor nuevo", "Auxiliar Uno", "Propuesto", "31/12/2026"]) expect(row).toContain(t);
    expect($("charges-month-total")?.dataset.total).toBe("1820.75");
    expect($("charges-month-total")?.textContent).toContain("diciembre de 2026");

    ($("charges-tab-rejected") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($$("charge-row")[0]?.dataset.status).toBe("rejected"));
    expect($$("charge-row")[0].textContent).toContain("Motivo: Sin evidencia");
    expect($("charge-authorize")).toBeNull();

    ($("charges-tab-authorized") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("charges-month")).not.toBeNull());
    expect(office.calls.at(-1)?.search.get("month")).toMatch(/^\d{4}-\d{2}$/);
  });

  it("the manager authorizes after confirming, and rejects only with a reason", async () => {
    loginAs("manager");
    render(<ChargesScreen />, office.root);
    await vi.waitFor(() => expect($("charge-authorize")).not.toBeNull());
    ($("charge-authorize") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("charge-authorize-confirm")).not.toBeNull());
    expect(posts("/authorize")).toHaveLength(0);
    ($("charge-authorize-confirm") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("charges-note")?.textContent).toContain("Cargo autorizado"));
    expect(posts("/authorize")).toHaveLength(1);
    expect(posts("/authorize")[0].path).toContain(C1.id);

    await vi.waitFor(() => expect($("charge-reject")).not.toBeNull());
    ($("charge-reject") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("charge-reject-reason")).not.toBeNull());
    expect(($("charge-reject-confirm") as HTMLButtonElement).disabled).toBe(true);
    type($("charge-reject-reason"), "Obra no realizada");
    await vi.waitFor(() => expect(($("charge-reject-confirm") as HTMLButtonElement).disabled).toBe(false));
    ($("charge-reject-confirm") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(posts("/reject")).toHaveLength(1));
    expect(posts("/reject")[0].body).toEqual({ reason: "Obra no realizada" });
  });

  it("a clerk proposes a charge but cannot decide", async () => {
    loginAs("clerk");
    render(<ChargesScreen />, office.root);
    await vi.waitFor(() => expect($$("charge-row")).toHaveLength(1));
    expect($("charge-authorize")).toBeNull();
    expect($("charge-reject")).toBeNull();
    expect($("charges-readonly")).not.toBeNull();
    ($("charges-propose") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("charge-form")).not.toBeNull());
    type($("charge-account"), "01-0042-7");
    type($("charge-amount"), "1,200.5");
    type($("charge-work-reference"), "OT-7");
    type($("charge-description"), "Ampliación de red");
    await settle();
    ($("charge-form") as HTMLFormElement).dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    await vi.waitFor(() => expect($("charges-note")?.textContent).toContain("Cargo propuesto"));
    expect(posts("/extraordinary-charges")[0].body).toEqual({ account: "01-0042-7", kind: "extension", service: "other", amount: "1200.50", work_reference: "OT-7", description: "Ampliación de red", due_date: null, photos: [] });
  });

  it("the director sees the list but has no buttons to change anything", async () => {
    loginAs("director");
    render(<ChargesScreen />, office.root);
    await vi.waitFor(() => expect($$("charge-row")).toHaveLength(1));
    expect($("charge-authorize")).toBeNull();
    expect($("charges-propose")).toBeNull();
  });

  it("the proposal form refuses a missing account, a bad amount and a short description", () => {
    const { body, errors } = checkCharge({ account: " ", kind: "fee", service: "other", amount: "1.234", work_reference: "", description: "x", due_date: "" });
    expect(body).toBeNull();
    expect(errors).toEqual({ account: "Escriba el número de cuenta.", amount: "Escriba un importe válido con hasta dos decimales.", description: "Describa el cargo (al menos 3 caracteres)." });
    expect(checkCharge({ account: "1", kind: "fee", service: "other", amount: "0", work_reference: "", description: "abc", due_date: "" }).errors.amount).toBe("El importe debe ser mayor que cero.");
  });
});
