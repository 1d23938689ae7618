/**
 * Registration visits and the declared emergency:
 * - on the social worker's phone (real field runtime, no network): a `discount_visit` stop on
 *   "Mi ruta" and in her pending work, "Registrar descuento" keeping the stop so submitting marks
 *   it done, and the satisfaction survey offered on the confirmation, offline;
 * - at the office (mocked fetch): "Visitas" (manager, clerk) sending a social worker to the
 *   accounts pasted, with the route made, the accounts skipped and the server's 422 in Spanish;
 *   "Emergencia declarada" (manager) declared and lifted after a confirmation.
 */
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DiscountApplyArgsV1, Role, StopRow } from "../src/domain/types";
import { localDate } from "../src/domain/time";
import FieldDiscountsScreen, { pendingDiscountStops } from "../src/features/discounts/FieldDiscountsScreen";
import OfficeDiscountsScreen from "../src/features/discounts/OfficeDiscountsScreen";
import RegisterScreen from "../src/features/discounts/RegisterScreen";
import { parseAccountNumbers } from "../src/features/discounts/api";
import { RouteScreen } from "../src/features/route/RouteScreen";
import { discountDraftKey } from "../src/mutations";
import { getDraft } from "../src/storage/drafts";
import { listOutbox } from "../src/storage/outbox";
import { fieldDb, stopField, view } from "../src/state/field";
import { navigate } from "../src/state/router";
import { session } from "../src/state/session";
import { CURP, D, seedSocial, seedVisit, startSocialWorker } from "./discounts-fixtures";
import { type } from "./helpers/dom-input";
import { FakeServer, json } from "./helpers/fake-server";
import { sig } from "./helpers/fake-signature";
import { formRow, SRV } from "./helpers/survey-fixtures";

vi.mock("../src/features/visit/SignatureField", () => import("./helpers/fake-signature")); // happy-dom draws nothing
vi.mock("../src/features/visit/photo", async () => {
  const fake = await import("./helpers/fake-signature");
  return { canvasPng: fake.canvasPng, preparePhoto: async () => ({ bytes: new ArrayBuffer(1), sha256: "0".repeat(64), type: "image/jpeg" }) };
});

let root: HTMLElement;
const $ = (id: string, el: ParentNode = root) => el.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;
const tick = () => new Promise((r) => setTimeout(r, 0));
const click = (id: string) => ($(id) as HTMLElement).click();
const visitCard = () => root.querySelector("[data-kind='discount_visit']") as HTMLElement | null;

afterEach(() => {
  render(null, root);
  stopField();
  vi.unstubAllGlobals();
  localStorage.clear();
  session.value = null;
  document.body.innerHTML = "";
});

describe("a registration visit on the social worker's phone", () => {
  beforeEach(async () => {
    sig.empty = false;
    const server = new FakeServer();
    seedSocial(server);
    seedVisit(server); // José López Peña asked at the counter
    server.putRow("survey_form", SRV.v1, formRow()); // a standalone satisfaction survey
    vi.stubGlobal("fetch", server.fetch);
    root = document.createElement("div");
    document.body.appendChild(root);
    await startSocialWorker(2);
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("offline");
    });
  });

  it("Mi ruta: its own card, 'Solicitud de descuento', with the account, holder, address and a big 'Registrar descuento'", async () => {
    render(<RouteScreen mode="notices" />, root);
    await vi.waitFor(() => expect(visitCard()).not.toBeNull());
    const card = visitCard()!;
    expect(card.dataset.stopId).toBe(D.visitStop);
    expect(card.dataset.status).toBe("pending");
    expect(card.querySelector(".meta")?.textContent).toBe("Solicitud de descuento · Pendiente");
    expect($("discount-visit-holder", card)?.textContent).toBe("José López Peña");
    expect(card.textContent).toContain("Av. Obregón #301, Pueblo Nuevo, Heroica Caborca");
    expect(card.textContent).toContain("Cuenta 01-0043-5");
    const start = $("discount-visit-start", card) as HTMLAnchorElement;
    expect(start.textContent).toBe("Registrar descuento");
    expect(start.className).toContain("big");
    expect(start.getAttribute("href")).toBe(`#/descuento/${D.acc2}?parada=${D.visitStop}`);
    expect($("renewal-start", card)).toBeNull();
    expect($("stop-record-visit")).toBeNull(); // not a notice stop
    // The renewal keeps its own card.
    expect((root.querySelector("[data-kind='renewal']") as HTMLElement).dataset.stopId).toBe(D.renewalStop);
  });

  it("Pendientes lists the visit with the renewal and the office's question", async () => {
    navigate("/descuentos?tab=pendientes");
    render(<FieldDiscountsScreen />, root);
    await vi.waitFor(() => expect(visitCard()).not.toBeNull());
    expect($("discounts-tab-pendientes")?.textContent).toBe("Pendientes (3)");
    expect($("discount-visit-start", visitCard()!)?.getAttribute("href")).toBe(`#/descuento/${D.acc2}?parada=${D.visitStop}`);
    expect(root.querySelector("[data-kind='renewal']")).not.toBeNull();
    expect($("discount-question")).not.toBeNull();
  });

  it("only stops still to do are pending work (pure)", () => {
    const stop = (id: string, kind: string, status: StopRow["status"]): StopRow => ({ id, route_id: D.route, position: 1, kind, status, notice_id: null, account_id: D.acc1, cancel_reason: null });
    const stops = [stop("a", "discount_visit", "pending"), stop("b", "discount_visit", "done"), stop("c", "discount_visit", "cancelled"), stop("d", "renewal", "pending"), stop("e", "notice", "pending")];
    expect(pendingDiscountStops(stops).map((s) => s.id)).toEqual(["a", "d"]);
  });

  async function register(query: string): Promise<void> {
    navigate(`/descuento/${D.acc2}${query}`);
    render(<RegisterScreen key={query} accountId={D.acc2} />, root);
    await vi.waitFor(() => expect($("discount-form")).not.toBeNull());
  }

  async function fillAndSend(): Promise<DiscountApplyArgsV1> {
    click("discount-type-pensioner");
    type($("discount-name"), "José López Peña");
    type($("discount-curp"), CURP.jose);
    click("discount-lives-yes");
    await tick();
    await vi.waitFor(() => expect(($("discount-submit") as HTMLButtonElement).disabled).toBe(false));
    click("discount-submit");
    await vi.waitFor(() => expect($("discount-done")).not.toBeNull());
    const [e] = await listOutbox(fieldDb());
    return e.args as DiscountApplyArgsV1;
  }

  it("'Registrar descuento' from the visit: a new application, the stop done on the phone, and the survey offered at the same visit", async () => {
    await register(`?parada=${D.visitStop}`);
    expect(root.querySelector("h2")?.textContent).toBe("Registrar descuento");
    const args = await fillAndSend();
    expect(args).toMatchObject({ account_id: D.acc2, renewal_of: null, answers_request: null, curp: CURP.jose });
    await vi.waitFor(() => expect(view.value?.stops.find((s) => s.id === D.visitStop)?.status).toBe("done"));
    expect(view.value?.stops.find((s) => s.id === D.renewalStop)?.status).toBe("pending");

    // The confirmation offers the satisfaction survey for this account and stop, offline.
    const offer = $("discount-done-offer")!;
    await vi.waitFor(() => expect($("survey-launcher", offer)).not.toBeNull());
    expect($("survey-launcher", offer)?.dataset.trigger).toBe("standalone");
    const start = $(`survey-start-${SRV.form}`, offer) as HTMLAnchorElement;
    expect(start.textContent).toContain("Satisfacción con el servicio");
    const href = new URL(start.getAttribute("href")!.slice(1), "http://x");
    expect(href.pathname).toBe(`/encuesta/${SRV.form}`);
    expect(Object.fromEntries(href.searchParams)).toMatchObject({ cuenta: D.acc2, parada: D.visitStop, motivo: "standalone" });
  });

  it("a registration begun from the search and resumed from the visit still completes the visit", async () => {
    await register("");
    type($("discount-name"), "José López Peña");
    await vi.waitFor(async () => expect((await getDraft<{ beneficiary_name: string }>(fieldDb(), discountDraftKey(D.acc2)))?.beneficiary_name).toBe("José López Peña"));
    render(null, root);
    await register(`?parada=${D.visitStop}`);
    expect(($("discount-name") as HTMLInputElement).value).toBe("José López Peña"); // the same draft
    const stored = await getDraft<{ stop_id: string; link: string }>(fieldDb(), discountDraftKey(D.acc2));
    expect(stored).toMatchObject({ stop_id: D.visitStop, link: `/descuento/${D.acc2}?parada=${D.visitStop}` });
    await fillAndSend();
    await vi.waitFor(() => expect(view.value?.stops.find((s) => s.id === D.visitStop)?.status).toBe("done"));
  });
});

// --- office ---------------------------------------------------------------------------------

interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: any;
}
let calls: Call[];
let emergency = { declared: false, updated_at: null as string | null, updated_by: null as string | null };
const of = (path: string, method = "GET") => calls.filter((c) => c.path === path && c.method === method);
const WORKERS = [
  { id: "w1", username: "social1", full_name: "Trabajadora Social Uno" },
  { id: "w2", username: "social2", full_name: "Trabajadora Social Dos" },
];

function answer(c: Call): Response {
  if (c.path === "/api/v1/fieldwork/workers") return json({ items: c.query.get("role") === "social_worker" ? WORKERS : [] });
  if (c.path === "/api/v1/discounts/applications") return json({ items: [], total: 0, page: 1, page_size: 25, pages: 0 });
  if (c.path === "/api/v1/discounts/visits") {
    const unknown = (c.body.account_numbers as string[]).filter((n) => n.startsWith("99"));
    if (unknown.length) {
      const text = `No existen estas cuentas: ${unknown.join(", ")}.`;
      return json({ code: 422, status: "Unprocessable Entity", error_code: "DISCOUNT_VISIT_ACCOUNTS_UNKNOWN", message: text, errors: { account_numbers: [text] } }, 422);
    }
    return json({ route_id: "r1", route_name: "TS-VIS-20261201 R01", stops: c.body.account_numbers.length - 1, skipped: [c.body.account_numbers.at(-1)] });
  }
  if (c.path === "/api/v1/discounts/emergency") {
    if (c.method === "PUT") emergency = { declared: c.body.declared, updated_at: "2026-12-01T17:00:00Z", updated_by: "u-manager" };
    return json(emergency);
  }
  return json({ code: 404, error_code: "NOT_FOUND", message: "No se encontró." }, 404);
}

function login(role: Role): void {
  const s = { access_token: "access-1", refresh_token: "refresh-1", user: { id: `u-${role}`, username: role, full_name: role, roles: [role] } };
  localStorage.setItem("cartera.session", JSON.stringify(s));
  session.value = s;
}

describe("the office sends a social worker (Visitas) and declares the emergency", () => {
  let confirmed: string[];
  let confirmAnswer: boolean;
  beforeEach(() => {
    calls = [];
    confirmed = [];
    confirmAnswer = true;
    emergency = { declared: false, updated_at: null, updated_by: null };
    vi.stubGlobal("fetch", async (input: string, init?: RequestInit) => {
      const url = new URL(input, "http://test.local");
      const c: Call = { method: init?.method ?? "GET", path: url.pathname, query: url.searchParams, body: typeof init?.body === "string" ? JSON.parse(init.body) : null };
      calls.push(c);
      return answer(c);
    });
    vi.stubGlobal("confirm", (text: string) => {
      confirmed.push(text);
      return confirmAnswer;
    });
    root = document.createElement("div");
    document.body.appendChild(root);
  });

  it("account numbers one a line or with commas: the route made and the accounts skipped", async () => {
    login("clerk");
    navigate("/descuentos?tab=visitas");
    render(<OfficeDiscountsScreen />, root);
    await vi.waitFor(() => expect(($("discount-visit-worker") as HTMLSelectElement).options).toHaveLength(3));
    expect($("discounts-tab-visitas")?.getAttribute("aria-pressed")).toBe("true");
    expect($("discounts-tab-aplicar")).toBeNull(); // the posting is the manager's
    expect(of("/api/v1/fieldwork/workers")[0].query.get("role")).toBe("social_worker");
    expect([...($("discount-visit-worker") as HTMLSelectElement).options].map((o) => o.textContent)).toEqual(["Elija a la trabajadora social", "Trabajadora Social Uno", "Trabajadora Social Dos"]);
    expect(($("discount-visit-date") as HTMLInputElement).value).toBe(localDate());

    // Nothing typed: said in Spanish, nothing sent.
    click("discount-visit-submit");
    await tick();
    expect($("discount-visit-error")?.textContent).toBe("Escriba al menos un número de cuenta.");
    type($("discount-visit-accounts"), "01-0042-7\n 01-0043-5 , 02-0100-1\n\n01-0042-7");
    await tick();
    expect($("discount-visit-count")?.textContent).toBe("3 cuentas");
    click("discount-visit-submit");
    await tick();
    expect($("discount-visit-error")?.textContent).toBe("Elija a la trabajadora social.");
    expect(of("/api/v1/discounts/visits", "POST")).toHaveLength(0);

    const worker = $("discount-visit-worker") as HTMLSelectElement;
    worker.value = "w2";
    worker.dispatchEvent(new Event("change", { bubbles: true }));
    type($("discount-visit-date"), "2026-12-01");
    await tick();
    click("discount-visit-submit");
    await vi.waitFor(() => expect($("discount-visit-result")).not.toBeNull());
    expect(of("/api/v1/discounts/visits", "POST").map((c) => c.body)).toEqual([{ account_numbers: ["01-0042-7", "01-0043-5", "02-0100-1"], worker_id: "w2", work_date: "2026-12-01" }]);
    expect($("discount-visit-error")).toBeNull();
    const result = $("discount-visit-result")!;
    expect(result.dataset.stops).toBe("2");
    expect(result.textContent).toContain("Se creó la ruta TS-VIS-20261201 R01 con 2 visita(s).");
    expect($("discount-visit-skipped")?.textContent).toBe("Ya tenían una visita pendiente (no se repitieron): 02-0100-1");
  });

  it("unknown accounts: the server's 422 shown in Spanish", async () => {
    login("manager");
    navigate("/descuentos?tab=visitas");
    render(<OfficeDiscountsScreen />, root);
    await vi.waitFor(() => expect(($("discount-visit-worker") as HTMLSelectElement).options).toHaveLength(3));
    type($("discount-visit-accounts"), "01-0042-7, 99-9999-9");
    const worker = $("discount-visit-worker") as HTMLSelectElement;
    worker.value = "w1";
    worker.dispatchEvent(new Event("change", { bubbles: true }));
    await tick();
    click("discount-visit-submit");
    await vi.waitFor(() => expect($("discount-visit-error")).not.toBeNull());
    expect($("discount-visit-error")?.textContent).toBe("No existen estas cuentas: 99-9999-9.");
    expect($("discount-visit-result")).toBeNull();
    expect(of("/api/v1/discounts/visits", "POST")[0].body).toEqual({ account_numbers: ["01-0042-7", "99-9999-9"], worker_id: "w1", work_date: localDate() });
  });

  it("'Visitas' is for the manager and the clerks, not the director", async () => {
    login("director");
    navigate("/descuentos?tab=visitas");
    render(<OfficeDiscountsScreen />, root);
    await vi.waitFor(() => expect($("discounts-tab-solicitudes")).not.toBeNull());
    expect($("discounts-tab-visitas")).toBeNull();
    expect($("discount-visit-form")).toBeNull();
    render(null, root);
    login("manager");
    render(<OfficeDiscountsScreen />, root);
    await vi.waitFor(() => expect($("discounts-tab-visitas")).not.toBeNull());
  });

  it("Emergencia declarada (manager): its state, declared and lifted after a confirmation that says what it means", async () => {
    login("manager");
    navigate("/descuentos?tab=aplicar");
    render(<OfficeDiscountsScreen />, root);
    await vi.waitFor(() => expect($("discount-emergency")?.dataset.declared).toBe("false"));
    const section = $("discount-emergency")!;
    expect(section.querySelector("h3")?.textContent).toBe("Emergencia declarada");
    expect($("discount-emergency-state")?.textContent).toContain("Sin emergencia declarada");
    expect($("discount-emergency-state")?.textContent).toContain("Mientras dure, no se limita ni se corta el servicio a beneficiarios de descuento social.");
    expect($("discount-emergency-toggle")?.textContent).toBe("Declarar emergencia");

    confirmAnswer = false; // she thinks better of it
    click("discount-emergency-toggle");
    await tick();
    expect(of("/api/v1/discounts/emergency", "PUT")).toHaveLength(0);
    confirmAnswer = true;
    click("discount-emergency-toggle");
    await vi.waitFor(() => expect($("discount-emergency")?.dataset.declared).toBe("true"));
    expect(confirmed[1]).toContain("Mientras dure, no se limita ni se corta el servicio a beneficiarios de descuento social");
    expect(of("/api/v1/discounts/emergency", "PUT").map((c) => c.body)).toEqual([{ declared: true }]);
    expect($("discount-emergency-state")?.textContent).toContain("Emergencia declarada: vigente");
    expect($("discount-emergency-toggle")?.textContent).toBe("Levantar emergencia");

    click("discount-emergency-toggle");
    await vi.waitFor(() => expect($("discount-emergency")?.dataset.declared).toBe("false"));
    expect(of("/api/v1/discounts/emergency", "PUT").map((c) => c.body)).toEqual([{ declared: true }, { declared: false }]);
    expect(confirmed[2]).toContain("¿Levantar la emergencia?");
  });

  it("parses the account numbers pasted (pure)", () => {
    expect(parseAccountNumbers(" 01-0042-7\r\n01-0043-5;02-0100-1,\t03-0001-2\n01-0042-7\n")).toEqual(["01-0042-7", "01-0043-5", "02-0100-1", "03-0001-2"]);
    expect(parseAccountNumbers(" \n , ")).toEqual([]);
  });
});
