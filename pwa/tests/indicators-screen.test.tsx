/** The "Indicadores" screen against a mocked API: live values and a snapshot, the snapshot list with compare and PIGOO, the strategy and productivity reports. */
import { render } from "preact";
import { beforeEach, describe, expect, it, vi } from "vitest";
import IndicatorsScreen from "../src/features/indicators/IndicatorsScreen";
import { pct } from "../src/features/indicators/api";
import { json } from "./helpers/fake-server";
import { type Call, loginAs, officeHarness } from "./helpers/office";

const VALUES = {
  period: "2026-03",
  measures: { billed: "585.00", accounts_billed: 2 },
  indicators: { commercial_efficiency: "0.3718", arrears_recovery_rate: null },
  formulas: {},
  catalogue: { measures: { billed: { kind: "money", label: "Facturación del mes", unit: "$" }, accounts_billed: { kind: "count", label: "Cuentas facturadas", unit: "cuentas" } }, indicators: { commercial_efficiency: "Eficiencia comercial", arrears_recovery_rate: "Recuperación de rezago" } },
};
const SNAP = { id: 7, period: "2026-03", version: 2, as_of: "2026-04-02", taken_at: "2026-04-02T15:00:00Z", note: null, duration_ms: 1200, indicators: {} };

function answer(c: Call): Response {
  if (c.path === "/api/v1/indicators/values") return json(VALUES);
  if (c.path === "/api/v1/indicators/snapshots" && c.method === "POST") return json(SNAP, 201);
  if (c.path === "/api/v1/indicators/snapshots") return json({ items: [SNAP], total: 1, page: 1, page_size: 200, pages: 1 });
  if (c.path === "/api/v1/indicators/snapshots/7/compare") return json({ snapshot: SNAP, rows: [{ kind: "measure", key: "billed", label: "Facturación del mes", stored: "585.00", live: "600.00", difference: "15.00", changed: true }] });
  if (c.path === "/api/v1/indicators/pigoo.xlsx") return new Response(new Blob(["x"]), { headers: { "Content-Type": "application/octet-stream" } });
  if (c.path === "/api/v1/indicators/strategies") return json({ date_from: "2026-03-01", date_to: "2026-03-31", rows: [{ strategy: "notice", label: "Notificación entregada", actions: 3, accounts: 3, responded_15: 1, responded_30: 1, responded_60: 1, rate_15: "0.3333", rate_30: "0.3333", rate_60: "0.3333", amount_15: "200.00", amount_30: "200.00", amount_60: "200.00" }], totals: { actions: 3, accounts: 3, responded_15: 1, responded_30: 1, responded_60: 1, amount_15: "200.00", amount_30: "200.00", amount_60: "200.00" } });
  if (c.path === "/api/v1/indicators/productivity") return json({ date_from: "2026-03-10", date_to: "2026-03-10", rows: [{ worker_id: "w", worker: "Rosa Peña", day: "2026-03-10", assigned: 3, done: 2, pending: 1, visits: 2, far: 1, outcomes: { delivered_holder: 2 }, sync_delay_avg_min: 60, sync_delay_max_min: 90 }], totals: { assigned: 3, done: 2, pending: 1, visits: 2, far: 1 } });
  return json({ code: 404, error_code: "NOT_FOUND", message: "No se encontró." }, 404);
}

const office = officeHarness(answer);
const { $, $$ } = office;

beforeEach(() => {
  vi.stubGlobal("URL", Object.assign(URL, { createObjectURL: () => "blob:x", revokeObjectURL: () => undefined }));
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => undefined);
});

describe("Indicadores", () => {
  it("shows a month's live values and lets the manager take a snapshot", async () => {
    loginAs("manager");
    render(<IndicatorsScreen />, office.root);
    await vi.waitFor(() => expect($$("indicators-value-row")).toHaveLength(2));
    expect($$("indicators-value-row")[0].textContent).toContain("Eficiencia comercial");
    expect($$("indicators-value-row")[0].textContent).toContain("37.2 %");
    expect($$("indicators-value-row")[1].textContent).toContain("—");
    expect($("indicators-measures")?.textContent).toContain("$585.00");
    ($("indicators-take") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("indicators-taken")?.textContent).toContain("versión 2"));
    expect(office.posts("/snapshots")[0].body.period).toMatch(/^\d{4}-\d{2}$/);
  });

  it("the director reads but cannot take a snapshot", async () => {
    loginAs("director");
    render(<IndicatorsScreen />, office.root);
    await vi.waitFor(() => expect($$("indicators-value-row")).toHaveLength(2));
    expect($("indicators-take")).toBeNull();
  });

  it("lists snapshots, compares one with today and downloads the PIGOO", async () => {
    loginAs("director");
    render(<IndicatorsScreen tab="instantaneas" />, office.root);
    await vi.waitFor(() => expect($$("indicators-snapshot-row")).toHaveLength(1));
    ($("indicators-compare") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($$("indicators-diff-row")).toHaveLength(1));
    expect($$("indicators-diff-row")[0].dataset.changed).toBe("true");
    ($("indicators-pigoo") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(office.calls.some((c) => c.path === "/api/v1/indicators/pigoo.xlsx")).toBe(true));
  });

  it("strategy and productivity reports with filters and downloads", async () => {
    loginAs("manager");
    render(<IndicatorsScreen tab="estrategias" />, office.root);
    await vi.waitFor(() => expect($$("indicators-strategy-row")).toHaveLength(1));
    expect($("indicators-total-60")?.textContent).toContain("$200.00");
    ($("indicators-strategies-xlsx") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(office.calls.some((c) => c.path === "/api/v1/indicators/strategies.xlsx")).toBe(true));
    render(null, office.root);
    render(<IndicatorsScreen tab="productividad" />, office.root);
    await vi.waitFor(() => expect($$("indicators-productivity-row")).toHaveLength(1));
    expect($$("indicators-productivity-row")[0].textContent).toContain("Rosa Peña");
  });

  it("formats ratios as percentages", () => {
    expect(pct("0.5995")).toBe("60.0 %");
    expect(pct(null)).toBe("—");
  });
});
