/**
 * The manager's dashboard and reports against a mocked API: formatting and drill links, the
 * dashboard cards → arrears report → colonia → accounts → account page, and the Excel export's
 * progress polling until its download link appears.
 */
import { render } from "preact";
import { beforeEach, describe, expect, it, vi } from "vitest";
import DashboardScreen from "../src/features/reports/DashboardScreen";
import { bucketLabel, cardValue, change, coloniaAccountsHref, drillTitle, EXPORT_POLL_MS, monthLabel, pct, query } from "../src/features/reports/format";
import { nextDelay } from "../src/ui/use-polled-job";
import { STALE_POLL_MS } from "../src/features/reports/stale";
import ReportsScreen from "../src/features/reports/ReportsScreen";
import { CLASSES, SERVICES } from "../src/features/reports/texts";
import { route } from "../src/state/router";
import { json } from "./helpers/fake-server";
import { type Call, loginAs, officeHarness } from "./helpers/office";

const RUN_ID = "b0000000-0000-4000-8000-000000000001";
const ACC_ID = "c0000000-0000-4000-8000-000000000001";

const DASHBOARD = {
  as_of: "2026-12-07",
  computed_at: "2026-12-07T18:00:00+00:00",
  stale: false,
  cards: [
    { key: "arrears", label: "Cartera vencida", unit: "money", value: "1250000.50", drill: "#/reportes/arrears", compare: null, change: null },
    { key: "recovery", label: "Recuperación del mes", unit: "money", value: "50000.00", drill: "#/reportes/recovery", compare: "40000.00", change: "0.2500" },
    { key: "commercial_efficiency", label: "Eficiencia comercial", unit: "ratio", value: null, drill: "#/indicadores", compare: null, change: null },
    { key: "delinquent", label: "Usuarios morosos", unit: "count", value: 1234, drill: "#/reportes/accounts?min_months=2", compare: null, change: null },
    { key: "field", label: "Productividad de campo", unit: "ratio", value: "0.8000", drill: "#/indicadores/productividad", compare: 50, change: null, done: 40 },
  ],
  trend: [
    { at: "2026-11-30", month: "2026-11", arrears: "1200000.00" },
    { at: "2026-12-07", month: "2026-12", arrears: "1250000.50" },
  ],
  recovery: { this_month: "50000.00", last_year: "40000.00", change: "0.2500", from: "2026-12-01", to: "2026-12-07", ly_from: "2025-12-01", ly_to: "2025-12-07" },
};

const ARREARS = {
  report: "arrears",
  as_of: "2026-12-07",
  computed_at: "2026-12-07T18:00:00+00:00",
  stale: false,
  filters: {},
  arrears_min_months: 1,
  buckets: ["current", "1"],
  rows: [{ bucket: "1", property_class: "domestic", service: "water", principal: "100.00", accessories: "2.00", total: "102.00" }],
  by_bucket: [
    { bucket: "current", principal: "50.00", accessories: "0.00", total: "50.00" },
    { bucket: "1", principal: "100.00", accessories: "2.00", total: "102.00" },
  ],
  by_colonia: [{ neighborhood_id: 7, colonia: "Centro", open: "152.00", arrears_principal: "100.00", arrears_accessories: "2.00", arrears: "102.00" }],
  totals: { principal: "150.00", accessories: "2.00", total: "152.00", arrears: "102.00" },
};

const ACCOUNTS = {
  items: [{ account_id: ACC_ID, account_number: "01-0042-7", holder: "Pérez López Juana", colonia: "Centro", property_class: "domestic", status: "active", debt: "102.00", balance: "152.00", months_past_due: 3, oldest_due: "2026-09-10" }],
  total: 1,
  page: 1,
  page_size: 25,
  pages: 1,
  total_debt: "102.00",
};

let polls: number;
/** How many dashboards answer stale before the refreshed one (0: always fresh). */
let staleAnswers = 0;

function answer(c: Call): Response {
  if (c.path === "/api/v1/reports/dashboard") {
    if (staleAnswers > 0) {
      staleAnswers -= 1;
      return json({ ...DASHBOARD, stale: true, cards: [{ ...DASHBOARD.cards[0], value: "1000.00" }, ...DASHBOARD.cards.slice(1)] });
    }
    return json(DASHBOARD);
  }
  if (c.path === "/api/v1/reports/arrears") return json(ARREARS);
  if (c.path === "/api/v1/reports/accounts") return json(ACCOUNTS);
  if (c.path === "/api/v1/registry/neighborhoods") return json([{ id: 7, name: "Centro", postal_code: "83600" }]);
  if (c.path === "/api/v1/reports/exports" && c.method === "POST") return json({ id: RUN_ID, report: "arrears", format: "xlsx", status: "queued", rows_total: 0, rows_done: 0, filename: "arrears-2026-12-07.xlsx", error: null, download_url: null }, 202);
  if (c.path === `/api/v1/reports/exports/${RUN_ID}`) {
    polls += 1;
    if (polls === 1) return json({ id: RUN_ID, report: "arrears", format: "xlsx", status: "running", rows_total: 1000, rows_done: 400, filename: "arrears-2026-12-07.xlsx", error: null, download_url: null });
    return json({ id: RUN_ID, report: "arrears", format: "xlsx", status: "done", rows_total: 1000, rows_done: 1000, filename: "arrears-2026-12-07.xlsx", error: null, download_url: `/api/v1/reports/exports/${RUN_ID}/file` });
  }
  if (c.path === `/api/v1/reports/exports/${RUN_ID}/file`) return new Response(new Blob(["PK"]), { headers: { "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } });
  return json({ code: 404, error_code: "NOT_FOUND", message: "No se encontró." }, 404);
}

const office = officeHarness(answer);
const { $, $$ } = office;

function goTo(hash: string): void {
  const [p, q = ""] = hash.replace(/^#/, "").split("?");
  route.value = { path: p, parts: p.split("/").filter(Boolean), query: new URLSearchParams(q) };
}

beforeEach(() => {
  polls = 0;
  vi.stubGlobal("URL", Object.assign(URL, { createObjectURL: () => "blob:xlsx", revokeObjectURL: () => undefined }));
});

describe("report formatting", () => {
  it("writes months, buckets, ratios and changes in Spanish", () => {
    expect(monthLabel("2026-03")).toBe("mar 2026");
    expect(bucketLabel("current")).toBe("Al corriente");
    expect(bucketLabel("1")).toBe("1 mes");
    expect(bucketLabel("4-6")).toBe("4-6 meses");
    expect(bucketLabel(">60")).toBe("Más de 60 meses");
    expect(pct("0.4512")).toBe("45.1 %");
    expect(pct(null)).toBe("Sin dato");
    expect(change("0.25")).toBe("+25.0 %");
    expect(change("-0.1")).toBe("-10.0 %");
    expect(cardValue("count", 1234)).toBe("1,234");
    expect(cardValue("money", "1250.5")).toContain("1,250.50");
  });

  it("builds drill links that keep the filters", () => {
    expect(query({ a: "1", b: "", c: null })).toBe("?a=1");
    const href = coloniaAccountsHref(7, "Centro", 1, { service: "water" });
    expect(href).toBe("#/reportes/accounts?service=water&neighborhood_id=7&colonia=Centro&min_months=1");
    const q = new URLSearchParams(href.split("?")[1]);
    expect(drillTitle(q, CLASSES, SERVICES)).toBe("Colonia Centro · Agua · vencido 1 mes o más");
  });

  it("polls fast while an export advances and backs off while it does not", () => {
    expect(nextDelay(null, false, EXPORT_POLL_MS)).toBe(700);
    expect(nextDelay(700, false, EXPORT_POLL_MS)).toBe(1050);
    expect(nextDelay(2500, false, EXPORT_POLL_MS)).toBe(3000);
    expect(nextDelay(3000, true, EXPORT_POLL_MS)).toBe(700);
  });
});

describe("Tablero", () => {
  it("shows each figure as a link to what is behind it, and the charts' table twins", async () => {
    loginAs("manager");
    render(<DashboardScreen />, office.root);
    await vi.waitFor(() => expect($("dash-arrears")).not.toBeNull());
    const arrears = $("dash-arrears") as HTMLAnchorElement;
    expect(arrears.getAttribute("href")).toBe("#/reportes/arrears");
    expect(arrears.textContent).toContain("1,250,000.50");
    expect($("dash-recovery")?.textContent).toContain("+25.0 % vs. año anterior");
    expect($("dash-commercial_efficiency")?.textContent).toContain("Sin dato");
    expect($("dash-delinquent")?.getAttribute("href")).toBe("#/reportes/accounts?min_months=2");
    expect($("dash-field")?.textContent).toContain("40 de 50 visitas");
    expect($("dash-trend-table")?.querySelectorAll("tbody tr")).toHaveLength(2);
    expect($("dash-trend-chart")?.getAttribute("aria-label")).toContain("nov 2026");
    expect($("dash-recovery-table")?.textContent).toContain("40,000.00");
  });
});

describe("Informes", () => {
  it("lists the catalogue with the other helpers' reports", () => {
    loginAs("director");
    goTo("#/reportes");
    render(<ReportsScreen />, office.root);
    expect($$("report-link-arrears")[0].getAttribute("href")).toBe("#/reportes/arrears");
    expect($("report-link-billing")?.getAttribute("href")).toBe("#/facturacion");
    expect($("report-link-productivity")?.getAttribute("href")).toBe("#/indicadores/productividad");
  });

  it("drills from a colonia of the arrears report to its accounts and to the account page", async () => {
    loginAs("manager");
    goTo("#/reportes/arrears");
    render(<ReportsScreen report="arrears" />, office.root);
    await vi.waitFor(() => expect($$("arrears-colonia-row")).toHaveLength(1));
    const link = $$("arrears-colonia-row")[0].querySelector("a")!;
    expect(link.getAttribute("href")).toBe("#/reportes/accounts?neighborhood_id=7&colonia=Centro&min_months=1");
    expect($$("arrears-bucket-row")[1].querySelector("a")?.getAttribute("href")).toBe("#/reportes/accounts?bucket=1");
    render(null, office.root);

    goTo(link.getAttribute("href")!);
    render(<ReportsScreen report="accounts" />, office.root);
    await vi.waitFor(() => expect($$("drill-account")).toHaveLength(1));
    const call = office.calls.find((c) => c.path === "/api/v1/reports/accounts")!;
    expect(call.search.get("neighborhood_id")).toBe("7");
    expect(call.search.get("min_months")).toBe("1");
    expect(office.root.textContent).toContain("Cuentas con adeudo · Colonia Centro");
    const row = $$("drill-account")[0];
    expect(row.querySelector("a")?.getAttribute("href")).toBe(`#/cuentas/${ACC_ID}`);
    expect(row.textContent).toContain("Pérez López Juana");
  });

  it("exports the arrears report to Excel with progress, then offers the download", async () => {
    loginAs("manager");
    goTo("#/reportes/arrears?service=water");
    render(<ReportsScreen report="arrears" />, office.root);
    await vi.waitFor(() => expect($("export-xlsx")).not.toBeNull());
    ($("export-xlsx") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("export-progress")?.dataset.done).toBe("400"));
    expect($("export-progress")?.getAttribute("role")).toBe("progressbar");
    expect(office.posts("/reports/exports")[0].body).toEqual({ report: "arrears", format: "xlsx", service: "water" });
    await vi.waitFor(() => expect($("export-download")).not.toBeNull(), { timeout: 4000 });
    const a = $("export-download") as HTMLAnchorElement;
    expect(a.getAttribute("download")).toBe("arrears-2026-12-07.xlsx");
    expect(a.getAttribute("href")).toBe("blob:xlsx");
    expect(polls).toBeGreaterThanOrEqual(2);
  });

  it("a stale dashboard shows at once, says so, and is replaced by the refreshed figures by itself", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      staleAnswers = 2;
      loginAs("manager");
      render(<DashboardScreen />, office.root);
      await vi.waitFor(() => expect(office.$("dash-stale")).not.toBeNull());
      expect(office.$("dash-arrears")?.textContent).toContain("1,000.00");
      await vi.advanceTimersByTimeAsync(STALE_POLL_MS);
      await vi.waitFor(() => expect(office.calls.filter((c) => c.path === "/api/v1/reports/dashboard")).toHaveLength(2));
      expect(office.$("dash-stale")).not.toBeNull(); // still recomputing: ask again
      await vi.advanceTimersByTimeAsync(STALE_POLL_MS);
      await vi.waitFor(() => expect(office.$("dash-stale")).toBeNull());
      expect(office.$("dash-arrears")?.textContent).toContain("1,250,000.50");
      expect(office.calls.filter((c) => c.path === "/api/v1/reports/dashboard")).toHaveLength(3);
      await vi.advanceTimersByTimeAsync(STALE_POLL_MS * 3);
      expect(office.calls.filter((c) => c.path === "/api/v1/reports/dashboard")).toHaveLength(3); // fresh: no more asking
    } finally {
      staleAnswers = 0;
      vi.useRealTimers();
    }
  });
});
