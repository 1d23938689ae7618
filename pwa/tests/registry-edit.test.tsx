/**
 * Editing the registry from the account page (`#/cuentas/<id>/editar`) against a mocked fetch:
 * "Editar" for clerk and manager only, only the changed fields sent with the required reason, a
 * change of titular as `new_holder` with the holder history shown, the server's 422 errors by
 * field, and the estimated tariff effect when the class changes.
 */
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Role } from "../src/domain/types";
import AccountsScreen from "../src/features/registry/AccountsScreen";
import { formFromAccount, patchFromForm } from "../src/features/registry/edit-form";
import { session } from "../src/state/session";
import { json } from "./helpers/fake-server";

const ID = "a0000000-0000-4000-8000-000000000001";
const BASE = `/api/v1/registry/accounts/${ID}`;
const DETAIL = {
  id: ID,
  account_number: "01-0042-7",
  status: "active",
  property_class: "domestic",
  class_subtype: "popular",
  business_line: null,
  billing_type: "metered",
  services: { water: true, sewer: true, sanitation: false },
  holder: { id: "c1", name: "José Peña Núñez", phone: "6371234567", email: null, rfc: null, curp: null },
  premises: { street: "Calle Obregón", exterior_number: "45", interior_number: null, neighborhood_id: 3, neighborhood: "Lázaro Cárdenas", cadastral_key: "CAT-123", latitude: 30.716, longitude: -112.156 },
  meters: [{ id: "m1", serial: "MX-778819", brand: "Badger", state: "working", installed_on: "2020-01-05", removed_on: null }],
  holder_history: [
    { customer_id: "c1", name: "José Peña Núñez", valid_from: "2024-03-01", valid_to: null, reason: "Compraventa" },
    { customer_id: "c0", name: "Ramón Peña", valid_from: "2010-01-01", valid_to: "2024-03-01", reason: null },
  ],
  class_history: [],
};
const HOODS = [
  { id: 3, name: "Lázaro Cárdenas", postal_code: "83630" },
  { id: 7, name: "Centro", postal_code: "83600" },
];
const DOSSIER = {
  account: { ...DETAIL, tariff_code: null, holder: DETAIL.holder, premises: { address: "Calle Obregón 45", neighborhood: "Lázaro Cárdenas", cadastral_key: "CAT-123", postal_code: "83630", latitude: null, longitude: null } },
  readings: [],
  flags: { social_discount: false, agreement_in_good_standing: false, vulnerable_household: false, public_services: false, large_consumer: false },
  balance: { balance: "0.00", overdue: "0.00", accessories: "0.00", unapplied_credit: "0.00", months_past_due: 0, by_service: {}, by_concept: {}, aging: {} },
  actions: [],
  audit: [],
};
const EFFECT = { current_class: "domestic", new_class: "commercial", months: 6, current_avg_monthly: "125.00", estimated_avg_monthly: "230.00", difference: "105.00", basis: "consumo" };

interface Call {
  method: string;
  path: string;
  search: string;
  body: any;
}
let calls: Call[];
let patchAnswer: () => Response;
let root: HTMLElement;
const $ = (id: string) => root.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;

function login(role: Role): void {
  const s = { access_token: "access-1", refresh_token: "refresh-1", user: { id: `u-${role}`, username: role, full_name: role, roles: [role] } };
  localStorage.setItem("cartera.session", JSON.stringify(s));
  session.value = s;
}

function type(id: string, value: string) {
  const el = $(id) as HTMLInputElement;
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
}
function choose(id: string, value: string) {
  const el = $(id) as HTMLSelectElement;
  el.value = value;
  el.dispatchEvent(new Event("change", { bubbles: true }));
}
/** Submit once the typed values have rendered (as between a person's keystrokes and the click). */
async function submit() {
  await new Promise((r) => setTimeout(r, 0));
  ($("account-edit-form") as HTMLFormElement).dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
}
const patches = () => calls.filter((c) => c.method === "PATCH");

beforeEach(() => {
  calls = [];
  patchAnswer = () => json(DETAIL);
  location.hash = "";
  vi.stubGlobal("fetch", async (input: string, init?: RequestInit) => {
    const url = new URL(input, "http://test.local");
    const method = init?.method ?? "GET";
    calls.push({ method, path: url.pathname, search: url.search, body: init?.body ? JSON.parse(String(init.body)) : null });
    if (method === "PATCH" && url.pathname === BASE) return patchAnswer();
    if (url.pathname === BASE) return json(DETAIL);
    if (url.pathname === "/api/v1/registry/neighborhoods") return json(HOODS);
    if (url.pathname === `${BASE}/class-effect`) return json(EFFECT);
    if (url.pathname === `${BASE}/dossier`) return json(DOSSIER);
    if (url.pathname.startsWith("/api/v1/ledger/")) return json({ account_number: "01-0042-7", holder_name: "José", lines: [] });
    return json({ error_code: "NOT_FOUND", message: "No se encontró." }, 404);
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

async function openEdit(role: Role = "clerk") {
  login(role);
  render(<AccountsScreen accountId={ID} edit />, root);
  await vi.waitFor(() => expect($("account-edit-form")).not.toBeNull());
}

describe("Editar on the account page", () => {
  it.each(["clerk", "manager"] as Role[])("is offered to the %s and links to the edit screen", async (role) => {
    login(role);
    render(<AccountsScreen accountId={ID} />, root);
    await vi.waitFor(() => expect($("account-detail")).not.toBeNull());
    expect($("account-edit")?.getAttribute("href")).toBe(`#/cuentas/${ID}/editar`);
  });

  it("is not offered to the director, and the edit screen refuses her", async () => {
    login("director");
    render(<AccountsScreen accountId={ID} />, root);
    await vi.waitFor(() => expect($("account-registry")).not.toBeNull());
    expect($("account-edit")).toBeNull();
    render(<AccountsScreen accountId={ID} edit />, root);
    await vi.waitFor(() => expect(root.textContent).toContain("solo puede consultar"));
    expect($("account-edit-form")).toBeNull();
  });
});

describe("the edit screen", () => {
  it("sends only the changed fields with the reason, then goes back to the account page", async () => {
    await openEdit();
    expect(root.textContent).toContain("Ramón Peña");
    expect($("edit-meters")?.textContent).toContain("MX-778819");
    choose("edit-account.status", "suspended");
    type("edit-premises.street", "Calle Álvaro Obregón");
    choose("edit-premises.neighborhood_id", "7");
    ($("edit-account.has_sanitation") as HTMLInputElement).click();
    type("edit-reason", "Verificación en campo");
    await submit();
    await vi.waitFor(() => expect(patches()).toHaveLength(1));
    expect(patches()[0].body).toEqual({
      reason: "Verificación en campo",
      account: { status: "suspended", has_sanitation: true },
      premises: { street: "Calle Álvaro Obregón", neighborhood_id: 7 },
    });
    await vi.waitFor(() => expect(location.hash).toBe(`#/cuentas/${ID}`));
  });

  it("requires a reason of at least 5 characters before sending anything", async () => {
    await openEdit();
    choose("edit-account.status", "limited");
    type("edit-reason", "mal");
    await submit();
    await vi.waitFor(() => expect($("edit-reason")?.getAttribute("aria-invalid")).toBe("true"));
    expect(root.textContent).toContain("al menos 5 caracteres");
    expect(patches()).toHaveLength(0);
  });

  it("sends a change of titular as new_holder", async () => {
    await openEdit();
    ($("edit-change-holder") as HTMLInputElement).click();
    await vi.waitFor(() => expect($("edit-new_holder.name")).not.toBeNull());
    type("edit-new_holder.name", "Lucía Robles");
    type("edit-reason", "Compraventa del predio");
    await submit();
    await vi.waitFor(() => expect(patches()).toHaveLength(1));
    expect(patches()[0].body).toEqual({ reason: "Compraventa del predio", new_holder: { name: "Lucía Robles", phone: null, email: null, rfc: null, curp: null } });
  });

  it("shows the server's 422 errors by their field, in Spanish", async () => {
    patchAnswer = () =>
      json({ code: 422, status: "Unprocessable Entity", error_code: "VALIDATION_ERROR", message: "Revise los datos enviados: hay campos con errores.", errors: { holder: { rfc: ["RFC con formato incorrecto."] } } }, 422);
    await openEdit();
    type("edit-holder.rfc", "XXX");
    type("edit-reason", "Corrección de RFC");
    await submit();
    await vi.waitFor(() => expect(root.textContent).toContain("RFC con formato incorrecto."));
    expect($("edit-holder.rfc")?.getAttribute("aria-invalid")).toBe("true");
    expect($("edit-error")?.textContent).toContain("Revise los datos");
    expect(location.hash).toBe("");
  });

  it("shows the estimated tariff effect when the class changes", async () => {
    await openEdit();
    expect($("class-effect")).toBeNull();
    choose("edit-account.property_class", "commercial");
    await vi.waitFor(() => expect($("effect-estimated")).not.toBeNull());
    expect(calls.some((c) => c.path === `${BASE}/class-effect` && c.search === "?property_class=commercial")).toBe(true);
    const box = $("class-effect")!.textContent!;
    expect(box).toContain("Efecto estimado en la tarifa");
    expect(box).toContain("Estimado");
    expect($("effect-current")?.textContent).toMatch(/125\.00/);
    expect($("effect-estimated")?.textContent).toMatch(/230\.00/);
    expect($("effect-difference")?.textContent).toMatch(/\+.*105\.00/);
  });
});

describe("the meter section", () => {
  it("sends only the changed fields of the current meter", async () => {
    await openEdit();
    expect((($("edit-meter.serial") as HTMLInputElement).value)).toBe("MX-778819");
    type("edit-meter.brand", "Elster");
    choose("edit-meter.state", "broken");
    type("edit-reason", "Revisión del medidor en campo");
    await submit();
    await vi.waitFor(() => expect(patches()).toHaveLength(1));
    expect(patches()[0].body).toEqual({ reason: "Revisión del medidor en campo", meter: { brand: "Elster", state: "broken" } });
  });

  it("sends a meter change as new_meter, showing the old meter, and ignores edits to the old one", async () => {
    await openEdit();
    type("edit-meter.brand", "Otra");
    ($("edit-change-meter") as HTMLInputElement).click();
    await vi.waitFor(() => expect($("edit-new_meter.serial")).not.toBeNull());
    expect($("edit-old-meter")?.textContent).toContain("MX-778819");
    expect($("edit-old-meter")?.textContent).toContain("retirado");
    expect($("edit-meter.serial")).toBeNull();
    type("edit-new_meter.serial", "MX-900100");
    type("edit-new_meter.installed_on", "2026-11-20");
    type("edit-reason", "Medidor dañado, se cambia");
    await submit();
    await vi.waitFor(() => expect(patches()).toHaveLength(1));
    expect(patches()[0].body).toEqual({ reason: "Medidor dañado, se cambia", new_meter: { serial: "MX-900100", brand: null, installed_on: "2026-11-20" } });
  });

  it("shows the server's duplicate-serial 422 on the serial field", async () => {
    const msg = "El medidor MX-1 ya está en la cuenta 01-0099-1.";
    patchAnswer = () => json({ code: 422, status: "Unprocessable Entity", error_code: "METER_SERIAL_TAKEN", message: msg, errors: { new_meter: { serial: [msg] } } }, 422);
    await openEdit();
    ($("edit-change-meter") as HTMLInputElement).click();
    await vi.waitFor(() => expect($("edit-new_meter.serial")).not.toBeNull());
    type("edit-new_meter.serial", "MX-1");
    type("edit-reason", "Cambio de medidor");
    await submit();
    await vi.waitFor(() => expect($("edit-new_meter.serial")?.getAttribute("aria-invalid")).toBe("true"));
    expect(root.textContent).toContain(msg);
    expect(location.hash).toBe("");
  });
});

describe("patchFromForm", () => {
  it("checks the meter serial, and installs a first meter on an account without one", () => {
    const initial = formFromAccount(DETAIL);
    const short = patchFromForm(initial, { ...initial, "meter.serial": "ab", "meter.installed_on": "" }, "Corrección", false);
    expect(short.errors).toEqual({ "meter.serial": "Serie del medidor: de 3 a 30 caracteres." });
    const missing = patchFromForm(initial, initial, "Cambio de medidor", false, true);
    expect(missing.errors).toEqual({ "new_meter.serial": "Escriba la serie del medidor nuevo." });
    const cleared = patchFromForm(initial, { ...initial, "meter.installed_on": "", "meter.brand": " " }, "Corrección", false);
    expect(cleared.body).toEqual({ reason: "Corrección", meter: { installed_on: null, brand: null } });
    const bare = formFromAccount({ ...DETAIL, meters: [{ ...DETAIL.meters[0], state: "removed", removed_on: "2024-01-01" }] } as any);
    expect(Object.keys(bare).filter((k) => k.startsWith("meter."))).toEqual([]);
    const first = patchFromForm(bare, { ...bare, "new_meter.serial": "NUEVO-01", "new_meter.brand": "Badger" }, "Instalación", false, true);
    expect(first.body).toEqual({ reason: "Instalación", new_meter: { serial: "NUEVO-01", brand: "Badger", installed_on: null } });
  });


  it("sends emptied optional fields as null, checks coordinates, and refuses no change", () => {
    const initial = formFromAccount(DETAIL);
    const none = patchFromForm(initial, initial, "Sin cambios aquí", false);
    expect(none.body).toBeNull();
    expect(none.errors.form).toBe("No hay cambios que guardar.");
    const bad = patchFromForm(initial, { ...initial, "premises.latitude": "120", "premises.street": " " }, "Corrección", false);
    expect(bad.errors).toEqual({ "premises.latitude": "Latitud entre -90 y 90.", "premises.street": "Campo obligatorio." });
    const ok = patchFromForm(initial, { ...initial, "premises.cadastral_key": "", "premises.longitude": "-112,2" }, "Corrección", false);
    expect(ok.body).toEqual({ reason: "Corrección", premises: { cadastral_key: null, longitude: -112.2 } });
  });
});
