/**
 * "Depuración de cartera" against a mocked fetch: tabs with counts, a suspect list with its
 * reasons and Excel, the manager proposing a reclassification and a write-off, the director
 * approving a write-off (never her own) and rejecting with a reason, the clerk-free nav.
 */
import { render } from "preact";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { navFor } from "../src/app/nav";
import CleanupScreen, { tabFor } from "../src/features/cleanup/CleanupScreen";
import { canDecide } from "../src/features/cleanup/ProposalsTab";
import { reclassChanges } from "../src/features/cleanup/ProposeForms";
import type { Proposal } from "../src/features/cleanup/api";
import { json } from "./helpers/fake-server";
import { type } from "./helpers/dom-input";
import { type Call, loginAs, officeHarness } from "./helpers/office";

const DUP = (n: string, id: string) => ({
  account_id: id, account_number: n, holder_name: "MARIA PEREZ LOPEZ", neighborhood: "Centro",
  property_class: "domestic", property_class_label: "Doméstico", status: "active", status_label: "Activa",
  balance: "1250.00", months_past_due: 7, kind: "duplicate_holder", code: "name", group_key: "LOPEZ MARIA PEREZ",
  detail_date: null, detail_amount: null, detail_n: 2, reason: "2 titulares distintos con el mismo nombre normalizado: LOPEZ MARIA PEREZ.",
});
const ROWS = [DUP("01-0001-1", "a1"), DUP("01-0002-2", "a2")];
const COUNTS = { as_of: "2026-11-28", kinds: [["vacant_lot_billed_as_built", 0], ["abandoned_house", 31], ["duplicate_holder", 2], ["missing_cadastral_key", 1550], ["no_recent_payment", 4], ["past_prescription", 9]].map(([kind, count]) => ({ kind, label: kind, count })) };
const PROPOSAL: Proposal = {
  id: "p1", account_id: "a1", account_number: "01-0001-1", holder_name: "MARIA PEREZ LOPEZ", kind: "write_off", kind_label: "Baja por incobrable",
  status: "pending", status_label: "Pendiente", suspect_kind: "past_prescription", reason: "Titular finado", changes: {}, all_open: true, charge_ids: [1, 2],
  amount: "1250.00", proposed_by: "u-manager", proposed_by_name: "Encargada", decided_by: null, decided_by_name: null, decided_at: null, decision_reason: null, credit_id: null, created_at: "2026-11-28T16:00:00Z",
};

let approveAnswer: () => Response = () => json({ ...PROPOSAL, status: "approved", status_label: "Aprobada" });

function answer(c: Call): Response {
  if (c.path === "/api/v1/cleanup/suspects/counts") return json(COUNTS);
  if (c.path === "/api/v1/cleanup/suspects") return json({ items: ROWS, total: 2, page: 1, page_size: 25, pages: 1, kind: c.search.get("kind"), kind_label: "Titulares duplicados", as_of: "2026-11-28" });
  if (c.path === "/api/v1/cleanup/suspects.xlsx") return new Response(new Blob(["x"]), { headers: { "Content-Type": "application/octet-stream" } });
  if (c.path === "/api/v1/cleanup/accounts/a1/open-charges") return json([{ id: 11, period: "2020-01-01", service: "water", concept: "fixed", due_date: "2020-02-10", amount: "150.00", open_amount: "150.00" }, { id: 12, period: "2020-02-01", service: "water", concept: "fixed", due_date: "2020-03-10", amount: "150.00", open_amount: "100.00" }]);
  if (c.path === "/api/v1/cleanup/proposals" && c.method === "GET") return json({ items: [PROPOSAL, { ...PROPOSAL, id: "p2", kind: "reclassification", kind_label: "Reclasificación", amount: null, changes: { property_class: "vacant_lot" }, proposed_by: "u-other" }], total: 2, page: 1, page_size: 25, pages: 1 });
  if (c.path === "/api/v1/cleanup/proposals/write-off") return json({ ...PROPOSAL, amount: "100.00" }, 201);
  if (c.path === "/api/v1/cleanup/proposals/reclassification") return json({ ...PROPOSAL, kind: "reclassification" }, 201);
  if (c.path.endsWith("/approve")) return approveAnswer();
  if (c.path.endsWith("/reject")) return json({ ...PROPOSAL, status: "rejected", status_label: "Rechazada", decision_reason: c.body.reason });
  return json({ code: 404, error_code: "NOT_FOUND", message: "No se encontró." }, 404);
}

const office = officeHarness(answer);
/** Let Preact render what the last event changed (handlers read the rendered state). */
const tick = () => new Promise((r) => setTimeout(r, 0));
const { $, $$, posts } = office;

beforeEach(() => {
  vi.stubGlobal("URL", Object.assign(URL, { createObjectURL: () => "blob:x", revokeObjectURL: () => undefined }));
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => undefined);
  approveAnswer = () => json({ ...PROPOSAL, status: "approved", status_label: "Aprobada" });
});

describe("Depuración de cartera", () => {
  it("is in the manager's and the director's nav, and routes name its tabs", () => {
    expect(navFor(["director"]).map((n) => n.testid)).toContain("nav-cleanup");
    expect(navFor(["notifier"]).map((n) => n.testid)).not.toContain("nav-cleanup");
    expect([tabFor(undefined), tabFor("duplicados"), tabFor("propuestas"), tabFor("x")]).toEqual(["lotes", "duplicados", "propuestas", "lotes"]);
  });

  it("shows the tabs with their counts, the list with the reasons, and downloads its Excel", async () => {
    loginAs("director");
    render(<CleanupScreen tab="duplicados" />, office.root);
    await vi.waitFor(() => expect($$("cleanup-row")).toHaveLength(2));
    await vi.waitFor(() => expect($("cleanup-count-sin-clave")?.textContent).toBe("1,550"));
    expect(office.calls.find((c) => c.path === "/api/v1/cleanup/suspects")!.search.get("kind")).toBe("duplicate_holder");
    expect($$("cleanup-reason")[0].textContent).toContain("mismo nombre normalizado");
    expect($$("cleanup-row")[0].textContent).toContain("$1,250.00");
    // The director reads the lists: no proposing.
    expect($("cleanup-propose-writeoff")).toBeNull();
    ($("cleanup-excel") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(office.calls.some((c) => c.path === "/api/v1/cleanup/suspects.xlsx" && c.search.get("kind") === "duplicate_holder")).toBe(true));
  });

  it("the manager proposes a write-off of the charges she marks, with a reason", async () => {
    loginAs("manager");
    render(<CleanupScreen tab="duplicados" />, office.root);
    await vi.waitFor(() => expect($$("cleanup-propose-writeoff")).toHaveLength(2));
    $$("cleanup-propose-writeoff")[0].click();
    await vi.waitFor(() => expect($("cleanup-writeoff-form")).not.toBeNull());
    ($("cleanup-scope-some") as HTMLInputElement).click();
    await vi.waitFor(() => expect($$("cleanup-charge")).toHaveLength(2));
    ($("cleanup-form-send") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("cleanup-form-error")?.textContent).toBe("Marque al menos un cargo."));
    ($$("cleanup-charge")[1] as HTMLInputElement).click();
    await tick();
    type($("cleanup-form-reason"), "Titular finado, sin bienes");
    await tick();
    ($("cleanup-form-send") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(posts("/proposals/write-off")).toHaveLength(1));
    expect(posts("/proposals/write-off")[0].body).toEqual({ account: "01-0001-1", charge_ids: [12], amount: null, reason: "Titular finado, sin bienes", suspect_kind: "duplicate_holder" });
    await vi.waitFor(() => expect($("cleanup-note")?.textContent).toContain("pendiente de la dirección"));
  });

  it("the manager proposes a reclassification with only the fields she changes", async () => {
    loginAs("manager");
    render(<CleanupScreen tab="duplicados" />, office.root);
    await vi.waitFor(() => expect($$("cleanup-propose-reclass")).toHaveLength(2));
    $$("cleanup-propose-reclass")[0].click();
    await vi.waitFor(() => expect($("cleanup-class")).not.toBeNull());
    const cls = $("cleanup-class") as HTMLSelectElement;
    cls.value = "vacant_lot";
    cls.dispatchEvent(new Event("change"));
    await tick();
    type($("cleanup-form-reason"), "Lote sin construcción");
    await tick();
    ($("cleanup-form-send") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(posts("/proposals/reclassification")).toHaveLength(1));
    expect(posts("/proposals/reclassification")[0].body.changes).toEqual({ property_class: "vacant_lot" });
    expect(reclassChanges({ status: "", built: "no" })).toEqual({ built: "no" });
  });

  it("the director approves a pending write-off and sees the server's refusal in Spanish", async () => {
    loginAs("director");
    render(<CleanupScreen tab="propuestas" />, office.root);
    await vi.waitFor(() => expect($$("cleanup-proposal")).toHaveLength(2));
    expect(office.calls.find((c) => c.path === "/api/v1/cleanup/proposals")!.search.get("status")).toBe("pending");
    // Write-off: the director decides; reclassification: the manager does.
    expect($$("cleanup-proposal")[0].querySelector("[data-testid=cleanup-approve]")).not.toBeNull();
    expect($$("cleanup-proposal")[1].querySelector("[data-testid=cleanup-approve]")).toBeNull();
    approveAnswer = () => json({ code: 409, error_code: "WRITE_OFF_DEBT_CHANGED", message: "El adeudo de los cargos cambió desde la propuesta." }, 409);
    ($("cleanup-approve") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("cleanup-approve-confirm")).not.toBeNull());
    ($("cleanup-approve-confirm") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("cleanup-decide-error")?.textContent).toContain("cambió desde la propuesta"));
    approveAnswer = () => json({ ...PROPOSAL, status: "approved", status_label: "Aprobada" });
    ($("cleanup-approve-confirm") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("cleanup-proposals-note")?.textContent).toBe("Propuesta aprobada (cuenta 01-0001-1)."));
    expect(posts("/p1/approve")).toHaveLength(2);
  });

  it("the director rejects with a reason", async () => {
    loginAs("director");
    render(<CleanupScreen tab="propuestas" />, office.root);
    await vi.waitFor(() => expect($("cleanup-reject")).not.toBeNull());
    ($("cleanup-reject") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("cleanup-reject-confirm")).not.toBeNull());
    expect(($("cleanup-reject-confirm") as HTMLButtonElement).disabled).toBe(true);
    type($("cleanup-reject-reason"), "Tiene bienes embargables");
    await tick();
    ($("cleanup-reject-confirm") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(posts("/p1/reject")).toHaveLength(1));
    expect(posts("/p1/reject")[0].body).toEqual({ reason: "Tiene bienes embargables" });
  });

  it("never offers a proposer her own write-off, and the manager sees hers", async () => {
    expect(canDecide(PROPOSAL, "u-manager", ["manager", "director"])).toBe(false);
    expect(canDecide(PROPOSAL, "u-director", ["director"])).toBe(true);
    expect(canDecide(PROPOSAL, "u-x", ["manager"])).toBe(false);
    expect(canDecide({ ...PROPOSAL, status: "approved" }, "u-director", ["director"])).toBe(false);
    loginAs("manager");
    render(<CleanupScreen tab="propuestas" />, office.root);
    await vi.waitFor(() => expect($$("cleanup-proposal")).toHaveLength(2));
    expect($("cleanup-own")?.textContent).toContain("la decide otra persona");
    ($("cleanup-mine") as HTMLInputElement).click();
    await vi.waitFor(() => expect(office.calls.some((c) => c.path === "/api/v1/cleanup/proposals" && c.search.get("mine") === "true")).toBe(true));
  });
});
