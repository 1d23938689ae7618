/**
 * "Convenios → Política" as a form: the table drawn from the policy in force, the manager's edits
 * sent as the exact rules JSON, the Spanish checks before sending, the server's 422 per-field
 * errors next to the fields, and the read-only view for the clerk and the director.
 */
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Role } from "../src/domain/types";
import OfficeAgreementsScreen from "../src/features/agreements/OfficeAgreementsScreen";
import { PolicyPanel } from "../src/features/agreements/PolicyPanel";
import { formFromRules, parseAmount, parsePct, policyFromForm, serverFieldErrors, type PolicyRules } from "../src/features/agreements/policy-form";
import { es } from "../src/i18n/es";
import { navigate } from "../src/state/router";
import { session } from "../src/state/session";
import { json } from "./helpers/fake-server";

const P = es.agreements.office.policy;

const RULES: PolicyRules = {
  classes: {
    commercial: { down_payment_min_pct: "30", max_installments: 6, grace_days: 5 },
    domestic: { down_payment_min_pct: "20", max_installments: 12, grace_days: 10 },
    default: { down_payment_min_pct: "25", max_installments: 6, grace_days: 10 },
  },
  waivable_concepts: ["surcharge", "fine"],
  waiver_limits: { notifier: "promotion_only", clerk: "2000.00", manager: null },
  reinstate_waived_on_breach: true,
};
const POLICY = { version: 3, rules: RULES, note: "Ajuste de noviembre", created_at: "2026-11-28T16:05:00Z" };

interface Call {
  method: string;
  path: string;
  body: any;
}

let root: HTMLElement;
let calls: Call[];
let current: typeof POLICY;
let putAnswer: ((c: Call) => Response) | null;
const $ = (id: string) => root.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;
const $$ = (id: string) => [...root.querySelectorAll(`[data-testid="${id}"]`)] as HTMLElement[];
const tick = () => new Promise((r) => setTimeout(r, 0));
const row = (cls: string) => root.querySelector(`[data-testid="policy-class-row"][data-class="${cls}"]`) as HTMLElement | null;
const cell = (cls: string, id: string) => row(cls)?.querySelector(`[data-testid="${id}"]`) as HTMLInputElement | null;
const fieldError = (field: string) => root.querySelector(`[data-testid="policy-field-error"][data-field="${field}"]`)?.textContent ?? null;

function type(el: HTMLElement | null, value: string): void {
  const input = el as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

function choose(el: HTMLElement | null, value: string): void {
  const select = el as HTMLSelectElement;
  select.value = value;
  select.dispatchEvent(new Event("change", { bubbles: true }));
}

function login(role: Role): void {
  const s = { access_token: "access-1", refresh_token: "refresh-1", user: { id: `u-${role}`, username: role, full_name: role, roles: [role] } };
  localStorage.setItem("cartera.session", JSON.stringify(s));
  session.value = s;
}

async function open(manager: boolean): Promise<void> {
  render(<PolicyPanel manager={manager} />, root);
  await vi.waitFor(() => expect($("agreement-policy")).not.toBeNull());
}

beforeEach(() => {
  root = document.createElement("div");
  document.body.appendChild(root);
  calls = [];
  current = POLICY;
  putAnswer = null;
  vi.stubGlobal("fetch", async (input: string, init?: RequestInit) => {
    const url = new URL(input, "http://test.local");
    const c: Call = { method: init?.method ?? "GET", path: url.pathname, body: typeof init?.body === "string" ? JSON.parse(init.body) : null };
    calls.push(c);
    if (c.path === "/api/v1/agreements/policy" && c.method === "GET") return json(current);
    if (c.path === "/api/v1/agreements/policy" && c.method === "PUT") {
      if (putAnswer) return putAnswer(c);
      current = { version: current.version + 1, rules: c.body.rules, note: c.body.note, created_at: "2026-12-02T17:30:00Z" };
      return json(current, 201);
    }
    if (c.path === "/api/v1/agreements/summary") return json({ as_of: "2026-11-28", by_status: {}, compliance_rate: null, recovered: "0.00", upcoming: [] });
    if (c.path === "/api/v1/agreements") return json({ items: [], total: 0, page: 1, page_size: 25, pages: 1 });
    return json({ code: 404, error_code: "NOT_FOUND", message: "No se encontró." }, 404);
  });
  login("manager");
});

afterEach(() => {
  render(null, root);
  vi.unstubAllGlobals();
  localStorage.clear();
  session.value = null;
  document.body.innerHTML = "";
});

const puts = () => calls.filter((c) => c.method === "PUT");

describe("Convenios → Política (manager)", () => {
  it("draws the policy in force: version and date, one row per class (default last), concepts, limits per role, reinstatement", async () => {
    await open(true);
    expect($("agreement-policy")?.dataset.version).toBe("3");
    expect($("agreement-policy")?.textContent).toContain("Política vigente (versión 3)");
    expect($("policy-since")?.textContent).toBe("Vigente desde el 28/11/2026 a las 09:05.");
    expect($("agreement-policy")?.textContent).toContain("Ajuste de noviembre");
    expect($$("policy-class-row").map((r) => r.dataset.class)).toEqual(["domestic", "commercial", "default"]);
    expect($$("policy-class-row").map((r) => r.querySelector("th")?.textContent)).toEqual(["Doméstica", "Comercial", "Las demás (predeterminada)"]);
    expect([cell("domestic", "policy-down-pct")?.value, cell("domestic", "policy-max-installments")?.value, cell("domestic", "policy-grace-days")?.value]).toEqual(["20", "12", "10"]);
    expect([cell("default", "policy-down-pct")?.value, cell("default", "policy-max-installments")?.value, cell("default", "policy-grace-days")?.value]).toEqual(["25", "6", "10"]);
    // Every input is named by its row and column.
    const pct = cell("commercial", "policy-down-pct")!;
    const labelOf = (el: HTMLElement) => el.getAttribute("aria-labelledby")!.split(" ").map((id) => document.getElementById(id)?.textContent).join(" ");
    expect(labelOf(pct)).toBe("Comercial Enganche mínimo (%)");
    // "default" cannot be removed; the others can.
    expect(row("default")?.querySelector('[data-testid="policy-class-remove"]')).toBeNull();
    expect(row("commercial")?.querySelector('[data-testid="policy-class-remove"]')?.getAttribute("aria-label")).toBe("Quitar la clase Comercial");
    expect(($("policy-waivable-surcharge") as HTMLInputElement).checked).toBe(true);
    expect(($("policy-waivable-fine") as HTMLInputElement).checked).toBe(true);
    expect(($("policy-waivable-enforcement_costs") as HTMLInputElement).checked).toBe(false);
    const modes = Object.fromEntries(["notifier", "cutter", "social_worker", "clerk", "manager"].map((r) => [r, ($(`policy-limit-${r}`) as HTMLSelectElement).value]));
    expect(modes).toEqual({ notifier: "promotion", cutter: "none", social_worker: "none", clerk: "amount", manager: "unlimited" });
    expect(($("policy-limit-clerk") as HTMLSelectElement).selectedOptions[0].textContent).toBe("Hasta un importe");
    expect(($("policy-limit-amount-clerk") as HTMLInputElement).value).toBe("2000.00");
    expect($("policy-limit-amount-notifier")).toBeNull();
    expect(($("policy-reinstate") as HTMLInputElement).checked).toBe(true);
    expect(root.querySelector("label[for='pol-reinstate']")?.textContent).toBe("Reinstalar lo condonado si se incumple");
    expect(root.querySelector("label[for='agreement-policy-note']")?.textContent).toBe("Motivo del cambio");
    expect($("agreement-policy-save")?.textContent).toBe("Guardar nueva versión");
    expect($("agreement-policy-json")).toBeNull();
  });

  it("edits the table and sends the rules JSON with PUT; the new version is shown", async () => {
    await open(true);
    type(cell("domestic", "policy-down-pct"), "25 %");
    (row("commercial")!.querySelector('[data-testid="policy-class-remove"]') as HTMLButtonElement).click();
    await tick();
    expect(row("commercial")).toBeNull();
    // A new class starts as a copy of "Las demás"; it takes its place in the table's order.
    choose($("policy-class-add-select"), "industrial");
    await tick();
    ($("policy-class-add") as HTMLButtonElement).click();
    await tick();
    expect($$("policy-class-row").map((r) => r.dataset.class)).toEqual(["domestic", "industrial", "default"]);
    expect(cell("industrial", "policy-down-pct")?.value).toBe("25");
    type(cell("industrial", "policy-max-installments"), "18");
    ($("policy-waivable-enforcement_costs") as HTMLInputElement).click();
    ($("policy-waivable-fine") as HTMLInputElement).click();
    type($("policy-limit-amount-clerk"), "$2,500");
    choose($("policy-limit-cutter"), "amount");
    await tick();
    type($("policy-limit-amount-cutter"), "300");
    choose($("policy-limit-notifier"), "none");
    choose($("policy-limit-social_worker"), "promotion");
    ($("policy-reinstate") as HTMLInputElement).click();
    type($("agreement-policy-note"), "  Acuerdo de cabildo 12/2026  ");
    await tick();
    expect($("agreement-policy")?.dataset.dirty).toBe("true");
    ($("agreement-policy-save") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("agreement-policy")?.dataset.version).toBe("4"));

    expect(puts()).toHaveLength(1);
    expect(puts()[0].path).toBe("/api/v1/agreements/policy");
    expect(puts()[0].body).toEqual({
      rules: {
        classes: {
          domestic: { down_payment_min_pct: "25", max_installments: 12, grace_days: 10 },
          industrial: { down_payment_min_pct: "25", max_installments: 18, grace_days: 10 },
          default: { down_payment_min_pct: "25", max_installments: 6, grace_days: 10 },
        },
        waivable_concepts: ["surcharge", "enforcement_costs"],
        waiver_limits: { cutter: "300.00", social_worker: "promotion_only", clerk: "2500.00", manager: null },
        reinstate_waived_on_breach: false,
      },
      note: "Acuerdo de cabildo 12/2026",
    });
    expect($("agreement-policy-message")?.textContent).toContain("Política guardada: versión 4.");
    // The form now shows version 4, with an empty reason for the next change.
    expect($("policy-since")?.textContent).toBe("Vigente desde el 02/12/2026 a las 10:30.");
    expect(($("agreement-policy-note") as HTMLInputElement).value).toBe("");
    expect(($("policy-limit-notifier") as HTMLSelectElement).value).toBe("none");
    expect($("agreement-policy")?.dataset.dirty).toBe("false");
  });

  it("checks ranges, amounts and the reason in Spanish before sending; fixing a field clears its error", async () => {
    await open(true);
    type(cell("domestic", "policy-down-pct"), "120");
    type(cell("domestic", "policy-max-installments"), "61");
    type(cell("default", "policy-grace-days"), "diez");
    type(cell("commercial", "policy-max-installments"), "6.5");
    type($("policy-limit-amount-clerk"), "dos mil");
    await tick();
    ($("agreement-policy-save") as HTMLButtonElement).click();
    await tick();
    expect(puts()).toHaveLength(0);
    expect($("agreement-policy-message")?.textContent).toBe(P.fix);
    expect(fieldError("class.domestic.down_payment_min_pct")).toBe("Anote un porcentaje de 0 a 100 (p. ej. 20 o 12.5).");
    expect(fieldError("class.domestic.max_installments")).toBe("Anote un número entero de 0 a 60.");
    expect(fieldError("class.commercial.max_installments")).toBe("Anote un número entero de 0 a 60.");
    expect(fieldError("class.default.grace_days")).toBe("Anote un número entero de 0 a 90.");
    expect(fieldError("limit.clerk")).toBe("Anote un importe en pesos, p. ej. 2000.00.");
    expect(fieldError("note")).toBe("Anote el motivo del cambio (de 3 a 300 caracteres).");
    // The error sits in the field's own cell and the field points at it.
    const pct = cell("domestic", "policy-down-pct")!;
    expect(pct.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(pct.getAttribute("aria-describedby")!)?.textContent).toContain("porcentaje de 0 a 100");
    expect(pct.closest("td")?.querySelector(".field-error")).not.toBeNull();

    type(pct, "100");
    await tick();
    expect(fieldError("class.domestic.down_payment_min_pct")).toBeNull();
    expect(pct.getAttribute("aria-invalid")).toBeNull();
    expect(fieldError("class.domestic.max_installments")).not.toBeNull();

    // "Descartar cambios" brings back the version in force.
    ($("policy-discard") as HTMLButtonElement).click();
    await tick();
    expect(cell("domestic", "policy-down-pct")?.value).toBe("20");
    expect($$("policy-field-error")).toHaveLength(0);
    expect(puts()).toHaveLength(0);
  });

  it("shows the server's 422 message and its per-field errors next to the fields", async () => {
    putAnswer = () =>
      json(
        {
          code: 422,
          status: "Unprocessable Entity",
          error_code: "VALIDATION_ERROR",
          message: "Los datos enviados no son válidos.",
          errors: {
            rules: {
              classes: { commercial: { value: { grace_days: ["Debe estar entre 0 y 90."] } }, vacant_lot: { key: ["Clase desconocida."] } },
              waiver_limits: ["clerk: use un importe, «promotion_only» o nulo."],
              waivable_concepts: { "0": ["Concepto no válido."] },
            },
            note: ["La longitud debe estar entre 3 y 300."],
          },
        },
        422,
      );
    await open(true);
    type($("agreement-policy-note"), "Cambio de prueba");
    await tick();
    ($("agreement-policy-save") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("agreement-policy-message")?.textContent).toContain("Los datos enviados no son válidos."));
    expect(puts()).toHaveLength(1);
    expect($("agreement-policy")?.dataset.version).toBe("3");
    expect(fieldError("class.commercial.grace_days")).toBe("Debe estar entre 0 y 90.");
    expect(cell("commercial", "policy-grace-days")?.getAttribute("aria-invalid")).toBe("true");
    expect(cell("commercial", "policy-grace-days")?.closest("td")?.textContent).toContain("Debe estar entre 0 y 90.");
    expect(fieldError("limit.clerk")).toBe("use un importe, «promotion_only» o nulo.");
    expect($("policy-limit-amount-clerk")?.getAttribute("aria-invalid")).toBe("true");
    expect(fieldError("waivable")).toBe("Concepto no válido.");
    expect(fieldError("note")).toBe("La longitud debe estar entre 3 y 300.");
    // A class the table does not show: with the message.
    expect($("agreement-policy-message")?.textContent).toContain("Lote baldío: Clase desconocida.");
    expect($("agreement-policy-message")?.getAttribute("role")).toBe("alert");
  });
});

describe("Convenios → Política (read-only)", () => {
  it("the clerk sees the same table as text: no inputs, no reason, no 'Guardar nueva versión'", async () => {
    login("clerk");
    await open(false);
    expect($("agreement-policy")?.dataset.version).toBe("3");
    expect($("policy-since")?.textContent).toBe("Vigente desde el 28/11/2026 a las 09:05.");
    expect(root.querySelectorAll("[data-testid='agreement-policy'] input, [data-testid='agreement-policy'] select, [data-testid='agreement-policy'] button")).toHaveLength(0);
    expect($("agreement-policy-save")).toBeNull();
    expect($("agreement-policy-note")).toBeNull();
    expect($$("policy-class-row").map((r) => r.dataset.class)).toEqual(["domestic", "commercial", "default"]);
    expect(cell("commercial", "policy-down-pct")?.textContent).toBe("30 %");
    expect(cell("commercial", "policy-max-installments")?.textContent).toBe("6");
    expect(cell("commercial", "policy-grace-days")?.textContent).toBe("5");
    expect($("policy-waivable-fine")?.dataset.checked).toBe("true");
    expect($("policy-waivable-enforcement_costs")?.dataset.checked).toBe("false");
    expect($("policy-limit-clerk")?.textContent).toBe("Hasta $2,000.00");
    expect($("policy-limit-manager")?.textContent).toBe("Sin límite");
    expect($("policy-limit-notifier")?.textContent).toBe("Solo promociones");
    expect($("policy-limit-cutter")?.textContent).toBe("No puede condonar");
    expect($("policy-reinstate")?.textContent).toBe("Sí: lo condonado se vuelve a cobrar.");
    expect($("agreement-policy")?.textContent).toContain(P.readOnly);
  });

  it("the director reaches it from the office screen's tab, read-only too", async () => {
    login("director");
    navigate("/convenios?tab=politica");
    render(<OfficeAgreementsScreen />, root);
    await vi.waitFor(() => expect($$("policy-class-row")).toHaveLength(3));
    expect($("agreement-policy-save")).toBeNull();
    expect(root.querySelector("[data-testid='agreement-policy'] input")).toBeNull();
  });

  it("the manager gets the form from the same tab", async () => {
    navigate("/convenios?tab=politica");
    render(<OfficeAgreementsScreen />, root);
    await vi.waitFor(() => expect($("agreement-policy-save")).not.toBeNull());
    expect(cell("default", "policy-down-pct")?.tagName).toBe("INPUT");
  });
});

describe("policy-form (pure)", () => {
  it("reads percentages, whole numbers and amounts as typed in a spreadsheet", () => {
    expect(["20", "12.5", "20 %", "0", "100", "100.01", "-1", "12,5", ""].map(parsePct)).toEqual(["20", "12.5", "20", "0", "100", null, null, null, null]);
    expect(["2000", "$2,000.5", "2000.00", " 0 ", "007", "2,00", "1.234", "abc"].map(parseAmount)).toEqual(["2000.00", "2000.50", "2000.00", "0.00", "7.00", null, null, null]);
  });

  it("round-trips the rules; a policy without 'default' gets an empty row that must be filled", () => {
    const f = { ...formFromRules(RULES), note: "Sin cambios" };
    expect(policyFromForm(f)).toEqual({ body: { rules: { ...RULES, classes: { domestic: RULES.classes.domestic, commercial: RULES.classes.commercial, default: RULES.classes.default } }, note: "Sin cambios" }, errors: {} });
    const noDefault = formFromRules({ ...RULES, classes: { domestic: RULES.classes.domestic } });
    expect(noDefault.classes.map((r) => r.key)).toEqual(["domestic", "default"]);
    expect(Object.keys(policyFromForm({ ...noDefault, note: "abc" }).errors)).toEqual(["class.default.down_payment_min_pct", "class.default.max_installments", "class.default.grace_days"]);
    expect(policyFromForm({ ...noDefault, classes: noDefault.classes.filter((r) => r.key !== "default"), note: "abc" }).errors).toEqual({ classes: P.errDefault });
  });

  it("places the server's errors (also under a 'json' location) and keeps the rest aside", () => {
    const out = serverFieldErrors({ errors: { json: { rules: { classes: ["Falta la clase «default» (la que aplica a las demás)."], reinstate_waived_on_breach: ["No es un booleano."], waiver_limits: { boss: { key: ["Rol desconocido."] } } }, extra: ["Campo desconocido."] } } }, ["domestic", "default"]);
    expect(out.errors).toEqual({ classes: "Falta la clase «default» (la que aplica a las demás).", reinstate: "No es un booleano.", limits: "Rol desconocido." });
    expect(out.other).toEqual(["Campo desconocido."]);
    expect(serverFieldErrors(null, [])).toEqual({ errors: {}, other: [] });
  });
});
