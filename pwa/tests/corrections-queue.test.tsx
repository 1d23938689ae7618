/**
 * "Correcciones de campo" against a mocked fetch: proposals side by side with the current value,
 * both values when the record changed since the worker saw it, approve and reject with a reason
 * (manager), bulk approve/reject of the selected rows with a progress count (one request each),
 * "select all" taking only the easy ones; clerks and the director only see.
 */
import { render } from "preact";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { navFor } from "../src/app/nav";
import type { Role } from "../src/domain/types";
import { decideMany } from "../src/features/corrections/api";
import CorrectionsScreen from "../src/features/corrections/CorrectionsScreen";
import { valueLabel } from "../src/features/corrections/labels";
import { json } from "./helpers/fake-server";
import { type } from "./helpers/dom-input";
import { type Call, loginAs, officeHarness } from "./helpers/office";


const P = (n: number, over: Record<string, unknown> = {}) => ({
  id: `p${n}000000-0000-4000-8000-000000000000`,
  account_id: `a${n}`,
  account_number: `01-000${n}-1`,
  field: "property_class",
  seen_value: "domestic",
  proposed_value: "commercial",
  current_value: "domestic",
  changed_since: false,
  reason: "Es una tienda de abarrotes",
  source: "field",
  status: "pending",
  proposed_by: "u9",
  proposed_by_name: "Notificador Uno",
  created_at: "2026-12-01T17:00:00Z",
  decided_at: null,
  decision_reason: null,
  ...over,
});
const CHANGED = P(1, { field: "holder_name", seen_value: "Lucía Gómez", proposed_value: "Lucía Gómez Ávila", current_value: "Lucía Gómez A.", changed_since: true });
const EASY = [P(2), P(3), P(4, { field: "uninhabited", seen_value: "False", proposed_value: "true", current_value: "False" })];

let failing: Set<string>;

function answer(c: Call): Response {
  if (c.path === "/api/v1/registry/proposals") {
    const items = c.search.get("status") === "pending" ? [CHANGED, ...EASY] : [P(5, { status: "approved", decided_at: "2026-12-02T17:00:00Z", decision_reason: "Visto" })];
    return json({ items, total: items.length, page: 1, page_size: 50, pages: 1 });
  }
  const m = /^\/api\/v1\/registry\/proposals\/([^/]+)\/(approve|reject)$/.exec(c.path);
  if (m) {
    if (failing.has(m[1])) return json({ code: 409, error_code: "PROPOSAL_ALREADY_DECIDED", message: "La propuesta ya fue aprobada." }, 409);
    return json({ ...P(0), id: m[1], status: m[2] === "approve" ? "approved" : "rejected" });
  }
  return json({ code: 404, error_code: "NOT_FOUND", message: "No se encontró." }, 404);
}

const decisions = (verb: string) => office.calls.filter((c) => c.method === "POST" && c.path.endsWith(`/${verb}`));
const rowOf = (id: string) => office.root.querySelector(`[data-testid="correction-row"][data-id="${id}"]`) as HTMLElement;

const office = officeHarness(answer);
const { $, $$ } = office;

beforeEach(() => {
  failing = new Set();
});


describe("Correcciones de campo (office)", () => {
  it("office roles see it in the nav, and coded values read in Spanish", () => {
    for (const r of ["manager", "clerk", "director"] as Role[]) expect(navFor([r]).map((n) => n.testid)).toContain("nav-corrections");
    expect(navFor(["notifier"]).map((n) => n.testid)).not.toContain("nav-corrections");
    expect(valueLabel("property_class", "commercial")).toBe("Comercial");
    expect(valueLabel("uninhabited", "False")).toBe("No");
    expect(valueLabel("phone", null)).toBe("(vacío)");
  });

  it("shows each proposal next to the current value, and both values when the record changed since", async () => {
    loginAs("manager");
    render(<CorrectionsScreen />, office.root);
    await vi.waitFor(() => expect($$("correction-row")).toHaveLength(4));
    const changed = rowOf(CHANGED.id);
    expect(changed.dataset.changed).toBe("true");
    expect(changed.className).toContain("changed-since");
    expect(changed.querySelector('[data-testid="correction-seen"]')?.textContent).toBe("Lucía Gómez");
    expect(changed.querySelector('[data-testid="correction-now"]')?.textContent).toBe("Lucía Gómez A.");
    expect(changed.querySelector('[data-testid="correction-proposed"]')?.textContent).toBe("Lucía Gómez Ávila");
    expect(changed.textContent).toContain("Cambió desde la propuesta");
    expect(changed.textContent).toContain("Nombre del titular");
    const easy = rowOf(EASY[0].id);
    expect(easy.dataset.changed).toBe("false");
    expect(easy.querySelector('[data-testid="correction-seen"]')).toBeNull();
    expect(easy.querySelector('[data-testid="correction-now"]')?.textContent).toBe("Doméstico");
    expect(easy.querySelector('[data-testid="correction-proposed"]')?.textContent).toBe("Comercial");
    expect(easy.textContent).toContain("Notificador Uno");
    expect(easy.textContent).toContain("Campo");
  });

  it("the manager approves one, and rejects another only with a reason", async () => {
    loginAs("manager");
    render(<CorrectionsScreen />, office.root);
    await vi.waitFor(() => expect($$("correction-row")).toHaveLength(4));
    (rowOf(CHANGED.id).querySelector('[data-testid="correction-approve"]') as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("corrections-note")?.textContent).toContain("Corrección aplicada a la cuenta 01-0001-1"));
    expect(decisions("approve").map((c) => c.path)).toEqual([`/api/v1/registry/proposals/${CHANGED.id}/approve`]);

    (rowOf(EASY[0].id).querySelector('[data-testid="correction-reject"]') as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("correction-reject-reason")).not.toBeNull());
    expect(($("correction-reject-confirm") as HTMLButtonElement).disabled).toBe(true);
    type($("correction-reject-reason"), "Es casa habitación");
    await vi.waitFor(() => expect(($("correction-reject-confirm") as HTMLButtonElement).disabled).toBe(false));
    ($("correction-reject-confirm") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(decisions("reject")).toHaveLength(1));
    expect(decisions("reject")[0].body).toEqual({ reason: "Es casa habitación" });
  });

  it("'select all' takes the easy ones; bulk approve sends one request each with a progress count and reports failures", async () => {
    loginAs("manager");
    failing.add(EASY[1].id);
    render(<CorrectionsScreen />, office.root);
    await vi.waitFor(() => expect($("corrections-select-all")).not.toBeNull());
    ($("corrections-select-all") as HTMLInputElement).click();
    await vi.waitFor(() => expect($("corrections-bulk")?.textContent).toContain("3 seleccionada(s)"));
    const picked = $$("correction-pick").map((c) => (c as HTMLInputElement).checked);
    expect(picked).toEqual([false, true, true, true]); // the changed record is left for a closer look
    ($("corrections-bulk-approve") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("corrections-note")).not.toBeNull());
    expect(decisions("approve").map((c) => c.path.split("/")[5])).toEqual(EASY.map((p) => p.id));
    expect($("corrections-note")?.textContent).toContain("2 aprobadas; 1 no se pudieron: La propuesta ya fue aprobada.");
  });

  it("bulk reject asks one reason for all the selected", async () => {
    loginAs("manager");
    render(<CorrectionsScreen />, office.root);
    await vi.waitFor(() => expect($$("correction-pick")).toHaveLength(4));
    $$("correction-pick")[0].click();
    $$("correction-pick")[2].click();
    await vi.waitFor(() => expect($("corrections-bulk")?.textContent).toContain("2 seleccionada(s)"));
    ($("corrections-bulk-reject") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("corrections-bulk-reject-reason")).not.toBeNull());
    type($("corrections-bulk-reject-reason"), "Sin evidencia");
    await vi.waitFor(() => expect(($("corrections-bulk-reject-confirm") as HTMLButtonElement).disabled).toBe(false));
    ($("corrections-bulk-reject-confirm") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("corrections-note")?.textContent).toContain("2 rechazadas."));
    expect(decisions("reject").map((c) => c.body)).toEqual([{ reason: "Sin evidencia" }, { reason: "Sin evidencia" }]);
    expect(decisions("reject").map((c) => c.path.split("/")[5])).toEqual([CHANGED.id, EASY[1].id]);
  });

  it("reports progress after each request", async () => {
    const seen: [number, number][] = [];
    const r = await decideMany(["a", "b", "c"], async (id) => {
      if (id === "b") throw new Error("No.");
    }, (d, t) => seen.push([d, t]));
    expect(seen).toEqual([[1, 3], [2, 3], [3, 3]]);
    expect(r).toEqual({ ok: ["a", "c"], failed: [{ id: "b", message: "No." }] });
  });

  it("clerks and the director see the queue but cannot decide", async () => {
    for (const role of ["clerk", "director"] as Role[]) {
      loginAs(role);
      render(<CorrectionsScreen key={role} />, office.root);
      await vi.waitFor(() => expect($$("correction-row")).toHaveLength(4));
      expect($("correction-approve")).toBeNull();
      expect($("corrections-bulk")).toBeNull();
      expect($("correction-pick")).toBeNull();
      expect($("corrections-readonly")).not.toBeNull();
      expect(rowOf(CHANGED.id).querySelector('[data-testid="correction-seen"]')?.textContent).toBe("Lucía Gómez");
      render(null, office.root);
    }
  });
});
