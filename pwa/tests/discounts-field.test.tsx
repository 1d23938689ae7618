/**
 * The social worker's "Descuentos" with the real field runtime and no network: her pending work
 * (the office's question shown with "Responder", the renewal visit with "Renovar descuento",
 * registrations left half-done), the search among the accounts on her phone, her applications
 * with their chips; and the renewal stop on "Mi ruta".
 */
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../src/app/App";
import FieldDiscountsScreen from "../src/features/discounts/FieldDiscountsScreen";
import { RouteScreen } from "../src/features/route/RouteScreen";
import { applyDiscount, discountDraftKey } from "../src/mutations";
import { putDraft } from "../src/storage/drafts";
import { listOverlay } from "../src/storage/overlay";
import { fieldDb, refreshView, stopField, syncNow, view } from "../src/state/field";
import { navigate } from "../src/state/router";
import { session } from "../src/state/session";
import { applicationRow, CURP, D, seedSocial, startSocialWorker } from "./discounts-fixtures";
import { type } from "./helpers/dom-input";
import { FakeServer } from "./helpers/fake-server";

vi.mock("../src/features/visit/SignatureField", () => import("./helpers/fake-signature")); // happy-dom draws nothing

let root: HTMLElement;
let server: FakeServer;
const $ = (id: string, el: ParentNode = root) => el.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;
const $$ = (id: string, el: ParentNode = root) => [...el.querySelectorAll(`[data-testid="${id}"]`)] as HTMLElement[];
const tick = () => new Promise((r) => setTimeout(r, 0));

beforeEach(async () => {
  server = new FakeServer();
  seedSocial(server);
  vi.stubGlobal("fetch", server.fetch);
  root = document.createElement("div");
  document.body.appendChild(root);
  await startSocialWorker();
  await vi.waitFor(() => expect(view.value?.stops[0]?.application_id).toBe(D.renewed));
  vi.stubGlobal("fetch", async () => {
    throw new TypeError("offline");
  });
});

afterEach(() => {
  render(null, root);
  stopField();
  vi.unstubAllGlobals();
  localStorage.clear();
  session.value = null;
  document.body.innerHTML = "";
});

async function show(tab: string): Promise<void> {
  navigate(`/descuentos?tab=${tab}`);
  render(<FieldDiscountsScreen />, root);
  await vi.waitFor(() => expect($("discounts-field")).not.toBeNull());
}

describe("Descuentos (social worker)", () => {
  it("Pendientes: the office's question in full with 'Responder', the renewal visit with 'Renovar descuento', a registration left half-done", async () => {
    await putDraft(fieldDb(), discountDraftKey(D.acc3), "discount", { account_id: D.acc3, beneficiary_name: "Ana Martínez", link: `/descuento/${D.acc3}` });
    await refreshView();
    await show("pendientes");
    await vi.waitFor(() => expect($("discount-draft")).not.toBeNull());
    expect($("discounts-tab-pendientes")?.textContent).toBe("Pendientes (3)");
    expect($("discounts-tab-pendientes")?.getAttribute("aria-pressed")).toBe("true");

    const q = $("discount-question")!;
    expect(q.dataset.applicationId).toBe(D.asked);
    expect($("discount-question-text", q)?.textContent).toBe("La oficina pregunta: Falta la foto del comprobante de pensión.");
    expect($("discount-chip", q)?.textContent).toBe("Falta información");
    expect(q.textContent).toContain("José López Peña");
    expect($("discount-answer", q)?.getAttribute("href")).toBe(`#/descuento/${D.acc2}?responde=${D.asked}`);

    const renewal = root.querySelector("[data-kind='renewal']") as HTMLElement;
    expect(renewal.dataset.stopId).toBe(D.renewalStop);
    expect($("renewal-beneficiary", renewal)?.textContent).toBe("Rosa González Núñez");
    expect(renewal.textContent).toContain("Vence el 19/12/2026");
    const start = $("renewal-start", renewal) as HTMLAnchorElement;
    expect(start.textContent).toBe("Renovar descuento");
    expect(start.getAttribute("href")).toBe(`#/descuento/${D.acc1}?renueva=${D.renewed}&parada=${D.renewalStop}`);

    expect($("discount-draft")?.textContent).toContain("Ana Martínez");
    expect($("discount-draft-resume")?.getAttribute("href")).toBe(`#/descuento/${D.acc3}`);
  });

  it("Registrar: searches the accounts on the phone by number, holder or address, ignoring accents and case", async () => {
    await show("registrar");
    expect($("discount-search-results")?.dataset.count).toBe("3");
    type($("discount-search"), "gonzalez NUNEZ");
    await tick();
    expect($$("discount-account").map((a) => a.dataset.accountId)).toEqual([D.acc1]);
    expect($("discount-register")?.getAttribute("href")).toBe(`#/descuento/${D.acc1}`);
    type($("discount-search"), "obregon 301");
    await tick();
    expect($$("discount-account").map((a) => a.dataset.accountId)).toEqual([D.acc2]);
    type($("discount-search"), "02-0100");
    await tick();
    expect($$("discount-account").map((a) => a.dataset.accountId)).toEqual([D.acc3]);
    type($("discount-search"), "xyz");
    await tick();
    expect($("discount-search-none")?.textContent).toBe("Ninguna cuenta del teléfono coincide. Sincronice para recibir más cuentas.");
  });

  it("Mis solicitudes: each with its chip; one just sent is 'Pendiente de envío', then 'Respondida' replaces the question once answered", async () => {
    await applyDiscount(fieldDb(), {
      id: "80000000-0000-4000-8000-0000000000f9",
      program_id: D.program,
      account_id: D.acc2,
      beneficiary_type: "pensioner",
      beneficiary_name: "José López Peña",
      curp: CURP.jose,
      birth_date: "1958-09-23",
      lives_there: true,
      checklist: {},
      documents: [],
      signature: null,
      gps: null,
      gps_error: "timeout",
      phone: null,
      notes: null,
      started_at: new Date().toISOString(),
      renewal_of: null,
      answers_request: D.asked,
    });
    await show("solicitudes");
    await vi.waitFor(() => expect($$("discount-application")).toHaveLength(3));
    const chips = Object.fromEntries($$("discount-application").map((a) => [a.dataset.applicationId, $("discount-chip", a)?.textContent]));
    expect(chips).toEqual({ "80000000-0000-4000-8000-0000000000f9": "Pendiente de envío", [D.asked]: "Respondida", [D.renewed]: "Aprobada" });
    expect($$("discount-application")[0].dataset.applicationId).toBe("80000000-0000-4000-8000-0000000000f9");
    expect($$("discount-application")[0].textContent).toContain("Respuesta a la oficina");
    expect($$("discount-application").find((a) => a.dataset.applicationId === D.renewed)?.textContent).toContain("Vigente del 20/12/2025 al 19/12/2026");

    // The question no longer waits for her.
    navigate("/descuentos?tab=pendientes");
    await vi.waitFor(() => expect($("discount-question")).toBeNull());
    expect(root.querySelector("[data-kind='renewal']")).not.toBeNull();
  });

  it("back in signal, her answer goes out and the server's row takes over", async () => {
    vi.stubGlobal("fetch", server.fetch);
    server.handlers["discount.apply"] = (m) => {
      // What the server keeps: the application with what its rules found (no birth date: TOO_YOUNG).
      server.putRow("discount_application", m.args.id, applicationRow(m.args.id, { birth_date: null, problems: ["TOO_YOUNG"], renewal_of: D.renewed }));
      return { status: "flagged", flags: ["ELIGIBILITY_PROBLEMS"] };
    };
    await applyDiscount(fieldDb(), {
      id: "80000000-0000-4000-8000-0000000000fa",
      program_id: D.program,
      account_id: D.acc1,
      beneficiary_type: "senior",
      beneficiary_name: "Rosa González Núñez",
      curp: CURP.rosa,
      birth_date: null,
      lives_there: true,
      checklist: {},
      documents: [],
      signature: null,
      gps: null,
      gps_error: "timeout",
      phone: null,
      notes: null,
      started_at: new Date().toISOString(),
      renewal_of: D.renewed,
      answers_request: null,
    });
    await syncNow();
    expect(server.applied.map((m) => m.name)).toContain("discount.apply");
    await show("solicitudes");
    await vi.waitFor(() => expect(root.querySelector("[data-application-id='80000000-0000-4000-8000-0000000000fa'] [data-testid='discount-chip']")?.textContent).toBe("Enviada"));
    const flags = root.querySelector("[data-application-id='80000000-0000-4000-8000-0000000000fa'] [data-testid='discount-application-flags']")?.textContent;
    expect(flags).toContain("La oficina revisará observaciones");
    expect(flags).toContain("Usted aún no cumple la edad mínima que pide el programa.");
    expect((await listOverlay(fieldDb())).filter((o) => o.t === "discount_application")).toEqual([]); // the pull reflected it
  });
});

describe("Mi ruta of a social worker", () => {
  it("shows the renewal stop with its beneficiary and a big 'Renovar descuento'", async () => {
    render(<RouteScreen mode="notices" />, root);
    // The application being renewed is read from the phone (the shared view does not carry it).
    await vi.waitFor(() => expect($("stop-item")?.textContent).toContain("Adulto mayor (INAPAM) · Vence el 19/12/2026"));
    const card = $("stop-item")!;
    expect(card.dataset.kind).toBe("renewal");
    expect($("renewal-beneficiary")?.textContent).toBe("Rosa González Núñez");
    expect(card.textContent).toContain("01-0042-7");
    const start = $("renewal-start") as HTMLAnchorElement;
    expect(start.className).toContain("big");
    expect(start.getAttribute("href")).toBe(`#/descuento/${D.acc1}?renueva=${D.renewed}&parada=${D.renewalStop}`);
    expect($("stop-record-visit")).toBeNull();
  });
});

describe("the social worker's routes", () => {
  it("#/descuentos opens her discounts and #/descuento/<account> the registration, offline (lazy chunks)", async () => {
    navigate("/descuentos");
    render(<App />, root);
    await vi.waitFor(() => expect($("discounts-field")).not.toBeNull());
    expect($("nav-discounts")?.getAttribute("aria-current")).toBe("page");
    navigate(`/descuento/${D.acc2}`);
    await vi.waitFor(() => expect($("discount-form")).not.toBeNull());
    expect($("discount-form-holder")?.textContent).toBe("José López Peña");
  });
});
