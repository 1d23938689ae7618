/**
 * "Equipo" against a mocked fetch: the day per field worker (assigned / done / pending, last sync
 * as "hace X min"), the drill to her stops, reassigning picked pending stops with a reason to a
 * worker with the right role; "Personal": create (server's Spanish error under the field),
 * deactivate, a temporary password shown once, and "Revocar y borrar" on a device. The director reads.
 */
import { render } from "preact";
import { describe, expect, it, vi } from "vitest";
import TeamScreen from "../src/features/team/TeamScreen";
import { candidates } from "../src/features/team/TodayTab";
import type { TeamStop, TeamWorker } from "../src/features/team/api";
import { json } from "./helpers/fake-server";
import { type } from "./helpers/dom-input";
import { type Call, loginAs, officeHarness } from "./helpers/office";

const minutesAgo = (m: number) => new Date(Date.now() - m * 60000).toISOString();
const W = (id: string, name: string, roles: string[], over: Partial<TeamWorker> = {}): TeamWorker => ({
  worker_id: id, full_name: name, username: name.toLowerCase(), active: true, roles: roles as TeamWorker["roles"], routes: 1,
  assigned: 0, done: 0, pending: 0, cancelled: 0, last_done_at: null, last_sync_at: null, last_seen_at: null, ...over,
});
const ROSA = W("w-rosa", "Rosa", ["notifier"], { assigned: 3, done: 1, pending: 2, last_sync_at: minutesAgo(12) });
const BETO = W("w-beto", "Beto", ["notifier"], { assigned: 1, pending: 1 });
const CARLOS = W("w-carlos", "Carlos", ["cutter"]);
const S = (n: number, status: TeamStop["status"]): TeamStop => ({
  id: `s${n}`, route_id: "r1", route_name: "CAM-1 R01", position: n, kind: "notice", status, folio: `N-${n}`,
  account_number: `01-000${n}`, holder_name: `Titular ${n}`, address: `Calle ${n}`, neighborhood: "Centro", done_at: status === "done" ? minutesAgo(30) : null,
});
const STAFF = [
  { id: "u1", username: "jefa", full_name: "Jefa", roles: ["manager"], active: true, credential_number: null, last_login_at: minutesAgo(5), last_sync_at: null, devices: 0, created_at: minutesAgo(9999) },
  { id: "w-rosa", username: "rosa", full_name: "Rosa", roles: ["notifier"], active: true, credential_number: "N-1", last_login_at: minutesAgo(60), last_sync_at: minutesAgo(12), devices: 1, created_at: minutesAgo(9999) },
];
const DEVICE = { id: "c1", user_id: "w-rosa", app_version: "1.0", user_agent: "Android", created_at: minutesAgo(999), last_seen_at: minutesAgo(12), last_pull_at: minutesAgo(12), revoked_at: null, wipe_requested_at: null, wipe_delivered_at: null, wipe_reason: null, state: "active" };

function answer(c: Call): Response {
  if (c.path === "/api/v1/fieldwork/team") return json({ date: c.search.get("date"), items: [ROSA, BETO, CARLOS], totals: { assigned: 4, done: 1, pending: 3, cancelled: 0 } });
  if (c.path === "/api/v1/fieldwork/team/w-rosa") return json({ worker_id: "w-rosa", full_name: "Rosa", work_date: "2026-12-07", routes: [], stops: [S(1, "done"), S(2, "pending"), S(3, "pending")] });
  if (c.path === "/api/v1/fieldwork/stops/reassign") return json({ moved: c.body.stop_ids.length, stops: [] });
  if (c.path === "/api/v1/auth/staff") return json({ items: STAFF });
  if (c.path === "/api/v1/auth/users" && c.method === "POST") {
    if (c.body.password === "abcdefghij") return json({ code: 422, status: "Unprocessable Entity", error_code: "PASSWORD_NEEDS_LETTER_AND_DIGIT", message: "La contraseña debe combinar letras y números.", errors: { password: ["La contraseña debe combinar letras y números."] } }, 422);
    return json({ ...STAFF[1], id: "u9", username: c.body.username }, 201);
  }
  if (c.path.endsWith("/deactivate")) return json({ ...STAFF[1], active: false });
  if (c.path.endsWith("/password")) return json({ user: STAFF[1], temporary_password: "Xk7mQp2rT9aZ" });
  if (c.path === "/api/v1/auth/users/w-rosa/devices") return json({ items: [DEVICE] });
  if (c.path === "/api/v1/auth/devices/c1/revoke") return json({ ...DEVICE, state: "wipe_pending" });
  return json({ code: 404, error_code: "NOT_FOUND", message: "No se encontró." }, 404);
}

const office = officeHarness(answer);
const { $, $$ } = office;
const rowOf = (id: string) => office.root.querySelector(`[data-testid="team-row"][data-id="${id}"]`) as HTMLElement;

describe("Equipo · Hoy", () => {
  it("shows each worker's day with 'hace X min' and the totals", async () => {
    loginAs("director");
    render(<TeamScreen />, office.root);
    await vi.waitFor(() => expect($$("team-row")).toHaveLength(3));
    const rosa = rowOf("w-rosa");
    expect(rosa.querySelector('[data-testid="team-assigned"]')?.textContent).toBe("3");
    expect(rosa.querySelector('[data-testid="team-pending"]')?.textContent).toBe("2");
    expect(rosa.querySelector('[data-testid="team-last-sync"]')?.textContent).toBe("hace 12 min");
    expect(rowOf("w-beto").querySelector('[data-testid="team-last-sync"]')?.textContent).toBe("nunca");
    // The director reads: the drill has no pick boxes.
    (rosa.querySelector('[data-testid="team-drill"]') as HTMLButtonElement).click();
    await vi.waitFor(() => expect($$("team-stop")).toHaveLength(3));
    expect($$("team-stop-pick")).toHaveLength(0);
    expect($("team-reassign-open")).toBeNull();
  });

  it("the clerk picks pending stops and reassigns them with a reason to a notifier", async () => {
    loginAs("clerk");
    render(<TeamScreen />, office.root);
    await vi.waitFor(() => expect($$("team-row")).toHaveLength(3));
    (rowOf("w-rosa").querySelector('[data-testid="team-drill"]') as HTMLButtonElement).click();
    await vi.waitFor(() => expect($$("team-stop-pick")).toHaveLength(2)); // the done stop cannot be picked
    $$("team-stop-pick")[0].click();
    $$("team-stop-pick")[1].click();
    await vi.waitFor(() => expect($("team-reassign-open")?.textContent).toContain("Reasignar 2 parada(s)"));
    $("team-reassign-open")!.click();
    await vi.waitFor(() => expect($("team-reassign-dialog")).not.toBeNull());
    const options = [...($("team-reassign-to") as HTMLSelectElement).options].map((o) => o.value);
    expect(options).toEqual(["w-beto"]); // not Rosa herself, not the cutter
    expect(($("team-reassign-confirm") as HTMLButtonElement).disabled).toBe(true);
    type($("team-reassign-reason"), "Rosa salió enferma");
    await vi.waitFor(() => expect(($("team-reassign-confirm") as HTMLButtonElement).disabled).toBe(false));
    $("team-reassign-confirm")!.click();
    await vi.waitFor(() => expect($("team-note")?.textContent).toContain("2 parada(s) reasignada(s) a Beto"));
    expect(office.posts("/stops/reassign")[0].body).toEqual({ stop_ids: ["s2", "s3"], worker_id: "w-beto", reason: "Rosa salió enferma" });
  });

  it("only workers holding the role each stop kind needs are offered", () => {
    const order = { ...S(4, "pending"), kind: "order" };
    expect(candidates([ROSA, BETO, CARLOS], "w-rosa", [order]).map((w) => w.worker_id)).toEqual(["w-carlos"]);
    expect(candidates([ROSA, { ...BETO, active: false }], "w-rosa", [S(2, "pending")])).toEqual([]);
  });
});

describe("Equipo · Personal", () => {
  it("the manager creates a user; the server's Spanish error shows under the password", async () => {
    loginAs("manager");
    render(<TeamScreen tab="personal" />, office.root);
    await vi.waitFor(() => expect($$("staff-row")).toHaveLength(2));
    type($("staff-username"), "luis");
    type($("staff-name"), "Luis Pérez");
    type($("staff-password"), "abcdefghij");
    $("staff-role-cutter")!.click();
    await vi.waitFor(() => expect(($("staff-create") as HTMLButtonElement).disabled).toBe(false));
    $("staff-create")!.click();
    await vi.waitFor(() => expect($("staff-new")?.textContent).toContain("La contraseña debe combinar letras y números."));
    type($("staff-password"), "Cortes-2026");
    await new Promise((r) => setTimeout(r, 20)); // let the form re-render with the new value
    $("staff-create")!.click();
    await vi.waitFor(() => expect($("staff-note")?.textContent).toContain("Usuario luis creado."));
    expect(office.posts("/auth/users").at(-1)?.body).toEqual({ username: "luis", full_name: "Luis Pérez", password: "Cortes-2026", roles: ["cutter"], credential_number: null });
  });

  it("deactivates, shows a temporary password once, and revokes a lost device", async () => {
    loginAs("manager");
    render(<TeamScreen tab="personal" />, office.root);
    await vi.waitFor(() => expect($$("staff-row")).toHaveLength(2));
    const rosa = office.root.querySelector('[data-testid="staff-row"][data-id="w-rosa"]') as HTMLElement;
    (rosa.querySelector('[data-testid="staff-deactivate"]') as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("staff-note")?.textContent).toContain("Rosa fue desactivado"));
    (rosa.querySelector('[data-testid="staff-reset"]') as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("staff-note")?.textContent).toContain("Xk7mQp2rT9aZ"));
    (rosa.querySelector('[data-testid="staff-devices-open"]') as HTMLButtonElement).click();
    await vi.waitFor(() => expect($$("staff-device")).toHaveLength(1));
    $("staff-device-revoke")!.click();
    await vi.waitFor(() => expect($("staff-device-reason")).not.toBeNull());
    type($("staff-device-reason"), "Teléfono extraviado");
    await vi.waitFor(() => expect(($("staff-device-confirm") as HTMLButtonElement).disabled).toBe(false));
    $("staff-device-confirm")!.click();
    await vi.waitFor(() => expect($("staff-note")?.textContent).toContain("sus datos se borrarán"));
    expect(office.posts("/devices/c1/revoke")[0].body).toEqual({ reason: "Teléfono extraviado", end_sessions: true });
  });

  it("the director sees the list without buttons to change it", async () => {
    loginAs("director");
    render(<TeamScreen tab="personal" />, office.root);
    await vi.waitFor(() => expect($$("staff-row")).toHaveLength(2));
    expect($$("staff-deactivate")).toHaveLength(0);
    expect($$("staff-reset")).toHaveLength(0);
    expect($("staff-new")).toBeNull();
    expect(office.root.textContent).toContain("Solo lectura");
  });
});
