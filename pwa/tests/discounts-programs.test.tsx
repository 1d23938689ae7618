/**
 * "Descuentos → Programas" against a mocked fetch: the programs list, the manager's form sending
 * exactly the server's shape (the percentage a string, the rules the form does not edit sent back
 * as they came), the Spanish checks before sending, the confirm about the next posting and the
 * next sync, the server's 422 messages by their fields, "Nuevo programa", and the read-only view
 * of the clerk and the director.
 */
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Role } from "../src/domain/types";
import OfficeDiscountsScreen from "../src/features/discounts/OfficeDiscountsScreen";
import { formFromProgram, parseProgramPct, programFromForm, serverFieldErrors } from "../src/features/discounts/program-form";
import { navigate } from "../src/state/router";
import { session } from "../src/state/session";
import { D, PROGRAM, PROGRAM_RULES } from "./discounts-fixtures";
import { type } from "./helpers/dom-input";
import { json } from "./helpers/fake-server";

interface Call {
  method: string;
  path: string;
  body: any;
}

const OLD = { id: D.oldProgram, name: "Programa 2025", rules: { ...PROGRAM_RULES, pct: "40", services: ["water", "sewer"], monthly_m3_cap: null, checklist: ["id_matches"] }, active: false, approving_act: null };
const CURRENT = { ...PROGRAM, approving_act: "Acta 12/2026" };

let root: HTMLElement;
let calls: Call[];
let answer: ((c: Call) => Response) | null;
let confirmed: string[];
const $ = (id: string) => root.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;
const $$ = (id: string) => [...root.querySelectorAll(`[data-testid="${id}"]`)] as HTMLElement[];
const input = (id: string) => $(id) as HTMLInputElement;
const fieldError = (field: string) => root.querySelector(`[data-testid="program-field-error"][data-field="${field}"]`)?.textContent ?? null;
const writes = () => calls.filter((c) => c.method !== "GET");

function setBox(id: string, on: boolean): void {
  const box = input(id);
  box.checked = on;
  box.dispatchEvent(new Event("change", { bubbles: true }));
}

function login(role: Role): void {
  const s = { access_token: "access-1", refresh_token: "refresh-1", user: { id: `u-${role}`, username: role, full_name: role, roles: [role] } };
  localStorage.setItem("cartera.session", JSON.stringify(s));
  session.value = s;
}

async function openTab(role: Role): Promise<void> {
  login(role);
  navigate("/descuentos?tab=programas");
  render(<OfficeDiscountsScreen />, root);
  await vi.waitFor(() => expect($$("program-row")).toHaveLength(2));
}

async function edit(index: number): Promise<void> {
  ($$("program-edit")[index] as HTMLButtonElement).click();
  await vi.waitFor(() => expect($("program-form")).not.toBeNull());
}

async function save(): Promise<void> {
  ($("program-save") as HTMLButtonElement).click();
  await new Promise((r) => setTimeout(r, 0));
}

beforeEach(() => {
  root = document.createElement("div");
  document.body.appendChild(root);
  calls = [];
  answer = null;
  confirmed = [];
  vi.stubGlobal("confirm", (text: string) => (confirmed.push(text), true));
  vi.stubGlobal("fetch", async (url: string, init?: RequestInit) => {
    const c: Call = { method: init?.method ?? "GET", path: new URL(url, "http://test.local").pathname, body: typeof init?.body === "string" ? JSON.parse(init.body) : null };
    calls.push(c);
    if (c.method !== "GET" && answer) return answer(c);
    if (c.path === "/api/v1/discounts/programs" && c.method === "GET") return json({ items: [CURRENT, OLD] });
    if (c.path === "/api/v1/discounts/programs" && c.method === "POST") return json({ id: "new-1", ...c.body }, 201);
    if (c.path.startsWith("/api/v1/discounts/programs/") && c.method === "PUT") return json({ id: c.path.split("/").pop(), ...c.body });
    if (c.path === "/api/v1/discounts/applications") return json({ items: [], total: 0, page: 1, page_size: 25, pages: 1 });
    return json({ code: 404, error_code: "NOT_FOUND", message: "No se encontró." }, 404);
  });
});

afterEach(() => {
  render(null, root);
  vi.unstubAllGlobals();
  localStorage.clear();
  session.value = null;
  document.body.innerHTML = "";
});

describe("Descuentos → Programas (manager)", () => {
  it("lists the programs and sends an edit in exactly the server's shape, after the confirm", async () => {
    await openTab("manager");
    expect($("discounts-tab-programas")?.getAttribute("aria-pressed")).toBe("true");
    const [first, second] = $$("program-row");
    expect(first.textContent).toContain("Descuento social");
    expect(first.textContent).toContain("50 %");
    expect(first.textContent).toContain("Agua");
    expect(first.textContent).toContain("20 m³");
    expect(first.textContent).toContain("365 días");
    expect(first.textContent).toContain("Acta 12/2026");
    expect(second.dataset.active).toBe("false");
    expect(second.textContent).toContain("Sin tope");
    expect(second.textContent).toContain("Agua, Drenaje");

    await edit(0);
    expect(input("program-name").value).toBe("Descuento social");
    expect(input("program-act").value).toBe("Acta 12/2026");
    expect(input("program-pct").value).toBe("50");
    expect(input("program-cap").value).toBe("20");
    expect(input("program-type-disability").checked).toBe(true);
    expect(input("program-doc-senior-inapam_card").checked).toBe(true);
    expect(input("program-doc-senior-pension_receipt").checked).toBe(false);
    expect(input("program-min-age-senior").value).toBe("60");
    expect(input("program-current").checked).toBe(true);
    expect([input("program-validity").value, input("program-renewal").value]).toEqual(["365", "30"]);

    type($("program-pct"), "37.5");
    type($("program-cap"), "");
    setBox("program-service-sewer", true);
    setBox("program-type-disability", false);
    await vi.waitFor(() => expect($("program-doc-disability-id")).toBeNull()); // only the chosen types' documents
    setBox("program-doc-senior-proof_of_address", false);
    setBox("program-doc-retiree-other", true);
    type($("program-min-age-senior"), "65");
    setBox("program-class-mixed", true);
    setBox("program-current", false);
    type($("program-validity"), "730");
    type($("program-renewal"), "45");
    type($("program-act"), "  Acta 3/2027 ");
    await save();
    await vi.waitFor(() => expect(writes()).toHaveLength(1));
    expect(confirmed).toEqual([
      "¿Guardar el programa? El cambio se aplica a partir de la siguiente aplicación de descuentos y llega a todos los teléfonos en su siguiente sincronización. Los descuentos ya aprobados conservan sus fechas.",
    ]);
    const [put] = writes();
    expect(put.method).toBe("PUT");
    expect(put.path).toBe(`/api/v1/discounts/programs/${D.program}`);
    expect(put.body).toEqual({
      name: "Descuento social",
      approving_act: "Acta 3/2027",
      active: true,
      rules: {
        beneficiary_types: ["senior", "pensioner", "retiree"],
        pct: "37.5",
        services: ["water", "sewer"],
        monthly_m3_cap: null,
        property_classes: ["domestic", "mixed"],
        required_documents: {
          senior: ["id", "inapam_card"],
          pensioner: ["id", "pension_receipt", "proof_of_address"],
          retiree: ["id", "pension_receipt", "proof_of_address", "other"],
        },
        min_age: { senior: 65 },
        requires_current_or_agreement: false,
        validity_days: 730,
        renewal_notice_days: 45,
      },
    });
    expect(typeof put.body.rules.pct).toBe("string");
    await vi.waitFor(() => expect($("program-saved")?.textContent).toContain("Los teléfonos lo recibirán en su siguiente sincronización."));
    expect($("program-form")).toBeNull();
  });

  it("keeps the rules it does not edit (the checklist) and can deactivate a program", async () => {
    await openTab("manager");
    await edit(1);
    expect(input("program-active").checked).toBe(false);
    setBox("program-active", true);
    await save();
    await vi.waitFor(() => expect(writes()).toHaveLength(1));
    expect(writes()[0].body).toEqual({ name: "Programa 2025", approving_act: null, active: true, rules: { ...OLD.rules } });
  });

  it("checks in Spanish before sending: nothing is sent while a field is wrong", async () => {
    await openTab("manager");
    await edit(0);
    type($("program-name"), "   ");
    type($("program-pct"), "0");
    type($("program-cap"), "20.5");
    for (const t of ["senior", "disability", "pensioner", "retiree"]) setBox(`program-type-${t}`, false);
    type($("program-validity"), "60");
    type($("program-renewal"), "60");
    await save();
    expect(writes()).toEqual([]);
    expect(confirmed).toEqual([]);
    expect(fieldError("name")).toBe("Escriba el nombre del programa.");
    expect(fieldError("pct")).toBe("Escriba un porcentaje mayor que 0 y hasta 100, con dos decimales como máximo (por ejemplo 50 o 12.5).");
    expect(fieldError("monthly_m3_cap")).toBe("Escriba un número entero de 1 a 1000 m³, o déjelo vacío (sin tope).");
    expect(fieldError("beneficiary_types")).toBe("Elija al menos un tipo de beneficiario.");
    expect(fieldError("renewal_notice_days")).toBe("El aviso de renovación debe ser menor que la vigencia.");
    expect($("program-errors")?.textContent).toContain("Revise los campos marcados.");
    expect(input("program-pct").getAttribute("aria-invalid")).toBe("true");
    type($("program-pct"), "12.5");
    await new Promise((r) => setTimeout(r, 0));
    expect(fieldError("pct")).toBeNull(); // fixed: its message goes
  });

  it("shows the server's 422 messages by their fields, and the rest with the message", async () => {
    answer = () =>
      json(
        {
          code: 422,
          status: "Unprocessable Entity",
          error_code: "DISCOUNT_PROGRAM_INVALID",
          message: "El programa de descuento tiene datos no válidos; revise los campos marcados.",
          errors: {
            name: ["Escriba el nombre."],
            "rules.pct": ["El porcentaje debe ser mayor que 0 y como máximo 100."],
            "rules.required_documents.senior": ["Documento desconocido: «passport»."],
            "rules.min_age.senior": ["La edad mínima debe ser un número entero de 0 a 120 años."],
            "rules.checklist": ["Máximo 20 puntos de verificación."],
          },
        },
        422,
      );
    await openTab("manager");
    await edit(0);
    await save();
    await vi.waitFor(() => expect($("program-errors")).not.toBeNull());
    expect(fieldError("name")).toBe("Escriba el nombre.");
    expect(fieldError("pct")).toBe("El porcentaje debe ser mayor que 0 y como máximo 100.");
    expect(fieldError("required_documents.senior")).toBe("Documento desconocido: «passport»."); // under the senior's documents
    expect(fieldError("min_age.senior")).toBe("La edad mínima debe ser un número entero de 0 a 120 años.");
    const summary = $("program-errors")?.textContent ?? "";
    expect(summary).toContain("El programa de descuento tiene datos no válidos; revise los campos marcados.");
    expect(summary).toContain("Máximo 20 puntos de verificación."); // no field of its own
    expect($("program-form")).not.toBeNull(); // still open, nothing lost
    expect(input("program-pct").value).toBe("50");
  });

  it("'Nuevo programa' starts from the usual values and is sent with POST", async () => {
    await openTab("manager");
    ($("program-new") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("program-form")).not.toBeNull());
    expect(input("program-service-water").checked).toBe(true);
    expect(input("program-class-domestic").checked).toBe(true);
    expect([input("program-validity").value, input("program-renewal").value]).toEqual(["365", "30"]);
    type($("program-name"), "Jubilados municipales");
    setBox("program-type-retiree", true);
    await vi.waitFor(() => expect($("program-doc-retiree-id")).not.toBeNull());
    setBox("program-doc-retiree-id", true);
    setBox("program-doc-retiree-pension_receipt", true);
    expect($("program-min-age-senior")).toBeNull(); // only for seniors
    type($("program-pct"), "100");
    type($("program-cap"), "30");
    await save();
    await vi.waitFor(() => expect(writes()).toHaveLength(1));
    expect(writes()[0]).toMatchObject({ method: "POST", path: "/api/v1/discounts/programs" });
    expect(writes()[0].body).toEqual({
      name: "Jubilados municipales",
      approving_act: null,
      active: true,
      rules: {
        beneficiary_types: ["retiree"],
        pct: "100",
        services: ["water"],
        monthly_m3_cap: 30,
        property_classes: ["domestic"],
        required_documents: { retiree: ["id", "pension_receipt"] },
        min_age: {},
        requires_current_or_agreement: true,
        validity_days: 365,
        renewal_notice_days: 30,
      },
    });
  });
});

describe("Descuentos → Programas (read only)", () => {
  for (const role of ["clerk", "director"] as Role[]) {
    it(`${role}: sees the programs and their rules, changes nothing`, async () => {
      await openTab(role);
      expect($("program-new")).toBeNull();
      expect($("discount-programs")?.textContent).toContain("Solo la gerencia modifica los programas.");
      expect($$("program-edit").map((b) => b.textContent)).toEqual(["Ver", "Ver"]);
      await edit(0);
      expect($("program-form")?.dataset.readonly).toBe("true");
      expect($("program-save")).toBeNull();
      const fields = [...root.querySelectorAll("[data-testid='program-form'] input")] as HTMLInputElement[];
      expect(fields.length).toBeGreaterThan(20);
      expect(fields.every((f) => f.disabled)).toBe(true);
      (root.querySelector("[data-testid='program-form']") as HTMLFormElement).dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
      await new Promise((r) => setTimeout(r, 0));
      expect(writes()).toEqual([]);
    });
  }
});

describe("program-form (pure)", () => {
  it("takes percentages as decimal strings, never floats", () => {
    expect(["50", "12.5", "12.50 %", "100", "0.01"].map(parseProgramPct)).toEqual(["50", "12.5", "12.50", "100", "0.01"]);
    expect(["0", "0.00", "100.01", "12.345", "-5", "1e2", "", "50,5"].map(parseProgramPct)).toEqual([null, null, null, null, null, null, null, null]);
  });

  it("round-trips the server's program unchanged", () => {
    const out = programFromForm(formFromProgram(OLD));
    expect(out.errors).toEqual({});
    expect(out.body).toEqual({ name: OLD.name, approving_act: null, active: false, rules: OLD.rules });
  });

  it("reads the server's errors: rules.<field> by the field, a schema tree in `other`", () => {
    expect(serverFieldErrors({ errors: { "rules.pct": ["a"], approving_act: ["b"], rules: ["Se esperaba un objeto."] } })).toEqual({ errors: { pct: "a", approving_act: "b" }, other: ["Se esperaba un objeto."] });
    expect(serverFieldErrors({ errors: { rules: { pct: ["c"] } } })).toEqual({ errors: {}, other: ["c"] });
    expect(serverFieldErrors(null)).toEqual({ errors: {}, other: [] });
  });
});
