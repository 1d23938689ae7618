/**
 * The agreement screens: the notifier's builder at a stop with no signal (the device's rows,
 * the policy's Spanish errors, no waiver control, signing into the outbox, the verification
 * code, then "En revisión" after sync), the clerk's waivers, the counter posting the same args,
 * and the office's figures, list, code verification, detail with PDF and review.
 *
 * The signature pads and their PNGs are faked (happy-dom draws nothing); the rest is real.
 */
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { formatCents, monthEnd, termsHash, verificationCode } from "../src/domain/agreement-rules";
import { debtLines, offeredPromotions, policyFromRow, SIGNED_FIELDS } from "../src/domain/agreement-terms";
import { localDate } from "../src/domain/time";
import type { AgreementSignArgsV1, Role, User } from "../src/domain/types";
import AgreementDetailScreen from "../src/features/agreements/AgreementDetailScreen";
import AgreementScreen from "../src/features/agreements/AgreementScreen";
import { AgreementBuilder } from "../src/features/agreements/Builder";
import OfficeAgreementsScreen from "../src/features/agreements/OfficeAgreementsScreen";
import { RouteScreen } from "../src/features/route/RouteScreen";
import { listBlobs } from "../src/storage/blobs";
import { listOutbox } from "../src/storage/outbox";
import { fieldDb, startField, stopField, syncNow, view } from "../src/state/field";
import { navigate, route } from "../src/state/router";
import { session } from "../src/state/session";
import { AGR, accountRow, OTHER_PROMOTION_ROW, POLICY_ROW, PROMOTION_ROW } from "./helpers/agreement-fixtures";
import { FakeServer, json } from "./helpers/fake-server";
import { signedOf, type } from "./helpers/dom-input";
import { sig } from "./helpers/fake-signature";

vi.mock("../src/features/visit/SignatureField", () => import("./helpers/fake-signature"));
vi.mock("../src/features/visit/photo", () => import("./helpers/fake-signature"));

const STOP = "20000000-0000-4000-8000-0000000000c1";
const NOTICE = "30000000-0000-4000-8000-0000000000c1";
const ROUTE = "10000000-0000-4000-8000-0000000000c1";

let root: HTMLElement;
const $ = (id: string) => root.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;
const $$ = (id: string) => [...root.querySelectorAll(`[data-testid="${id}"]`)] as HTMLElement[];
const tick = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  sig.empty = false;
  root = document.createElement("div");
  document.body.appendChild(root);
});

afterEach(() => {
  render(null, root);
  stopField();
  vi.unstubAllGlobals();
  localStorage.clear();
  session.value = null;
  document.body.innerHTML = "";
});

describe("field: 'Hacer convenio' at a stop, offline", () => {
  let server: FakeServer;

  async function startNotifier(opts: { policy?: boolean } = {}): Promise<void> {
    server = new FakeServer();
    const day = localDate();
    server.putRow("route", ROUTE, { id: ROUTE, name: "Ruta 1", work_date: day, status: "planned", zone: "Centro", campaign_id: null });
    server.putRow("account", AGR.account, accountRow());
    server.putRow("notice", NOTICE, { id: NOTICE, folio: "AV-2026-9", kind: "formal", status: "assigned", account_id: AGR.account, debt_amount: "3450.00", months_past_due: 5, oldest_period: "2026-06-01", issued_on: day });
    server.putRow("stop", STOP, { id: STOP, route_id: ROUTE, position: 1, kind: "notice", status: "pending", notice_id: NOTICE, account_id: AGR.account, cancel_reason: null });
    if (opts.policy !== false) server.putRow("agreement_policy", "1", POLICY_ROW);
    server.putRow("promotion", PROMOTION_ROW.id, PROMOTION_ROW);
    server.putRow("promotion", OTHER_PROMOTION_ROW.id, OTHER_PROMOTION_ROW);
    vi.stubGlobal("fetch", server.fetch);
    const user: User = { id: `n-${Math.random().toString(36).slice(2)}`, username: "notificador1", full_name: "Notificadora Uno", roles: ["notifier"] };
    const s = { access_token: "access-1", refresh_token: "refresh-1", user };
    localStorage.setItem("cartera.session", JSON.stringify(s));
    session.value = s;
    await startField(user.id);
    await vi.waitFor(() => expect(view.value?.accounts.has(AGR.account)).toBe(true));
    if (opts.policy !== false) await vi.waitFor(() => expect(view.value?.policy?.version).toBe(1));
  }

  it("the stop card links to the builder; quote, promotions, schedule; the policy's error disables 'Firmar'; no waivers for a notifier; signing writes the outbox and shows the code; sync shows 'En revisión'", async () => {
    await startNotifier();
    render(<RouteScreen />, root);
    const link = $("make-agreement") as HTMLAnchorElement;
    expect(link.textContent).toBe("Hacer convenio");
    expect(link.getAttribute("href")).toBe(`#/convenio/${AGR.account}?stop=${STOP}&from=%2Fruta`);
    render(null, root);

    vi.stubGlobal("fetch", async () => {
      throw new TypeError("offline"); // no signal from here on: everything comes from the device
    });
    navigate(`/convenio/${AGR.account}?stop=${STOP}&from=%2Fruta`);
    render(<AgreementScreen accountId={AGR.account} />, root);
    await vi.waitFor(() => expect($("agreement-total")).not.toBeNull());
    expect($("agreement-screen")?.dataset.mode).toBe("builder");
    expect($("agreement-total")?.dataset.value).toBe("3275.00");
    expect($("agreement-total")?.textContent).toBe("$3,275.00");
    expect($("agreement-valid-until")?.dataset.value).toBe(monthEnd(localDate()));
    expect($$("agreement-promotion").map((p) => p.textContent)).toEqual(["Buen Fin (50%) · vigente hasta el 31/12/2099"]);
    expect($$("agreement-quote-service").map((s) => s.dataset.service)).toEqual(["sewer", "water"]);
    expect(($("agreement-down-payment") as HTMLInputElement).value).toBe("655.00");
    expect(($("agreement-installments") as HTMLInputElement).value).toBe("12");
    expect($$("agreement-part")).toHaveLength(13);
    expect($("agreement-waivers")).toBeNull();
    expect($("agreement-waiver-add")).toBeNull();
    expect(($("agreement-customer-name") as HTMLInputElement).value).toBe("Pérez López Juana");
    expect($("agreement-customer-signature")).not.toBeNull();
    expect($("agreement-staff-signature")).not.toBeNull();
    expect($("agreement-legal")?.textContent).toContain("10 días naturales");
    expect(($("agreement-sign") as HTMLButtonElement).disabled).toBe(false);

    type($("agreement-down-payment"), "100");
    await tick();
    expect($("agreement-errors")?.textContent).toContain("El enganche mínimo para esta clasificación es de $655.00 (20% del adeudo convenido).");
    expect(($("agreement-sign") as HTMLButtonElement).disabled).toBe(true);
    type($("agreement-down-payment"), "655.00");
    type($("agreement-installments"), "6");
    await tick();
    expect($("agreement-errors")).toBeNull();
    expect($$("agreement-part").map((p) => p.dataset.amount)).toEqual(["655.00", "436.66", "436.66", "436.66", "436.66", "436.66", "436.70"]);
    type($("agreement-customer-name"), "José Peña");
    type($("agreement-customer-phone"), "662 123 4567");
    await tick();

    sig.empty = true;
    ($("agreement-sign") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(root.textContent).toContain("Falta la firma del usuario."));
    expect(await listOutbox(fieldDb())).toHaveLength(0);
    sig.empty = false;
    ($("agreement-sign") as HTMLButtonElement).click();

    await vi.waitFor(() => expect($("agreement-code")).not.toBeNull());
    const [e] = await listOutbox(fieldDb());
    const args = e.args as AgreementSignArgsV1;
    expect(e).toMatchObject({ name: "agreement.sign", v: 1, state: "pending" });
    expect(args).toMatchObject({ account_id: AGR.account, policy_version: 1, promotions: [AGR.promotion], waivers: [], agreed_debt: "3275.00", down_payment: "655.00", installments: 6, customer: { name: "José Peña", phone: "662 123 4567", id_shown: null } });
    expect(args.terms_hash).toBe(await termsHash(signedOf(args)));
    expect(args.customer_signature).not.toBe(args.staff_signature);
    expect((await listBlobs(fieldDb())).map((b) => b.state)).toEqual(["queued", "queued"]);
    expect($("agreement-code")?.textContent).toBe(`Código de verificación: ${verificationCode(args.terms_hash)}`);
    expect($("agreement-status")?.dataset.state).toBe("pending");
    expect($("agreement-status")?.textContent).toContain("Pendiente de enviar");
    expect(route.value.query.get("id")).toBe(args.id);

    // Back in signal: the server parks it for review (the debt changed meanwhile).
    vi.stubGlobal("fetch", server.fetch);
    server.handlers["agreement.sign"] = () => ({ status: "flagged", flags: ["DEBT_CHANGED"] });
    await syncNow();
    await vi.waitFor(() => expect($("agreement-status")?.dataset.state).toBe("review"));
    expect($("agreement-status")?.textContent).toContain("En revisión");
    expect($$("agreement-flag").map((f) => f.textContent)).toEqual(["El adeudo cambió entre la cotización y la llegada (pago en tránsito)"]);
    expect(server.applied.find((m) => m.name === "agreement.sign")?.args).toEqual(args);
    expect([...server.blobs.keys()].sort()).toEqual([args.customer_signature, args.staff_signature].sort());
    // The overlay is gone after the pull; the code is still shown from the signed args.
    expect($("agreement-code")?.textContent).toBe(`Código de verificación: ${verificationCode(args.terms_hash)}`);
  });

  it("a device that never received a policy uses the server's initial one (version 1) and says so", async () => {
    await startNotifier({ policy: false });
    navigate(`/convenio/${AGR.account}`);
    render(<AgreementScreen accountId={AGR.account} />, root);
    await vi.waitFor(() => expect($("agreement-total")).not.toBeNull());
    expect($("agreement-policy-default")?.textContent).toContain("valores iniciales");
    expect(($("agreement-down-payment") as HTMLInputElement).value).toBe("655.00");
    expect($("agreement-back")?.getAttribute("href")).toBe("#/ruta");
  });

  it("an account the device does not hold: the builder says so instead of quoting", async () => {
    await startNotifier();
    navigate(`/convenio/00000000-0000-4000-8000-00000000dead`);
    render(<AgreementScreen accountId="00000000-0000-4000-8000-00000000dead" />, root);
    await vi.waitFor(() => expect($("agreement-missing")).not.toBeNull());
    expect($("agreement-missing")?.textContent).toContain("La cuenta no está en el teléfono");
  });
});

describe("the builder for counter roles", () => {
  const account = accountRow();
  const props = (role: string, allowWaivers: boolean) => ({
    account: { id: account.id, account_number: account.account_number, holder_name: account.holder_name, property_class: account.property_class },
    lines: debtLines(account),
    promotions: offeredPromotions([PROMOTION_ROW], account, "2026-11-28"),
    asOf: "2026-11-28",
    policy: policyFromRow(POLICY_ROW),
    role,
    allowWaivers,
    onSubmit: async () => undefined,
  });

  it("a clerk gets the waiver control: the agreed debt and the minimum down payment follow; over the line or the limit is told in Spanish", async () => {
    render(<AgreementBuilder {...props("clerk", true)} />, root);
    expect($("agreement-waivers")).not.toBeNull();
    expect($("agreement-waivers")?.textContent).toContain("Su límite de condonación es de $2,000.00.");
    ($("agreement-waiver-add") as HTMLButtonElement).click();
    await tick();
    const line = $("agreement-waiver-line") as HTMLSelectElement;
    expect([...line.options].map((o) => o.value)).toEqual(["water|surcharge", "water|fine"]);
    line.value = "water|fine";
    line.dispatchEvent(new Event("change", { bubbles: true }));
    type($("agreement-waiver-amount"), "25");
    await tick();
    expect($("agreement-agreed-debt")?.dataset.value).toBe("3250.00");
    expect(($("agreement-down-payment") as HTMLInputElement).value).toBe("650.00");
    expect(($("agreement-sign") as HTMLButtonElement).disabled).toBe(false);
    type($("agreement-waiver-amount"), "2500");
    await tick();
    expect($("agreement-errors")?.textContent).toContain("La condonación excede lo que queda por pagar de ese concepto.");
    expect($("agreement-errors")?.textContent).toContain("excede su límite de $2,000.00");
    expect(($("agreement-sign") as HTMLButtonElement).disabled).toBe(true);
  });

  it("no waiver control when the role may only apply promotions", () => {
    render(<AgreementBuilder {...props("notifier", false)} />, root);
    expect($("agreement-waivers")).toBeNull();
    expect($("agreement-total")?.dataset.value).toBe("3275.00");
  });
});

interface Call {
  method: string;
  path: string;
  search: string;
  body: any;
}

describe("office: 'Convenios'", () => {
  let calls: Call[];
  const DETAIL_ID = "50000000-0000-4000-8000-0000000000e1";
  const ITEM = {
    id: DETAIL_ID,
    folio: "CV-2026-7",
    status: "pending_review",
    account_id: AGR.account,
    account_number: "01-0042-7",
    holder_name: "Pérez López Juana",
    agreed_debt: "3275.00",
    down_payment: "655.00",
    installments: 6,
    waived_total: "0.00",
    paid: "0.00",
    next_due: "2026-11-28",
    signed_at: "2026-11-28T16:05:00Z",
    origin: "field",
    flags: ["DEBT_CHANGED"],
    policy_version: 1,
  };
  let posted: AgreementSignArgsV1 | null;

  function answer(c: Call): Response {
    const p = c.path;
    if (p === "/api/v1/registry/accounts") return json({ items: [{ id: AGR.account, account_number: "01-0042-7", status: "active", property_class: "domestic", sector: "1", holder_name: "Pérez López Juana", address: "Calle 5 #12", neighborhood: "Centro" }], total: 1, page: 1, page_size: 20, pages: 1 });
    if (p === `/api/v1/agreements/quote/${AGR.account}`)
      return json({
        account_id: AGR.account,
        account_number: "01-0042-7",
        as_of: "2026-11-28",
        lines: accountRow().debt_lines!.map((l) => ({ ...l, discount: "0.00", net: l.amount })),
        by_service: {},
        total: "3275.00",
        discount_total: "175.00",
        promotions: [AGR.promotion],
        valid_until: "2026-11-30",
        offered: [PROMOTION_ROW],
      });
    if (p === "/api/v1/agreements/policy" && c.method === "GET") return json({ ...POLICY_ROW, note: "Valores iniciales", created_at: "2026-01-01T00:00:00Z" });
    if (p.startsWith("/api/sync/v1/blobs/")) return c.method === "HEAD" ? json({ proto: 1, error_code: "BLOB_NOT_FOUND" }, 404) : json({ proto: 1, created: true }, 201);
    if (p === "/api/v1/agreements" && c.method === "POST") {
      posted = c.body;
      return json({ ...ITEM, id: c.body.id, folio: "CV-2026-8", status: "active", flags: [], agreed_debt: c.body.agreed_debt, verification_code: verificationCode(c.body.terms_hash), terms: {}, terms_hash: c.body.terms_hash, parts: [] }, 201);
    }
    if (p === "/api/v1/agreements/summary")
      return json({ as_of: "2026-11-28", by_status: { pending_review: 2, active: 5, late: 1, breached: 2, completed: 0, annulled: 1, restructured: 0 }, compliance_rate: 0.75, recovered: "12345.60", upcoming: [{ folio: "CV-2026-3", account_number: "01-0001-1", number: 2, amount: "436.66", due_date: "2026-12-01" }] });
    if (p === "/api/v1/agreements") return json({ items: [ITEM, { ...ITEM, id: "x2", folio: "CV-2026-6", status: "active", flags: [] }], total: 2, page: 1, page_size: 25, pages: 1 });
    if (p === "/api/v1/agreements/verify/FF1E-70FE-6B7E") return json(ITEM);
    if (p.startsWith("/api/v1/agreements/verify/")) return json({ code: 404, error_code: "AGREEMENT_CODE_UNKNOWN", message: "Ningún convenio tiene el código de verificación X." }, 404);
    if (p === `/api/v1/agreements/${DETAIL_ID}`)
      return json({ ...ITEM, terms: { problems: [{ code: "X", field: "y", message: "El adeudo al llegar era $3,000.00" }], customer: { name: "José Peña", phone: null, id_shown: null } }, terms_hash: "ff".repeat(32), verification_code: "FFFF-FFFF-FFFF", debt_snapshot: "3450.00", debt_at_arrival: "3000.00", review_note: null, replaces_id: null, parts: [{ number: 0, kind: "down_payment", amount: "655.00", due_date: "2026-11-28", paid: "0.00", paid_on: null }] });
    if (p === `/api/v1/agreements/${DETAIL_ID}/document.pdf`) return new Response(new Blob(["%PDF-1.4"]), { status: 200, headers: { "Content-Type": "application/pdf" } });
    if (p === `/api/v1/agreements/${DETAIL_ID}/review`) return json({ ...ITEM, status: "active", flags: ["DEBT_CHANGED"], terms: {}, parts: [], verification_code: "FFFF-FFFF-FFFF" });
    return json({ code: 404, error_code: "NOT_FOUND", message: "No se encontró." }, 404);
  }

  function login(role: Role): void {
    const s = { access_token: "access-1", refresh_token: "refresh-1", user: { id: `u-${role}`, username: role, full_name: role, roles: [role] } };
    localStorage.setItem("cartera.session", JSON.stringify(s));
    session.value = s;
  }

  beforeEach(() => {
    calls = [];
    posted = null;
    vi.stubGlobal("fetch", async (input: string, init?: RequestInit) => {
      const url = new URL(input, "http://test.local");
      const c: Call = { method: init?.method ?? "GET", path: url.pathname, search: url.search, body: typeof init?.body === "string" ? JSON.parse(init.body) : null };
      calls.push(c);
      return answer(c);
    });
  });

  it("the counter finds the account, quotes, takes a clerk's waiver and posts the same args as the field (signatures uploaded first)", async () => {
    login("clerk");
    navigate("/convenios?tab=nuevo");
    render(<OfficeAgreementsScreen />, root);
    type($("agreement-account-search"), "pere");
    await vi.waitFor(() => expect($("agreement-account-result")).not.toBeNull());
    ($("agreement-account-result") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("agreement-total")).not.toBeNull());
    expect($("agreement-total")?.dataset.value).toBe("3275.00");
    ($("agreement-waiver-add") as HTMLButtonElement).click();
    await tick();
    const line = $("agreement-waiver-line") as HTMLSelectElement;
    line.value = "water|fine";
    line.dispatchEvent(new Event("change", { bubbles: true }));
    type($("agreement-waiver-amount"), "25.00");
    type($("agreement-waiver-reason"), "Adulta mayor");
    type($("agreement-installments"), "6");
    await tick();
    expect(($("agreement-down-payment") as HTMLInputElement).value).toBe("650.00");
    ($("agreement-sign") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("agreement-confirmation")).not.toBeNull());

    expect(posted).not.toBeNull();
    const a = posted!;
    expect(Object.keys(a).sort()).toEqual([...SIGNED_FIELDS, "terms_hash"].sort());
    expect(a).toMatchObject({
      account_id: AGR.account,
      policy_version: 1,
      snapshot: { as_of: "2026-11-28", lines: accountRow().debt_lines },
      promotions: [AGR.promotion],
      waivers: [{ service: "water", concept: "fine", amount: "25.00", reason: "Adulta mayor" }],
      agreed_debt: "3250.00",
      down_payment: "650.00",
      installments: 6,
      start_date: "2026-11-28",
      first_due: "2026-12-28",
      customer: { name: "Pérez López Juana", phone: null, id_shown: null },
    });
    expect(a.schedule.map((p) => p.amount)).toEqual(["650.00", "433.33", "433.33", "433.33", "433.33", "433.33", "433.35"]);
    expect(a.terms_hash).toBe(await termsHash(signedOf(a)));
    const puts = calls.filter((c) => c.method === "PUT").map((c) => c.path);
    expect(puts).toEqual([`/api/sync/v1/blobs/${a.customer_signature}`, `/api/sync/v1/blobs/${a.staff_signature}`]);
    expect(calls.findIndex((c) => c.method === "PUT")).toBeLessThan(calls.findIndex((c) => c.path === "/api/v1/agreements" && c.method === "POST"));
    expect($("agreement-status")?.dataset.state).toBe("active");
    expect($("agreement-code")?.textContent).toBe(`Código de verificación: ${verificationCode(a.terms_hash)}`);
    expect($("agreement-pdf")).not.toBeNull();
    expect(formatCents(650 * 100)).toBe(a.down_payment);
  });

  it("from an account's page ('Hacer convenio'), that account is already chosen and quoted", async () => {
    login("clerk");
    navigate("/convenios?tab=nuevo&cuenta=01-0042-7");
    render(<OfficeAgreementsScreen />, root);
    await vi.waitFor(() => expect($("agreement-total")).not.toBeNull());
    expect($("agreement-screen")?.dataset.mode).toBe("builder");
    expect($("agreement-total")?.dataset.value).toBe("3275.00");
    const search = calls.find((c) => c.path === "/api/v1/registry/accounts");
    expect(new URLSearchParams(search!.search).get("q")).toBe("01-0042-7");
  });

  it("the list shows the figures (by status, compliance, recovered, next 7 days) and the agreements; a code is verified", async () => {
    login("manager");
    navigate("/convenios");
    render(<OfficeAgreementsScreen />, root);
    await vi.waitFor(() => expect($$("agreement-row")).toHaveLength(2));
    expect($$("agreement-row").map((r) => r.dataset.folio)).toEqual(["CV-2026-7", "CV-2026-6"]);
    expect($("agreements-list")).not.toBeNull();
    const byKey = Object.fromEntries($$("agreements-summary-status").map((f) => [f.dataset.key, f.dataset.value]));
    expect(byKey).toMatchObject({ pending_review: "2", active: "5", breached: "2" });
    expect($("agreements-compliance")?.textContent).toContain("75.0%");
    expect($("agreements-recovered")?.textContent).toContain("$12,345.60");
    expect($$("agreements-upcoming-row")[0].textContent).toContain("CV-2026-3");
    expect($$("agreement-row")[0].textContent).toContain("En revisión");
    expect($$("agreement-row")[0].textContent).toContain("El adeudo cambió entre la cotización y la llegada (pago en tránsito)");
    expect($("agreements-tab-nuevo")).not.toBeNull();

    type($("agreement-verify-input"), "ff1e-70fe-6b7e");
    await tick();
    ($("agreement-verify-submit") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("agreement-verify-result")?.dataset.state).toBe("ok"));
    expect($("agreement-verify-result")?.dataset.folio).toBe("CV-2026-7");
    expect(calls.some((c) => c.path === "/api/v1/agreements/verify/FF1E-70FE-6B7E")).toBe(true);
    type($("agreement-verify-input"), "0000-0000-0000");
    await tick();
    ($("agreement-verify-submit") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("agreement-verify-result")?.dataset.state).toBe("unknown"));
    expect($("agreement-verify-result")?.textContent).toBe("Ningún convenio tiene ese código.");
  });

  it("the director reads: no 'Nuevo convenio'", async () => {
    login("director");
    navigate("/convenios?tab=nuevo");
    render(<OfficeAgreementsScreen />, root);
    expect($("agreements-tab-nuevo")).toBeNull();
    expect($("agreements-read-only")).not.toBeNull();
    await vi.waitFor(() => expect($$("agreement-row")).toHaveLength(2));
  });

  it("the detail: flags and problems, the PDF with the token, and the manager's review", async () => {
    login("manager");
    const created = vi.fn(() => "blob:pdf");
    vi.stubGlobal("URL", Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() }));
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => undefined); // no navigation to the blob
    render(<AgreementDetailScreen id={DETAIL_ID} />, root);
    await vi.waitFor(() => expect($("agreement-detail")).not.toBeNull());
    expect($("agreement-detail")?.dataset.state).toBe("review");
    expect($$("agreement-flag").map((f) => f.textContent)).toEqual(["El adeudo cambió entre la cotización y la llegada (pago en tránsito)"]);
    expect($("agreement-problems")?.textContent).toContain("El adeudo al llegar era $3,000.00");
    expect($$("agreement-part")).toHaveLength(1);
    ($("agreement-pdf") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(created).toHaveBeenCalled());
    const pdf = calls.find((c) => c.path.endsWith("/document.pdf"));
    expect(pdf).toBeDefined();
    type($("agreement-review-note"), "Pago en tránsito verificado");
    await tick();
    ($("agreement-approve") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(calls.some((c) => c.path.endsWith("/review"))).toBe(true));
    expect(calls.find((c) => c.path.endsWith("/review"))?.body).toEqual({ decision: "approve", note: "Pago en tránsito verificado" });
  });
});
