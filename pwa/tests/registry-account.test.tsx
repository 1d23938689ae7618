/**
 * The account page (`#/cuentas/<id>`, office) against a mocked fetch: every section from one
 * dossier call and the statement, the map link, the flags, the statement re-asked by date
 * range and downloaded as PDF and Excel with the token, evidence of a visit, "Registrar pago" and
 * "Hacer convenio" for clerk and manager only, and the page remembered in "Recientes".
 */
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Role } from "../src/domain/types";
import AccountsScreen from "../src/features/registry/AccountsScreen";
import { recentAccounts } from "../src/features/registry/recents";
import { session } from "../src/state/session";
import { json } from "./helpers/fake-server";

const ID = "a0000000-0000-4000-8000-000000000001";
const DOSSIER = {
  account: {
    id: ID,
    account_number: "01-0042-7",
    status: "limited",
    property_class: "domestic",
    class_subtype: "popular",
    billing_type: "metered",
    tariff_code: null,
    services: { water: true, sewer: true, sanitation: false },
    holder: { name: "José Peña Núñez", phone: "6371234567", rfc: null, curp: null, email: null },
    premises: { address: "Calle Obregón 45", neighborhood: "Lázaro Cárdenas", cadastral_key: "CAT-123", postal_code: "83630", latitude: 30.716, longitude: -112.156 },
    meters: [{ id: "m1", serial: "MX-778819", brand: "Badger", state: "working", installed_on: "2020-01-05", removed_on: null }],
  },
  readings: [{ meter_serial: "MX-778819", period: "2026-10-01", read_on: "2026-10-20", value_m3: 1450, consumption_m3: 18 }],
  flags: { social_discount: true, agreement_in_good_standing: false, vulnerable_household: true, public_services: false, large_consumer: false },
  balance: {
    balance: "652.50",
    overdue: "435.00",
    accessories: "0.00",
    unapplied_credit: "0.00",
    months_past_due: 2,
    by_service: { water: { principal: "450.00", accessories: "0.00", total: "450.00" }, sewer: { principal: "202.50", accessories: "0.00", total: "202.50" } },
    by_concept: { fixed: "450.00", sewer: "202.50" },
    aging: { "0-30": "217.50", "31-60": "435.00" },
  },
  actions: [
    { type: "order", id: "o1", date: "2026-11-20", folio: "OL-2026-9", title: "Orden: Limitación", status: "cancelled", status_label: "Cancelada", amount: "652.50", visits: [] },
    {
      type: "notice",
      id: "n1",
      date: "2026-10-28",
      folio: "AV-2026-3",
      title: "Invitación a pagar",
      status: "delivered",
      status_label: "Entregado",
      amount: "435.00",
      visits: [{ id: "v1", date: "2026-10-29T17:00:00Z", outcome: "delivered_holder", outcome_label: "Entregado al titular", notes: null, evidence: [{ kind: "photo", sha256: "ab".repeat(32), url: `/api/sync/v1/blobs/${"ab".repeat(32)}` }] }],
    },
  ],
  audit: [{ occurred_at: "2026-01-05T16:00:00Z", actor_id: null, entity_type: "account", entity_id: ID, action: "update", changes: { status: ["active", "limited"] }, reason: "Orden ejecutada" }],
};
const STATEMENT = {
  account_number: "01-0042-7",
  holder_name: "José Peña Núñez",
  opening_balance: "0.00",
  closing_balance: "652.50",
  lines: [
    { date: "2026-09-01", kind: "charge", period: "2026-09-01", service: "water", concept: "fixed", due_date: "2026-10-10", description: null, reference: null, debit: "150.00", credit: "0.00", balance: "150.00" },
    { date: "2026-10-02", kind: "payment", period: null, service: null, concept: null, due_date: null, description: "cash", reference: "R-001", debit: "0.00", credit: "100.00", balance: "50.00" },
  ],
};

interface Call {
  path: string;
  search: string;
  auth: string | null;
}
let calls: Call[];
let root: HTMLElement;
let clicked: HTMLAnchorElement[];
const $ = (id: string) => root.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;
const $$ = (id: string) => [...root.querySelectorAll(`[data-testid="${id}"]`)] as HTMLElement[];

function login(role: Role): void {
  const s = { access_token: "access-1", refresh_token: "refresh-1", user: { id: `u-${role}`, username: role, full_name: role, roles: [role] } };
  localStorage.setItem("cartera.session", JSON.stringify(s));
  session.value = s;
}

beforeEach(() => {
  calls = [];
  clicked = [];
  vi.stubGlobal("fetch", async (input: string, init?: RequestInit) => {
    const url = new URL(input, "http://test.local");
    calls.push({ path: url.pathname, search: url.search, auth: new Headers(init?.headers).get("Authorization") });
    if (url.pathname === `/api/v1/registry/accounts/${ID}/dossier`) return json(DOSSIER);
    if (url.pathname === `/api/v1/ledger/accounts/${ID}/statement`) return json(STATEMENT);
    if (url.pathname.endsWith(".pdf") || url.pathname.endsWith(".xlsx") || url.pathname.startsWith("/api/sync/v1/blobs/"))
      return new Response(new Blob(["%PDF-1.7"]), { status: 200 });
    return json({ error_code: "NOT_FOUND", message: "No se encontró." }, 404);
  });
  vi.stubGlobal("URL", Object.assign(URL, { createObjectURL: vi.fn(() => "blob:x"), revokeObjectURL: vi.fn() }));
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push(this);
  });
  root = document.createElement("div");
  document.body.appendChild(root);
});

afterEach(() => {
  render(null, root);
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  localStorage.clear();
  session.value = null;
  document.body.innerHTML = "";
});

async function openPage(role: Role) {
  login(role);
  render(<AccountsScreen accountId={ID} />, root);
  await vi.waitFor(() => expect($("account-actions")).not.toBeNull());
  await vi.waitFor(() => expect($$("statement-line")).toHaveLength(2));
}

describe("the account page", () => {
  it("shows holder, premises with a map link, class, status, services, meter and readings, flags", async () => {
    await openPage("clerk");
    expect($("account-detail")?.textContent).toContain("Cuenta 01-0042-7 · José Peña Núñez");
    const registry = $("account-registry")!.textContent!;
    for (const text of ["Calle Obregón 45, Lázaro Cárdenas, C.P. 83630", "CAT-123", "Doméstico (popular)", "Limitada", "Agua, Drenaje", "Medido"]) expect(registry).toContain(text);
    expect(registry).not.toContain("Saneamiento");
    expect($("account-map")?.getAttribute("href")).toContain("https://www.openstreetmap.org/?mlat=30.716&mlon=-112.156");
    const meter = $("account-meter")!.textContent!;
    expect(meter).toContain("MX-778819");
    expect(meter).toContain("1450");
    const flags = $$("account-flags")[0].querySelectorAll("[data-flag]");
    expect([...flags].map((f) => f.getAttribute("data-flag"))).toEqual(["social_discount", "vulnerable_household"]);
    expect($("account-flags")!.textContent).toContain("Descuento social vigente");
  });

  it("shows the balance by service and concept and its aging", async () => {
    await openPage("director");
    const balance = $("account-balance")!.textContent!;
    expect($("account-balance-total")?.textContent).toMatch(/652\.50/);
    for (const text of ["Agua", "Drenaje", "Cuota fija", "Meses vencidos: 2"]) expect(balance).toContain(text);
    expect($("account-aging")!.textContent).toContain("31-60");
    expect($("account-aging")!.textContent).toMatch(/435\.00/);
  });

  it("shows the statement with running balance, re-asks it by date range and downloads PDF and Excel", async () => {
    await openPage("clerk");
    const lines = $$("statement-line");
    expect(lines[0].textContent).toContain("Cuota fija · Agua 2026-09");
    expect(lines[1].textContent).toContain("Pago (efectivo)");
    expect(lines[1].textContent).toContain("R-001");
    expect(lines[1].textContent).toMatch(/50\.00/);
    const from = $("statement-from") as HTMLInputElement;
    from.value = "2026-10-01";
    from.dispatchEvent(new Event("input", { bubbles: true }));
    await new Promise((r) => setTimeout(r, 0)); // the page re-renders with the date typed
    ($("statement-apply") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(calls.filter((c) => c.path.endsWith("/statement")).map((c) => c.search)).toContain("?from=2026-10-01"));
    ($("statement-pdf") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(clicked).toHaveLength(1));
    const pdf = calls.find((c) => c.path.endsWith("/statement.pdf"))!;
    expect(pdf.path).toBe(`/api/v1/ledger/accounts/${ID}/statement.pdf`);
    expect(pdf.search).toBe("?from=2026-10-01");
    expect(pdf.auth).toBe("Bearer access-1");
    expect(clicked[0].download).toBe("estado-01-0042-7.pdf");
    ($("statement-xlsx") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(clicked).toHaveLength(2));
    expect(clicked[1].download).toBe("estado-01-0042-7.xlsx");
  });

  it("lists the collection history newest first, with the visit's evidence, and the audit trail", async () => {
    await openPage("manager");
    const actions = $$("account-action");
    expect(actions.map((a) => a.dataset.type)).toEqual(["order", "notice"]);
    expect(actions[0].textContent).toContain("OL-2026-9");
    expect(actions[0].textContent).toContain("Cancelada");
    expect(actions[1].textContent).toContain("Entregado al titular");
    ($("action-evidence") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(calls.some((c) => c.path === `/api/sync/v1/blobs/${"ab".repeat(32)}`)).toBe(true));
    const audit = $("account-audit")!.textContent!;
    expect(audit).toContain("status: active → limited");
    expect(audit).toContain("Orden ejecutada");
  });

  it("offers 'Registrar pago' and 'Hacer convenio' to clerk and manager, not to the director", async () => {
    await openPage("clerk");
    expect($("account-pay")?.getAttribute("href")).toBe(`#/pago/${ID}`);
    expect($("account-agreement")?.getAttribute("href")).toBe("#/convenios?tab=nuevo&cuenta=01-0042-7");
    render(null, root);
    await openPage("director");
    expect($("account-pay")).toBeNull();
    expect($("account-agreement")).toBeNull();
  });

  it("remembers the account among the user's recents", async () => {
    await openPage("clerk");
    expect(recentAccounts("u-clerk")).toEqual([{ id: ID, account_number: "01-0042-7", holder_name: "José Peña Núñez" }]);
  });

  it("says so in Spanish when the account does not exist", async () => {
    login("clerk");
    render(<AccountsScreen accountId="no-existe" />, root);
    await vi.waitFor(() => expect(root.querySelector("[role='alert']")?.textContent).toContain("No se encontró"));
    expect($("account-detail")).toBeNull();
  });
});
