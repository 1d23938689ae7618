/**
 * "Deudores para PAE" against a mocked fetch: the ranked list with its totals and prescription
 * badges, the filters in the query, the Excel of the selection, the manager selecting rows and
 * sending them to PAE with mandate and officer (a 409 shown in Spanish), the director reading
 * only, and one debtor's legal data with the PDF of the payment demand draft.
 */
import { render } from "preact";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { navFor } from "../src/app/nav";
import PaeScreen from "../src/features/pae/PaeScreen";
import { checkSend } from "../src/features/pae/SendDialog";
import { filterQuery, EMPTY_FILTERS } from "../src/features/pae/api";
import { json } from "./helpers/fake-server";
import { type } from "./helpers/dom-input";
import { type Call, loginAs, officeHarness } from "./helpers/office";

const ROW = {
  account_id: "a1000000-0000-4000-8000-000000000001",
  account_number: "01-0042-7",
  holder_name: "Hielera Jiménez SA",
  property_class: "commercial",
  neighborhood: "Centro",
  cadastral_key: "17-001-045",
  address: "Calle Obregón 45",
  debt: "24810.00",
  oldest_due: "2025-12-10",
  months_past_due: 12,
  large_consumer: true,
  cuts: 1,
  breaches: 0,
  score: 60,
  last_formal_act_on: null,
  prescription_date: "2030-12-10",
  prescription_status: "ok",
  sent: null,
};
const WARN = { ...ROW, account_id: "a1000000-0000-4000-8000-000000000002", account_number: "01-0050-1", holder_name: "Ramón Pérez", property_class: "domestic", debt: "217.50", score: 5, large_consumer: false, cuts: 0, prescription_date: "2027-02-10", prescription_status: "warning" };
const OLD = { ...WARN, account_id: "a1000000-0000-4000-8000-000000000003", account_number: "01-0051-9", prescription_date: "2026-09-10", prescription_status: "prescribed" };
const SENT = { ...WARN, account_id: "a1000000-0000-4000-8000-000000000004", account_number: "01-0060-2", prescription_status: "ok", sent: { mandate_number: "MEJ-2026-001", officer_name: "Lic. Ruiz", sent_on: "2026-11-02" } };
const TOTALS = { accounts: 4, debt: "25462.50", warning_accounts: 1, warning_debt: "217.50", prescribed_accounts: 1, prescribed_debt: "217.50", sent_accounts: 1 };
const DOSSIER = {
  as_of: "2026-11-28",
  account_id: ROW.account_id,
  account_number: "01-0042-7",
  contract_number: "01-0042-7",
  status_label: "Activa",
  property_class_label: "Comercial",
  business_line: "Hielera",
  large_consumer: true,
  holder: { name: "Hielera Jiménez SA", person_type: "Persona moral", rfc: "HJI850101AB1", curp: null, legal_representative: "Inés Ávila Núñez", phone: null },
  owner: null,
  address: { street: "Calle Obregón 45", neighborhood: "Centro", postal_code: "83600", locality: "Heroica Caborca", cadastral_key: "17-001-045", references: null },
  notification_address: null,
  periods: [{ period: "2025-11-01", due_date: "2025-12-10", service_label: "Agua", concept_label: "Consumo", amount: "2000.00", months_past_due: 12, prescription_date: "2030-12-10", prescribed: false }],
  totals: { principal: "2000.00", surcharges: "40.00", fines: "0.00", enforcement_costs: "0.00", total: "2040.00", prescribed: "0.00", unapplied_credit: "0.00", balance: "2040.00" },
  oldest_due: "2025-12-10",
  months_past_due: 12,
  last_formal_act_on: "2026-09-15",
  prescription_date: "2031-09-15",
  prescription_status: "ok",
  notices: [{ folio: "RQ-2026-000010", kind_label: "Requerimiento de pago", status_label: "Entregado", issued_on: "2026-09-14", debt_amount: "1800.00", visits: [{ date: "2026-09-15T17:30:00Z", outcome_label: "Entregado a otra persona", how_served: "Entregado a otra persona; atendió Lucía Pérez (hija)." }] }],
  agreements: [{ folio: "CV-2026-000003", status_label: "Incumplido", signed_on: "2026-05-02", agreed_debt: "900.00", installments: 6, breached: true }],
  cuts: [{ folio: "OL-2026-000007", action_label: "Limitación (reductor)", status_label: "Ejecutada", issued_on: "2026-10-20", executed_at: null }],
  referrals: [],
  referral: null,
};

const REF = { id: "r0000000-0000-4000-8000-000000000009", account_id: SENT.account_id, mandate_number: "MEJ-2026-001", officer_name: "Lic. Ruiz", sent_on: "2026-11-02", status: "open", debt_amount: "217.50", months_past_due: 9, closed_on: null, close_reason: null };

let sendAnswer: () => Response = () => json({ items: [] }, 201);

function answer(c: Call): Response {
  if (c.path === "/api/v1/pae/debtors") return json({ as_of: "2026-11-28", totals: TOTALS, items: [ROW, WARN, OLD, SENT], total: 4, page: 1, page_size: 50, pages: 1 });
  if (c.path === "/api/v1/registry/neighborhoods") return json([{ id: 7, name: "Centro", postal_code: "83600" }]);
  if (c.path === "/api/v1/pae/debtors.xlsx" || c.path.endsWith("/demand.pdf") || c.path.endsWith("/demands.pdf")) return new Response(new Blob(["x"]), { headers: { "Content-Type": "application/octet-stream" } });
  if (c.path === "/api/v1/pae/referrals" && c.method === "POST") return sendAnswer();
  if (c.path === `/api/v1/pae/debtors/${ROW.account_id}`) return json(DOSSIER);
  if (c.path === `/api/v1/pae/debtors/${SENT.account_id}`) return json({ ...DOSSIER, account_id: SENT.account_id, referral: REF, referrals: [REF] });
  if (c.path === `/api/v1/pae/referrals/${REF.id}/close`) return json({ ...REF, status: "closed", close_reason: c.body.reason });
  return json({ code: 404, error_code: "NOT_FOUND", message: "No se encontró." }, 404);
}

const office = officeHarness(answer);
const { $, $$, posts } = office;
const settle = () => new Promise((r) => setTimeout(r, 0));
const submit = (id: string) => ($(id) as HTMLFormElement).dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
const debtorCalls = () => office.calls.filter((c) => c.path === "/api/v1/pae/debtors");

beforeEach(() => {
  vi.stubGlobal("URL", Object.assign(URL, { createObjectURL: () => "blob:x", revokeObjectURL: () => undefined }));
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => undefined);
  sendAnswer = () => json({ items: [{ id: "r1", mandate_number: "MEJ-2026-041" }, { id: "r2", mandate_number: "MEJ-2026-041" }] }, 201);
});

describe("Deudores para PAE", () => {
  it("is in the manager's and the director's nav", () => {
    expect(navFor(["manager"]).map((n) => n.testid)).toContain("nav-pae");
    expect(navFor(["notifier"]).map((n) => n.testid)).not.toContain("nav-pae");
  });

  it("lists the ranked debtors with totals, warning badges and sent accounts", async () => {
    loginAs("director");
    render(<PaeScreen />, office.root);
    await vi.waitFor(() => expect($$("pae-row")).toHaveLength(4));
    expect(debtorCalls()[0].search.get("min_months")).toBe("3");
    expect($("pae-totals")?.textContent).toContain("4 cuentas · adeudo total $25,462.50");
    expect($("pae-warning-total")?.textContent).toContain("1 por prescribir ($217.50)");
    expect($("pae-prescribed-total")?.textContent).toContain("1 con adeudo prescrito");
    const rows = $$("pae-row");
    expect(rows[0].textContent).toContain("Hielera Jiménez SA");
    expect(rows[0].textContent).toContain("$24,810.00");
    expect(rows[0].textContent).toContain("Gran consumidor · 1 corte");
    expect(rows[1].querySelector("[data-testid=pae-badge]")?.textContent).toBe("Por prescribir");
    expect(rows[2].querySelector("[data-testid=pae-badge]")?.textContent).toBe("Prescrito");
    expect(rows[3].querySelector("[data-testid=pae-sent]")?.textContent).toBe("Enviada (MEJ-2026-001)");
    // The director reads and prints: she selects for the PDF but cannot send.
    expect($("pae-send")).toBeNull();
    expect($$("pae-select")).toHaveLength(3);
    ($$("pae-select")[1] as HTMLInputElement).click();
    await settle();
    ($("pae-demands") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(posts("/pae/demands.pdf")).toHaveLength(1));
    expect(posts("/pae/demands.pdf")[0].body).toEqual({ account_ids: [WARN.account_id] });
  });

  it("applies the filters and downloads the Excel of the same selection", async () => {
    loginAs("manager");
    render(<PaeScreen />, office.root);
    await vi.waitFor(() => expect($$("pae-row")).toHaveLength(4));
    type($("pae-min-amount") as HTMLInputElement, "5,000");
    type($("pae-min-months") as HTMLInputElement, "12");
    await settle();
    const cls = $("pae-class") as HTMLSelectElement;
    cls.value = "commercial";
    cls.dispatchEvent(new Event("change", { bubbles: true }));
    await settle();
    submit("pae-filters");
    await vi.waitFor(() => expect(debtorCalls()).toHaveLength(2));
    const q = debtorCalls()[1].search;
    expect([q.get("min_amount"), q.get("min_months"), q.get("property_class")]).toEqual(["5000", "12", "commercial"]);
    ($("pae-excel") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(office.calls.some((c) => c.path === "/api/v1/pae/debtors.xlsx")).toBe(true));
    const x = office.calls.find((c) => c.path === "/api/v1/pae/debtors.xlsx")!.search;
    expect(x.get("min_months")).toBe("12");
  });

  it("the manager selects debtors and sends them with the mandate number and the officer", async () => {
    loginAs("manager");
    render(<PaeScreen />, office.root);
    await vi.waitFor(() => expect($$("pae-select")).toHaveLength(3)); // the sent one is not selectable
    ($$("pae-select")[0] as HTMLInputElement).click();
    await settle();
    ($$("pae-select")[1] as HTMLInputElement).click();
    await settle();
    ($("pae-send") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("pae-send-dialog")).not.toBeNull());
    submit("pae-send-dialog");
    await vi.waitFor(() => expect($("pae-send-dialog")?.textContent).toContain("Escriba el número de mandamiento."));
    expect(posts("/pae/referrals")).toHaveLength(0);
    type($("pae-mandate") as HTMLInputElement, "MEJ-2026-041");
    type($("pae-officer") as HTMLInputElement, "Lic. Arturo Quiñónez");
    await settle();
    submit("pae-send-dialog");
    await vi.waitFor(() => expect(posts("/pae/referrals")).toHaveLength(1));
    const body = posts("/pae/referrals")[0].body;
    expect(body.account_ids).toEqual([ROW.account_id, WARN.account_id]);
    expect(body.mandate_number).toBe("MEJ-2026-041");
    expect(body.officer_name).toBe("Lic. Arturo Quiñónez");
    expect(body.sent_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await vi.waitFor(() => expect($("pae-message")?.textContent).toBe("2 cuentas enviadas a PAE con el mandamiento MEJ-2026-041."));
  });

  it("shows the server's Spanish refusal when an account was already sent", async () => {
    sendAnswer = () => json({ code: 409, error_code: "PAE_ALREADY_SENT", message: "Estas cuentas ya están enviadas a PAE y su envío sigue abierto: 01-0042-7 (mandamiento MEJ-1)." }, 409);
    loginAs("manager");
    render(<PaeScreen />, office.root);
    await vi.waitFor(() => expect($$("pae-select")).toHaveLength(3));
    ($$("pae-select")[0] as HTMLInputElement).click();
    await settle();
    ($("pae-send") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("pae-mandate")).not.toBeNull());
    type($("pae-mandate") as HTMLInputElement, "MEJ-2");
    type($("pae-officer") as HTMLInputElement, "Lic. Ruiz");
    await settle();
    submit("pae-send-dialog");
    await vi.waitFor(() => expect($("pae-send-error")?.textContent).toContain("ya están enviadas a PAE"));
  });

  it("shows one debtor's legal data and history, and downloads the demand draft", async () => {
    loginAs("manager");
    render(<PaeScreen accountId={ROW.account_id} />, office.root);
    await vi.waitFor(() => expect($("pae-identification")).not.toBeNull());
    const id = $("pae-identification")?.textContent ?? "";
    for (const t of ["Hielera Jiménez SA (Persona moral)", "HJI850101AB1", "Inés Ávila Núñez", "17-001-045", "15/09/2026", "No enviada a PAE"]) expect(id).toContain(t);
    expect($$("pae-period")[0].textContent).toContain("Agua · Consumo");
    expect($("pae-total-balance")?.textContent).toBe("$2,040.00");
    expect($("pae-notices")?.textContent).toContain("atendió Lucía Pérez (hija)");
    expect($("pae-agreements")?.textContent).toContain("Incumplido");
    expect($("pae-cuts")?.textContent).toContain("Limitación (reductor)");
    ($("pae-pdf") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(office.calls.some((c) => c.path === `/api/v1/pae/debtors/${ROW.account_id}/demand.pdf`)).toBe(true));
  });

  it("the manager closes an open referral with a reason; the director cannot", async () => {
    loginAs("director");
    render(<PaeScreen accountId={SENT.account_id} />, office.root);
    await vi.waitFor(() => expect($("pae-referral")?.textContent).toContain("MEJ-2026-001 · Lic. Ruiz (02/11/2026)"));
    expect($("pae-close")).toBeNull();
    render(null, office.root);
    loginAs("manager");
    render(<PaeScreen accountId={SENT.account_id} />, office.root);
    await vi.waitFor(() => expect($("pae-close")).not.toBeNull());
    ($("pae-close") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("pae-close-form")).not.toBeNull());
    type($("pae-close-reason") as HTMLInputElement, "Firmó convenio");
    await settle();
    submit("pae-close-form");
    await vi.waitFor(() => expect(posts(`/referrals/${REF.id}/close`)).toHaveLength(1));
    expect(posts(`/referrals/${REF.id}/close`)[0].body).toEqual({ reason: "Firmó convenio" });
  });

  it("checks the send form and builds the filter query", () => {
    expect(checkSend(["a"], { mandate: " ", officer: "Li", sentOn: "2026-13-01x" }, "2026-11-28").errors).toEqual({ mandate: "Escriba el número de mandamiento.", officer: "Escriba el nombre del ejecutor.", sentOn: "Escriba la fecha de envío." });
    expect(checkSend(["a"], { mandate: "M1", officer: "Lic. Ruiz", sentOn: "2026-11-29" }, "2026-11-28").errors.sentOn).toBe("La fecha de envío no puede ser futura.");
    expect(checkSend(["a"], { mandate: " M1 ", officer: "Lic. Ruiz", sentOn: "2026-11-28" }, "2026-11-28").body).toEqual({ account_ids: ["a"], mandate_number: "M1", officer_name: "Lic. Ruiz", sent_on: "2026-11-28" });
    expect(filterQuery({ ...EMPTY_FILTERS, include_sent: true, prescription: "warning", colonia: "7" })).toBe("min_months=3&colonia=7&include_sent=true&prescription=warning");
  });
});
