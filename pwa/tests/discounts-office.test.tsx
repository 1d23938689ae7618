/**
 * The office's "Descuentos" against a mocked fetch: the queue (submitted first, then by status),
 * one application with its documents side by side (a photo not yet on the server says
 * "Evidencia pendiente"), the same CURP on other accounts shown first, the question it answers,
 * and the decision (manager only; a reason or question required); the month's beneficiaries
 * (filters → query string, totals, summary, Excel); the posting and the renewals (manager).
 */
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Role } from "../src/domain/types";
import ApplicationDetailScreen from "../src/features/discounts/ApplicationDetailScreen";
import OfficeDiscountsScreen from "../src/features/discounts/OfficeDiscountsScreen";
import { localDate } from "../src/domain/time";
import { App } from "../src/app/App";
import { homeFor, navFor } from "../src/app/nav";
import { navigate } from "../src/state/router";
import { session } from "../src/state/session";
import { CURP, D } from "./discounts-fixtures";
import { captureDownloads, type } from "./helpers/dom-input";
import { json } from "./helpers/fake-server";

interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: any;
}

const SHA = { id: "a1".repeat(32), receipt: "b2".repeat(32), address: "c3".repeat(32), sig: "d4".repeat(32) };
const APP = {
  id: "80000000-0000-4000-8000-0000000000a1",
  program_id: D.program,
  account_id: D.acc2,
  account_number: "01-0043-5",
  beneficiary_type: "pensioner",
  beneficiary_name: "José López Peña",
  curp: CURP.jose,
  birth_date: "1958-09-23",
  status: "submitted",
  problems: ["CURP_IN_USE", "NOT_CURRENT"],
  problem_labels: ["Su CURP ya tiene un descuento en otra cuenta; solo se permite una cuenta por beneficiario.", "Para recibir el descuento, su cuenta debe estar al corriente o tener un convenio de pago vigente."],
  record: {
    documents: [
      { kind: "id", sha256: SHA.id },
      { kind: "pension_receipt", sha256: SHA.receipt },
      { kind: "proof_of_address", sha256: SHA.address },
    ],
    checklist: { id_matches: true, documents_legible: false },
    gps: { lat: 30.71612, lon: -112.15601, accuracy_m: 8.4, at: "2026-11-28T16:02:00Z" },
    gps_error: null,
    signature: SHA.sig,
    phone: "662 123 4567",
    notes: "Vive con su hija.",
    started_at: "2026-11-28T16:00:00Z",
  },
  worker_id: "w1",
  created_at: "2026-11-28T16:10:00Z",
  decision_note: null,
  starts_on: null,
  ends_on: null,
  other_accounts_with_curp: ["01-0099-1"],
  evidence_pending: true,
  renewal_of: null,
  answers_request: "80000000-0000-4000-8000-0000000000a0",
  answers: { application_id: "80000000-0000-4000-8000-0000000000a0", question: "Falta la foto del comprobante de pensión.", asked_at: "2026-11-20T18:00:00Z", status: "answered", status_label: "Respondida" },
};
const BENEFICIARIES = {
  month: "2026-11",
  items: [
    { application_id: "b1", account_id: D.acc1, account_number: "01-0042-7", holder: "Rosa González Núñez", beneficiary_name: "Rosa González Núñez", beneficiary_type: "senior", curp: CURP.rosa, neighborhood: "Centro", starts_on: "2025-12-20", ends_on: "2026-12-19", renewal_due: true, month_discount: "123.45" },
    { application_id: "b2", account_id: D.acc2, account_number: "01-0043-5", holder: "José López Peña", beneficiary_name: "José López Peña", beneficiary_type: "pensioner", curp: CURP.jose, neighborhood: "Pueblo Nuevo", starts_on: "2026-06-01", ends_on: "2027-05-31", renewal_due: false, month_discount: "1111.05" },
  ],
  total: 2,
  page: 1,
  page_size: 50,
  pages: 1,
  summary: [
    { beneficiary_type: "pensioner", neighborhood: "Pueblo Nuevo", beneficiaries: 1, month_discount: "1111.05" },
    { beneficiary_type: "senior", neighborhood: "Centro", beneficiaries: 1, month_discount: "123.45" },
  ],
  totals: { beneficiaries: 2, month_discount: "1234.50" },
};

let calls: Call[];
let root: HTMLElement;
const $ = (id: string) => root.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;
const $$ = (id: string) => [...root.querySelectorAll(`[data-testid="${id}"]`)] as HTMLElement[];
const tick = () => new Promise((r) => setTimeout(r, 0));
const of = (path: string, method = "GET") => calls.filter((c) => c.path === path && c.method === method);

function answer(c: Call): Response {
  const p = c.path;
  const blob = /^\/api\/sync\/v1\/blobs\/([0-9a-f]{64})$/.exec(p);
  if (blob) return blob[1] === SHA.address ? json({ proto: 1, error_code: "BLOB_NOT_FOUND" }, 404) : new Response(new Blob(["jpeg"], { type: "image/jpeg" }), { status: 200, headers: { "Content-Type": "image/jpeg" } });
  if (p === "/api/v1/discounts/applications") return json({ items: [APP], total: 1, page: 1, page_size: 25, pages: 1 });
  if (p === `/api/v1/discounts/applications/${APP.id}`) return json(APP);
  if (p === `/api/v1/discounts/applications/${APP.id}/decide`) {
    const status = { approve: "approved", reject: "rejected", needs_info: "needs_info" }[c.body.decision as string];
    return json({ ...APP, status, decision_note: c.body.note });
  }
  if (p === "/api/v1/discounts/beneficiaries") return json(BENEFICIARIES);
  if (p === "/api/v1/discounts/beneficiaries.xlsx") return new Response(new Blob(["xlsx"]), { status: 200, headers: { "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } });
  if (p === "/api/v1/registry/neighborhoods") return json([{ id: 7, name: "Centro", postal_code: "83600", locality_type: "urban", sector: "1" }, { id: 9, name: "Pueblo Nuevo", postal_code: "83600", locality_type: "urban", sector: "2" }]);
  if (p === "/api/v1/discounts/postings") return json({ period: c.body.period, posted: 42, total: "5230.10" });
  if (p === "/api/v1/discounts/emergency") return json({ declared: false, updated_at: null, updated_by: null });
  if (p === "/api/v1/discounts/renewals")
    return json({ as_of: "2026-11-28", routes: 2, stops: 5, left_for_later: 1, by_worker: [{ worker_id: "w1", worker: "Trabajadora Social Uno", stops: 3, colonias: ["Centro"] }, { worker_id: "w2", worker: "Trabajadora Social Dos", stops: 2, colonias: ["Pueblo Nuevo"] }] });
  return json({ code: 404, error_code: "NOT_FOUND", message: "No se encontró." }, 404);
}

function login(role: Role): void {
  const s = { access_token: "access-1", refresh_token: "refresh-1", user: { id: `u-${role}`, username: role, full_name: role, roles: [role] } };
  localStorage.setItem("cartera.session", JSON.stringify(s));
  session.value = s;
}

beforeEach(() => {
  calls = [];
  vi.stubGlobal("fetch", async (input: string, init?: RequestInit) => {
    const url = new URL(input, "http://test.local");
    const c: Call = { method: init?.method ?? "GET", path: url.pathname, query: url.searchParams, body: typeof init?.body === "string" ? JSON.parse(init.body) : null };
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

describe("an application (office)", () => {
  it("shows the same CURP on other accounts first, the question it answers, the problems in Spanish and the documents side by side", async () => {
    login("manager");
    captureDownloads();
    render(<ApplicationDetailScreen id={APP.id} />, root);
    await vi.waitFor(() => expect($("discount-detail")).not.toBeNull());
    const banners = [...root.querySelectorAll(".banner")];
    expect(banners[0].getAttribute("data-testid")).toBe("discount-same-curp");
    expect($("discount-same-curp")?.textContent).toBe("La misma CURP en otras cuentas: 01-0099-1");
    expect($("discount-detail-question")?.textContent).toContain("Responde a la pregunta de la oficina: Falta la foto del comprobante de pensión.");
    expect($("discount-detail-earlier")?.getAttribute("href")).toBe("#/descuentos/80000000-0000-4000-8000-0000000000a0");
    expect($$("discount-detail-problem").map((p) => p.textContent)).toEqual(APP.problem_labels);
    expect($("discount-detail-curp")?.textContent).toBe(CURP.jose);
    expect($("discount-detail-account")?.textContent).toBe("01-0043-5");
    expect($("discount-detail-gps")?.textContent).toBe("30.71612, -112.15601 (±8 m)");
    expect($("discount-detail-evidence-pending")?.textContent).toBe("Evidencia pendiente");
    expect($("discount-detail-checklist")?.textContent).toContain("La identificación coincide con la persona: Sí");
    expect($("discount-detail-checklist")?.textContent).toContain("Los documentos son legibles y vigentes: No");

    expect($("discount-documents")?.dataset.count).toBe("3");
    expect($$("discount-document").map((f) => [f.dataset.kind, f.querySelector("figcaption")?.textContent])).toEqual([
      ["id", "Identificación oficial"],
      ["pension_receipt", "Comprobante de pensión o jubilación"],
      ["proof_of_address", "Comprobante de domicilio"],
    ]);
    await vi.waitFor(() => expect($$("discount-document-image")).toHaveLength(2));
    expect($$("discount-document-image").map((i) => i.dataset.sha)).toEqual([SHA.id, SHA.receipt]);
    expect($("discount-document-image-pending")?.textContent).toBe("Evidencia pendiente");
    expect($("discount-document-image-pending")?.dataset.sha).toBe(SHA.address);
    await vi.waitFor(() => expect($("discount-signature-image")).not.toBeNull());
    expect(of(`/api/sync/v1/blobs/${SHA.sig}`)).toHaveLength(1);

    ($$("discount-document-image")[1] as HTMLButtonElement).click();
    await tick();
    expect($("discount-image-large")?.getAttribute("aria-label")).toBe("Comprobante de pensión o jubilación");
    ($("discount-image-close") as HTMLButtonElement).click();
    await tick();
    expect($("discount-image-large")).toBeNull();
  });

  it("the manager decides: 'Rechazar' and 'Pedir información' need the reason or question; the answer shows the new status", async () => {
    login("manager");
    captureDownloads();
    render(<ApplicationDetailScreen id={APP.id} />, root);
    await vi.waitFor(() => expect($("discount-decide")).not.toBeNull());
    expect(($("discount-approve") as HTMLButtonElement).disabled).toBe(false);
    expect(($("discount-reject") as HTMLButtonElement).disabled).toBe(true);
    expect(($("discount-needs-info") as HTMLButtonElement).disabled).toBe(true);
    type($("discount-decision-note"), "   ");
    await tick();
    expect(($("discount-needs-info") as HTMLButtonElement).disabled).toBe(true);
    type($("discount-decision-note"), "¿Tiene otra cuenta a su nombre?");
    await tick();
    ($("discount-needs-info") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("discount-detail-status")?.dataset.status).toBe("needs_info"));
    expect(of(`/api/v1/discounts/applications/${APP.id}/decide`, "POST").map((c) => c.body)).toEqual([{ decision: "needs_info", note: "¿Tiene otra cuenta a su nombre?" }]);
    expect($("discount-decide-message")?.textContent).toBe("Decisión guardada.");
    expect($("discount-detail-note")?.textContent).toBe("¿Tiene otra cuenta a su nombre?");
    ($("discount-approve") as HTMLButtonElement).click(); // still undecided (needs_info): approving needs no note
    await vi.waitFor(() => expect($("discount-detail-status")?.dataset.status).toBe("approved"));
    expect(of(`/api/v1/discounts/applications/${APP.id}/decide`, "POST")[1].body).toEqual({ decision: "approve", note: null });
    expect($("discount-decide")).toBeNull(); // decided: nothing more to do
  });

  for (const role of ["clerk", "director"] as Role[]) {
    it(`a ${role} reads it but has no decision buttons`, async () => {
      login(role);
      captureDownloads();
      render(<ApplicationDetailScreen id={APP.id} />, root);
      await vi.waitFor(() => expect($("discount-detail")).not.toBeNull());
      expect($("discount-same-curp")).not.toBeNull();
      expect($("discount-decide")).toBeNull();
      expect($("discount-approve")).toBeNull();
      expect($("discount-reject")).toBeNull();
      expect($("discount-decide-readonly")?.textContent).toBe("Solo la gerencia resuelve las solicitudes.");
    });
  }
});

describe("Descuentos (office)", () => {
  it("the queue starts with the applications to review, with problems and evidence; another status asks again", async () => {
    login("clerk");
    navigate("/descuentos");
    render(<OfficeDiscountsScreen />, root);
    await vi.waitFor(() => expect($$("discount-queue-row")).toHaveLength(1));
    expect(of("/api/v1/discounts/applications")[0].query.get("status")).toBe("submitted");
    expect($$("discounts-tab-solicitudes")).toHaveLength(1);
    expect($("discounts-tab-aplicar")).toBeNull(); // manager only
    expect($("discount-queue-open")?.getAttribute("href")).toBe(`#/descuentos/${APP.id}`);
    expect($("discount-queue-problems")?.dataset.value).toBe("2");
    expect($("discount-queue-evidence")?.textContent).toBe("Evidencia pendiente");
    expect($("discount-queue-same-curp")?.textContent).toBe("La misma CURP en otras cuentas: 01-0099-1");
    const status = $("discount-queue-status") as HTMLSelectElement;
    status.value = "needs_info";
    status.dispatchEvent(new Event("change", { bubbles: true }));
    await vi.waitFor(() => expect(of("/api/v1/discounts/applications")).toHaveLength(2));
    expect(of("/api/v1/discounts/applications")[1].query.get("status")).toBe("needs_info");
    expect(of("/api/v1/discounts/applications")[1].query.get("page")).toBe("1");
  });

  it("Beneficiarios: the filters go in the query string, the totals and the summary show, Excel downloads with the same filters", async () => {
    login("director");
    const { clicked } = captureDownloads();
    navigate("/descuentos?tab=beneficiarios");
    render(<OfficeDiscountsScreen />, root);
    await vi.waitFor(() => expect($$("beneficiary-row")).toHaveLength(2));
    const first = of("/api/v1/discounts/beneficiaries")[0].query;
    expect(Object.fromEntries(first)).toEqual({ month: localDate().slice(0, 7), page: "1", page_size: "50" });
    expect($("beneficiaries-total-count")?.dataset.value).toBe("2");
    expect($("beneficiaries-total-discount")?.textContent).toBe("Descuento del mes $1,234.50");
    expect($$("beneficiaries-summary-row").map((r) => r.textContent)).toEqual(["Pensionado(a)Pueblo Nuevo1$1,111.05", "Adulto mayor (INAPAM)Centro1$123.45"]);
    expect($("beneficiary-renewal-due")?.textContent).toBe("Por renovar");

    type($("beneficiaries-month"), "2026-10");
    const kind = $("beneficiaries-type") as HTMLSelectElement;
    kind.value = "pensioner";
    kind.dispatchEvent(new Event("change", { bubbles: true }));
    await vi.waitFor(() => expect([...($("beneficiaries-neighborhood") as HTMLSelectElement).options].map((o) => o.textContent)).toEqual(["Todas las colonias", "Centro", "Pueblo Nuevo"]));
    const hood = $("beneficiaries-neighborhood") as HTMLSelectElement;
    hood.value = "9";
    hood.dispatchEvent(new Event("change", { bubbles: true }));
    type($("beneficiaries-q"), " López ");
    ($("beneficiaries-search") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(Object.fromEntries(of("/api/v1/discounts/beneficiaries").at(-1)!.query)).toEqual({ month: "2026-10", type: "pensioner", neighborhood_id: "9", q: "López", page: "1", page_size: "50" }));

    ($("beneficiaries-excel") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(clicked).toHaveLength(1));
    expect(Object.fromEntries(of("/api/v1/discounts/beneficiaries.xlsx")[0].query)).toEqual({ month: "2026-10", type: "pensioner", neighborhood_id: "9", q: "López" });
    expect(clicked[0].download).toBe("beneficiarios-2026-10.xlsx");
  });

  it("Aplicar descuentos (manager): the month's posting and the renewal visits, with their results", async () => {
    login("manager");
    navigate("/descuentos?tab=aplicar");
    render(<OfficeDiscountsScreen />, root);
    await vi.waitFor(() => expect($("discount-post")).not.toBeNull());
    type($("discount-period"), "2026-11");
    await tick();
    ($("discount-post") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("discount-post-result")).not.toBeNull());
    expect(of("/api/v1/discounts/postings", "POST").map((c) => c.body)).toEqual([{ period: "2026-11" }]);
    expect($("discount-post-result")?.textContent).toBe("Periodo 2026-11: 42 descuento(s) aplicados por $5,230.10.");

    ($("discount-renewals") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("discount-renewals-result")).not.toBeNull());
    expect(of("/api/v1/discounts/renewals", "POST").map((c) => c.body)).toEqual([{}]);
    expect($("discount-renewals-result")?.dataset.stops).toBe("5");
    expect($("discount-renewals-result")?.textContent).toContain("Se crearon 5 visita(s) de renovación en 2 ruta(s). 1 renovación(es) no cupieron en las rutas");
    expect($$("discount-renewals-worker").map((r) => r.textContent)).toEqual(["Trabajadora Social Uno3Centro", "Trabajadora Social Dos2Pueblo Nuevo"]);
    type($("discount-renewals-as-of"), "2026-12-01");
    await tick();
    ($("discount-renewals") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(of("/api/v1/discounts/renewals", "POST")).toHaveLength(2));
    expect(of("/api/v1/discounts/renewals", "POST")[1].body).toEqual({ as_of: "2026-12-01" });
  });
});

describe("routing by role", () => {
  it("'Descuentos' is in the office's navigation and the social worker's, without changing where anyone lands", () => {
    for (const r of ["manager", "clerk", "director", "social_worker"] as Role[]) expect(navFor([r]).map((n) => n.testid)).toContain("nav-discounts");
    for (const r of ["notifier", "cutter"] as Role[]) expect(navFor([r]).map((n) => n.testid)).not.toContain("nav-discounts");
    expect(homeFor(["social_worker"])).toBe("/ruta");
    // The manager and the director land on the dashboard (issue 7); the clerk on campaigns.
    expect(homeFor(["manager"])).toBe("/tablero");
    expect(homeFor(["director"])).toBe("/tablero");
    expect(homeFor(["clerk"])).toBe("/campanas");
  });

  it("the office's #/descuentos opens the queue and #/descuentos/<id> the application (lazy chunks)", async () => {
    login("manager");
    captureDownloads();
    navigate("/descuentos");
    render(<App />, root);
    await vi.waitFor(() => expect($("discounts-office")).not.toBeNull());
    expect($("nav-discounts")?.getAttribute("aria-current")).toBe("page");
    navigate(`/descuentos/${APP.id}`);
    await vi.waitFor(() => expect($("discount-detail")).not.toBeNull());
  });
});
