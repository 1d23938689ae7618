/**
 * What the office does with an agreement after it is signed, and the signer's copy:
 * "Reestructurar" (the counter's builder from the server's current quote, posted to
 * …/restructure; the old one links to the new one), the scanned copy signed with a pen (checked,
 * hashed, uploaded as a blob, attached, downloadable), "Firma en papel" at the counter (no tablet
 * signatures) and the account's statement from the counter ("Ver PDF" on the field worker's
 * confirmation: agreements-field-pdf.test.tsx).
 *
 * The signature pads and their PNGs are faked (happy-dom draws nothing); the rest is real.
 */
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { termsHash } from "../src/domain/agreement-rules";
import { SIGNED_FIELDS } from "../src/domain/agreement-terms";
import { sha256Hex } from "../src/domain/sha256";
import type { AgreementSignArgsV1, Role } from "../src/domain/types";
import AgreementDetailScreen from "../src/features/agreements/AgreementDetailScreen";
import OfficeAgreementsScreen from "../src/features/agreements/OfficeAgreementsScreen";
import { scanProblem } from "../src/features/agreements/ScannedCopy";
import AccountsScreen from "../src/features/registry/AccountsScreen";
import { stopField } from "../src/state/field";
import { navigate, route } from "../src/state/router";
import { session } from "../src/state/session";
import { AGR, POLICY_ROW } from "./helpers/agreement-fixtures";
import { json } from "./helpers/fake-server";
import { captureDownloads, choose, signedOf, type } from "./helpers/dom-input";
import { sig } from "./helpers/fake-signature";

vi.mock("../src/features/visit/SignatureField", () => import("./helpers/fake-signature"));
vi.mock("../src/features/visit/photo", () => import("./helpers/fake-signature"));

let root: HTMLElement;
const $ = (id: string) => root.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;
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

interface Call {
  method: string;
  path: string;
  search: string;
  body: any;
  auth: string | null;
  contentType: string | null;
  raw: BodyInit | null | undefined;
}

describe("office: restructure, scanned copy, paper signature, statement", () => {
  let calls: Call[];
  const OLD = "50000000-0000-4000-8000-0000000000f1";
  const NEW = "50000000-0000-4000-8000-0000000000f2";
  const SCAN = "ab".repeat(32);
  const ITEM = {
    id: OLD,
    folio: "CV-2026-11",
    status: "active",
    account_id: AGR.account,
    account_number: "01-0042-7",
    holder_name: "Pérez López Juana",
    agreed_debt: "3275.00",
    down_payment: "655.00",
    installments: 6,
    waived_total: "0.00",
    paid: "655.00",
    next_due: "2026-12-28",
    signed_at: "2026-11-28T16:05:00Z",
    origin: "counter",
    flags: [] as string[],
    policy_version: 1,
  };
  const detailOf = (item: typeof ITEM, extra: Record<string, unknown> = {}) => ({
    ...item,
    terms: { customer: { name: "José Peña", phone: "662 123 4567", id_shown: "INE 123" } },
    terms_hash: "ff".repeat(32),
    verification_code: "FFFF-FFFF-FFFF",
    debt_snapshot: "3450.00",
    debt_at_arrival: "3450.00",
    review_note: null,
    replaces_id: null,
    scanned_copy: null,
    parts: [],
    ...extra,
  });
  /** What the server holds: the old agreement, and the new one once restructured. */
  let oldStatus: string;
  let restructured: ReturnType<typeof detailOf> | null;
  let scanned: string | null;
  let overrides: ((c: Call) => Response | undefined)[];

  function answer(c: Call): Response {
    for (const o of overrides) {
      const r = o(c);
      if (r) return r;
    }
    const p = c.path;
    if (p === "/api/v1/registry/accounts") return json({ items: [{ id: AGR.account, account_number: "01-0042-7", status: "active", property_class: "domestic", sector: "1", holder_name: "Pérez López Juana", address: "Calle 5 #12", neighborhood: "Centro" }], total: 1, page: 1, page_size: 20, pages: 1 });
    if (p === `/api/v1/registry/accounts/${AGR.account}`) return json({ id: AGR.account, account_number: "01-0042-7", status: "active", property_class: "domestic" });
    if (p === `/api/v1/agreements/quote/01-0042-7` || p === `/api/v1/agreements/quote/${AGR.account}`)
      return json({
        account_id: AGR.account,
        account_number: "01-0042-7",
        as_of: "2026-12-02",
        lines: [
          { service: "water", concept: "consumption", amount: "2000.00", discount: "0.00", net: "2000.00" },
          { service: "water", concept: "surcharge", amount: "200.00", discount: "0.00", net: "200.00" },
        ],
        by_service: { water: "2200.00" },
        total: "2200.00",
        discount_total: "0.00",
        promotions: [],
        valid_until: "2026-12-31",
        offered: [],
      });
    if (p === "/api/v1/agreements/policy") return json({ ...POLICY_ROW, note: "Valores iniciales", created_at: "2026-01-01T00:00:00Z" });
    if (p.startsWith("/api/sync/v1/blobs/")) {
      if (c.method === "HEAD") return json({ proto: 1, error_code: "BLOB_NOT_FOUND" }, 404);
      if (c.method === "PUT") return json({ proto: 1, sha256: p.split("/").pop(), created: true }, 201);
      return new Response(new Blob(["%PDF-1.4 copia"], { type: "application/pdf" }), { status: 200, headers: { "Content-Type": "application/pdf" } });
    }
    if (p === `/api/v1/agreements/${OLD}/restructure`) {
      const args = c.body as AgreementSignArgsV1;
      restructured = detailOf({ ...ITEM, id: args.id, folio: "CV-2026-12", agreed_debt: args.agreed_debt, signed_at: "2026-12-02T17:00:00Z", paid: "0.00" }, { replaces_id: OLD, terms_hash: args.terms_hash });
      oldStatus = "restructured";
      return json(restructured, 201);
    }
    if (p === `/api/v1/agreements/${OLD}/scanned-copy`) {
      scanned = c.body.sha256;
      return json(detailOf({ ...ITEM, status: oldStatus }, { scanned_copy: scanned }));
    }
    if (p === "/api/v1/agreements" && c.method === "POST")
      return json(detailOf({ ...ITEM, id: c.body.id, folio: "CV-2026-13", status: "active", agreed_debt: c.body.agreed_debt }, { terms_hash: c.body.terms_hash }), 201);
    if (p === "/api/v1/agreements") {
      const items = [...(restructured ? [{ ...restructured, parts: undefined }] : []), { ...ITEM, status: oldStatus }, { ...ITEM, id: "older", folio: "CV-2025-1", signed_at: "2025-01-01T00:00:00Z" }];
      return json({ items, total: items.length, page: 1, page_size: 200, pages: 1 });
    }
    if (p === `/api/v1/agreements/${OLD}`)
      return json(detailOf({ ...ITEM, status: oldStatus }, {
        scanned_copy: scanned,
        // The server follows the chain: the newest agreement whose replaces_id is this one.
        replaced_by: restructured ? { id: restructured.id, folio: restructured.folio, status: restructured.status } : null,
      }));
    if (restructured && p === `/api/v1/agreements/${restructured.id}`) return json(restructured);
    if (p === `/api/v1/agreements/${NEW}`) return json(detailOf({ ...ITEM, id: NEW, folio: "CV-2026-12" }, { replaces_id: OLD }));
    return json({ code: 404, error_code: "NOT_FOUND", message: "No se encontró." }, 404);
  }

  function login(role: Role): void {
    const s = { access_token: "access-1", refresh_token: "refresh-1", user: { id: `u-${role}`, username: role, full_name: role, roles: [role] } };
    localStorage.setItem("cartera.session", JSON.stringify(s));
    session.value = s;
  }

  beforeEach(() => {
    calls = [];
    oldStatus = "active";
    restructured = null;
    scanned = null;
    overrides = [];
    vi.stubGlobal("fetch", async (input: string, init?: RequestInit) => {
      const url = new URL(input, "http://test.local");
      const headers = new Headers(init?.headers);
      const c: Call = {
        method: init?.method ?? "GET",
        path: url.pathname,
        search: url.search,
        body: typeof init?.body === "string" ? JSON.parse(init.body) : null,
        auth: headers.get("Authorization"),
        contentType: headers.get("Content-Type"),
        raw: init?.body,
      };
      calls.push(c);
      return answer(c);
    });
  });

  it("'Reestructurar' opens the counter's builder from the server's current quote and posts the new terms; then the new one's detail, and the old one says 'Reestructurado' with a link to it", async () => {
    login("clerk");
    render(<AgreementDetailScreen id={OLD} />, root);
    await vi.waitFor(() => expect($("agreement-detail")).not.toBeNull());
    expect($("agreement-restructured-by")).toBeNull();
    expect($("agreement-restructure-submit")).toBeNull();
    ($("agreement-restructure") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("agreement-total")).not.toBeNull());
    expect(calls.some((c) => c.path === "/api/v1/agreements/quote/01-0042-7")).toBe(true);
    expect(calls.some((c) => c.path === `/api/v1/registry/accounts/${AGR.account}`)).toBe(true);
    expect($("agreement-restructure")).toBeNull(); // the builder is open
    expect($("agreement-total")?.dataset.value).toBe("2200.00");
    expect(($("agreement-down-payment") as HTMLInputElement).value).toBe("440.00"); // 20% of the current debt
    expect(($("agreement-installments") as HTMLInputElement).value).toBe("12"); // domestic
    expect(($("agreement-customer-name") as HTMLInputElement).value).toBe("José Peña");
    expect(($("agreement-customer-phone") as HTMLInputElement).value).toBe("662 123 4567");
    expect($("agreement-waivers")).not.toBeNull(); // the clerk's waivers, as at the counter
    expect($("agreement-paper-signature")).not.toBeNull();
    expect($("agreement-sign")).toBeNull();
    type($("agreement-installments"), "4");
    await tick();
    const submit = $("agreement-restructure-submit") as HTMLButtonElement;
    expect(submit.textContent).toBe("Reestructurar convenio");
    submit.click();
    await vi.waitFor(() => expect(route.value.path).toBe(`/convenios/${restructured?.id}`));

    const post = calls.find((c) => c.path === `/api/v1/agreements/${OLD}/restructure`)!;
    const a = post.body as AgreementSignArgsV1;
    expect(post.method).toBe("POST");
    expect(Object.keys(a).sort()).toEqual([...SIGNED_FIELDS, "terms_hash"].sort());
    expect(a).toMatchObject({ account_id: AGR.account, agreed_debt: "2200.00", down_payment: "440.00", installments: 4, snapshot: { as_of: "2026-12-02", lines: [{ service: "water", concept: "consumption", amount: "2000.00" }, { service: "water", concept: "surcharge", amount: "200.00" }] }, customer: { name: "José Peña", phone: "662 123 4567", id_shown: "INE 123" } });
    expect(a.id).not.toBe(OLD);
    expect(a.terms_hash).toBe(await termsHash(signedOf(a)));
    const puts = calls.filter((c) => c.method === "PUT").map((c) => c.path);
    expect(puts).toEqual([`/api/sync/v1/blobs/${a.customer_signature}`, `/api/sync/v1/blobs/${a.staff_signature}`]);
    expect(calls.findIndex((c) => c.method === "PUT")).toBeLessThan(calls.indexOf(post));

    // The old one now: "Reestructurado", with a link to the agreement that replaced it.
    render(null, root);
    render(<AgreementDetailScreen id={OLD} />, root);
    await vi.waitFor(() => expect($("agreement-restructured-by")).not.toBeNull());
    expect($("agreement-detail")?.dataset.status).toBe("restructured");
    expect($("agreement-detail-status")?.textContent).toBe("Reestructurado");
    expect($("agreement-restructure")).toBeNull();
    const link = $("agreement-restructured-by") as HTMLAnchorElement;
    expect(link.getAttribute("href")).toBe(`#/convenios/${a.id}`);
    expect(link.textContent).toBe("Reestructurado por el convenio CV-2026-12");
    // The older agreement of the same account (signed before) is never opened.
    expect(calls.some((c) => c.path === "/api/v1/agreements/older")).toBe(false);

    // The new one links back.
    render(null, root);
    render(<AgreementDetailScreen id={a.id} />, root);
    await vi.waitFor(() => expect($("agreement-replaces")).not.toBeNull());
    expect($("agreement-replaces")?.getAttribute("href")).toBe(`#/convenios/${OLD}`);
  });

  it("a restructuring the server refuses (409) shows its Spanish message and stays", async () => {
    login("manager");
    overrides.push((c) => (c.path.endsWith("/restructure") ? json({ code: 409, error_code: "AGREEMENT_NOT_RESTRUCTURABLE", message: "El convenio CV-2026-11 no puede reestructurarse en su estado actual." }, 409) : undefined));
    navigate(`/convenios/${OLD}`);
    render(<AgreementDetailScreen id={OLD} />, root);
    await vi.waitFor(() => expect($("agreement-restructure")).not.toBeNull());
    ($("agreement-restructure") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("agreement-restructure-submit")).not.toBeNull());
    ($("agreement-restructure-submit") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("agreement-restructure-message")).not.toBeNull());
    expect($("agreement-restructure-message")?.textContent).toBe("El convenio CV-2026-11 no puede reestructurarse en su estado actual.");
    expect(route.value.path).toBe(`/convenios/${OLD}`);
    expect(($("agreement-restructure-submit") as HTMLButtonElement).disabled).toBe(false);
  });

  it("'Reestructurar' only for active, late, breached or in review, and never for the director", async () => {
    for (const [role, status, shown] of [
      ["clerk", "late", true],
      ["manager", "breached", true],
      ["manager", "pending_review", true],
      ["clerk", "completed", false],
      ["clerk", "annulled", false],
      ["director", "active", false],
    ] as [Role, string, boolean][]) {
      login(role);
      oldStatus = status;
      render(<AgreementDetailScreen key={`${role}-${status}`} id={OLD} />, root);
      await vi.waitFor(() => expect($("agreement-detail")?.dataset.status).toBe(status));
      expect([role, status, $("agreement-restructure") !== null]).toEqual([role, status, shown]);
      render(null, root);
    }
  });

  it("'Subir copia firmada': a wrong type or a file over 10 MB is refused in Spanish before uploading; a PDF is hashed, PUT with the token and its type, attached, and then downloadable", async () => {
    login("clerk");
    const dl = captureDownloads();
    render(<AgreementDetailScreen id={OLD} />, root);
    await vi.waitFor(() => expect($("agreement-scan-status")).not.toBeNull());
    expect($("agreement-scan-status")?.textContent).toBe("Copia firmada: no");
    expect($("agreement-scan-open")).toBeNull();
    expect(($("agreement-scan-upload") as HTMLButtonElement).disabled).toBe(true);

    choose($("agreement-scan-input"), new File(["hola"], "copia.docx", { type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" }));
    await tick();
    expect($("agreement-scan-error")?.textContent).toBe("Tipo de archivo no permitido: use una foto JPEG, PNG o WebP, o un PDF.");
    expect(($("agreement-scan-upload") as HTMLButtonElement).disabled).toBe(true);
    const big = new File(["x"], "copia.jpg", { type: "image/jpeg" });
    Object.defineProperty(big, "size", { value: 11 * 1024 * 1024 });
    choose($("agreement-scan-input"), big);
    await tick();
    expect($("agreement-scan-error")?.textContent).toBe("El archivo pesa 11.0 MB: el máximo es 10 MB. Escanéelo con menor resolución.");
    expect(($("agreement-scan-upload") as HTMLButtonElement).disabled).toBe(true);
    expect(calls.some((c) => c.method === "PUT")).toBe(false);

    const bytes = new TextEncoder().encode("%PDF-1.4 convenio firmado con pluma");
    choose($("agreement-scan-input"), new File([bytes], "copia.pdf", { type: "application/pdf" }));
    await tick();
    expect($("agreement-scan-error")).toBeNull();
    ($("agreement-scan-upload") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("agreement-scan-status")?.textContent).toBe("Copia firmada: sí"));
    const sha = await sha256Hex(bytes);
    const put = calls.find((c) => c.method === "PUT")!;
    expect(put.path).toBe(`/api/sync/v1/blobs/${sha}`);
    expect(put.auth).toBe("Bearer access-1");
    expect(put.contentType).toBe("application/pdf");
    expect(new Uint8Array(put.raw as ArrayBuffer)).toEqual(bytes);
    const attach = calls.find((c) => c.path === `/api/v1/agreements/${OLD}/scanned-copy`)!;
    expect(attach.method).toBe("POST");
    expect(attach.body).toEqual({ sha256: sha });
    expect(calls.indexOf(put)).toBeLessThan(calls.indexOf(attach));
    expect($("agreement-scan-message")?.textContent).toBe("Copia firmada guardada.");

    ($("agreement-scan-open") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(dl.created).toHaveBeenCalled());
    const get = calls.find((c) => c.method === "GET" && c.path === `/api/sync/v1/blobs/${sha}`)!;
    expect(get.auth).toBe("Bearer access-1");
    expect(dl.clicked.at(-1)?.download).toBe("convenio-CV-2026-11-copia-firmada.pdf");
  });

  it("an upload the server refuses (415) shows its Spanish message and attaches nothing; the director only reads the copy's state", async () => {
    login("manager");
    overrides.push((c) => (c.method === "PUT" ? json({ proto: 1, code: 415, error_code: "BLOB_TYPE_NOT_ALLOWED", message: "Tipo de archivo no permitido; solo se aceptan fotos JPEG, PNG o WebP y documentos PDF." }, 415) : undefined));
    render(<AgreementDetailScreen id={OLD} />, root);
    await vi.waitFor(() => expect($("agreement-scan-input")).not.toBeNull());
    choose($("agreement-scan-input"), new File(["no es un jpeg"], "copia.jpg", { type: "image/jpeg" }));
    await tick();
    ($("agreement-scan-upload") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("agreement-scan-message")).not.toBeNull());
    expect($("agreement-scan-message")?.textContent).toBe("Tipo de archivo no permitido; solo se aceptan fotos JPEG, PNG o WebP y documentos PDF.");
    expect(calls.some((c) => c.path.endsWith("/scanned-copy"))).toBe(false);
    expect($("agreement-scan-status")?.textContent).toBe("Copia firmada: no");

    // A 413 from a proxy (no JSON) still reads in Spanish.
    overrides.unshift((c) => (c.method === "PUT" ? new Response("<html>Too large</html>", { status: 413, headers: { "Content-Type": "text/html" } }) : undefined));
    ($("agreement-scan-upload") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("agreement-scan-message")?.textContent).toBe("El archivo excede el tamaño máximo permitido (10 MB)."));

    render(null, root);
    login("director");
    scanned = SCAN;
    render(<AgreementDetailScreen key="director" id={OLD} />, root);
    await vi.waitFor(() => expect($("agreement-scan-status")?.textContent).toBe("Copia firmada: sí"));
    expect($("agreement-scan-status")?.dataset.sha).toBe(SCAN);
    expect($("agreement-scan-open")).not.toBeNull();
    expect($("agreement-scan-input")).toBeNull();
    expect($("agreement-scan-upload")).toBeNull();
  });

  it("what a scanned copy may be", () => {
    expect(scanProblem({ name: "a.pdf", type: "application/pdf", size: 10 * 1024 * 1024 })).toBeNull();
    expect(scanProblem({ name: "a.webp", type: "", size: 10 })).toBeNull(); // the type from the name
    expect(scanProblem({ name: "a.png", type: "image/png", size: 0 })).toBe("El archivo está vacío.");
    expect(scanProblem({ name: "a.gif", type: "image/gif", size: 10 })).toContain("Tipo de archivo no permitido");
    expect(scanProblem({ name: "a.pdf", type: "application/pdf", size: 10 * 1024 * 1024 + 1 })).toContain("el máximo es 10 MB");
  });

  it("the counter: 'Ver estado de cuenta' after choosing the account; 'Firma en papel' signs without tablet signatures (null), then the PDF to print and the scanned copy", async () => {
    login("clerk");
    navigate("/convenios?tab=nuevo");
    render(<OfficeAgreementsScreen />, root);
    expect($("agreement-statement")).toBeNull();
    type($("agreement-account-search"), "pere");
    await vi.waitFor(() => expect($("agreement-account-result")).not.toBeNull());
    ($("agreement-account-result") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("agreement-total")).not.toBeNull());
    const statement = $("agreement-statement") as HTMLAnchorElement;
    expect(statement.getAttribute("href")).toBe(`#/cuentas/${AGR.account}`);
    expect(statement.textContent).toContain("Ver estado de cuenta");
    expect(statement.target).toBe("_blank"); // the builder stays as it is

    sig.empty = true; // nothing drawn on the tablet
    ($("agreement-sign") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(root.textContent).toContain("Falta la firma del usuario."));
    const paper = $("agreement-paper-signature") as HTMLInputElement;
    paper.checked = true;
    paper.dispatchEvent(new Event("change", { bubbles: true }));
    await tick();
    expect($("agreement-customer-signature")).toBeNull();
    expect($("agreement-staff-signature")).toBeNull();
    expect(root.textContent).not.toContain("Falta la firma del usuario.");
    ($("agreement-sign") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("agreement-confirmation")).not.toBeNull());
    const post = calls.find((c) => c.path === "/api/v1/agreements" && c.method === "POST")!;
    expect(post.body.customer_signature).toBeNull();
    expect(post.body.staff_signature).toBeNull();
    expect(post.body.terms_hash).toBe(await termsHash(signedOf(post.body)));
    expect(calls.some((c) => c.method === "PUT" || c.method === "HEAD")).toBe(false);
    expect($("agreement-pdf")).not.toBeNull();
    expect($("agreement-paper-next")?.textContent).toContain("recabe las firmas con pluma");
    expect($("agreement-scan-input")).not.toBeNull();
    expect($("agreement-scan-status")?.textContent).toBe("Copia firmada: no");
  });

  it("the counter without 'Firma en papel' still uploads both tablet signatures", async () => {
    login("manager");
    navigate("/convenios?tab=nuevo");
    render(<OfficeAgreementsScreen />, root);
    type($("agreement-account-search"), "pere");
    await vi.waitFor(() => expect($("agreement-account-result")).not.toBeNull());
    ($("agreement-account-result") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("agreement-sign")).not.toBeNull());
    ($("agreement-sign") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("agreement-confirmation")).not.toBeNull());
    const post = calls.find((c) => c.path === "/api/v1/agreements" && c.method === "POST")!;
    expect(post.body.customer_signature).toMatch(/^[0-9a-f]{64}$/);
    expect(post.body.staff_signature).toMatch(/^[0-9a-f]{64}$/);
    expect(calls.filter((c) => c.method === "PUT")).toHaveLength(2);
    expect($("agreement-paper-next")).toBeNull();
  });

  it("'#/cuentas/<id>' opens that account's statement", async () => {
    login("clerk");
    overrides.push((c) => {
      if (c.path === `/api/v1/ledger/accounts/${AGR.account}/balance`) return json({ balance: "2200.00", overdue: "2200.00", months_past_due: 5, accessories: "200.00" });
      if (c.path === `/api/v1/ledger/accounts/${AGR.account}/statement`) return json({ account_number: "01-0042-7", holder_name: "Pérez López Juana", lines: [{ date: "2026-11-01", concept: "Consumo", kind: "charge", debit: "400.00", credit: "0.00", balance: "2200.00" }] });
      return undefined;
    });
    render(<AccountsScreen accountId={AGR.account} />, root);
    await vi.waitFor(() => expect($("account-detail")).not.toBeNull());
    expect($("account-detail")?.textContent).toContain("Cuenta 01-0042-7 · Pérez López Juana");
    expect($("account-detail")?.textContent).toContain("Consumo");
  });
});
