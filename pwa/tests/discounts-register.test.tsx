/**
 * "Registrar descuento" with the real field runtime and no network: the documents the program
 * asks per type, the CURP checked as she types (Spanish, the birth date from the CURP), the
 * rules' warnings that never block, "Enviar" disabled until what discount.apply requires is
 * there, the draft surviving a reload, submitting into the outbox (photos and signature queued)
 * and the confirmation; a renewal from its stop and an answer to the office, pre-filled.
 *
 * The signature pad and photo decoding are faked (happy-dom draws nothing); the rest is real.
 */
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { discountDraftKey } from "../src/mutations";
import RegisterScreen from "../src/features/discounts/RegisterScreen";
import type { DiscountApplyArgsV1 } from "../src/domain/types";
import { listBlobs } from "../src/storage/blobs";
import { getDraft } from "../src/storage/drafts";
import { listOutbox } from "../src/storage/outbox";
import { listOverlay } from "../src/storage/overlay";
import { fieldDb, stopField, view } from "../src/state/field";
import { navigate, route } from "../src/state/router";
import { session } from "../src/state/session";
import { CURP, D, seedSocial, startSocialWorker } from "./discounts-fixtures";
import { choose, type } from "./helpers/dom-input";
import { FakeServer } from "./helpers/fake-server";
import { sig } from "./helpers/fake-signature";

vi.mock("../src/features/visit/SignatureField", () => import("./helpers/fake-signature"));
vi.mock("../src/features/visit/photo", async () => {
  const fake = await import("./helpers/fake-signature");
  const { sha256Hex } = await import("../src/domain/sha256");
  return {
    canvasPng: fake.canvasPng,
    preparePhoto: async (file: Blob) => {
      const bytes = await file.arrayBuffer();
      return { bytes, sha256: await sha256Hex(bytes), type: "image/jpeg" };
    },
  };
});

let root: HTMLElement;
const $ = (id: string) => root.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;
const $$ = (id: string) => [...root.querySelectorAll(`[data-testid="${id}"]`)] as HTMLElement[];
const tick = () => new Promise((r) => setTimeout(r, 0));
const click = (id: string) => ($(id) as HTMLElement).click();
const submit = () => $("discount-submit") as HTMLButtonElement;

beforeEach(async () => {
  sig.empty = false;
  const server = new FakeServer();
  seedSocial(server);
  vi.stubGlobal("fetch", server.fetch);
  root = document.createElement("div");
  document.body.appendChild(root);
  await startSocialWorker();
  await vi.waitFor(() => expect(view.value?.stops[0]?.application_id).toBe(D.renewed));
  // No signal from here on: everything comes from the phone.
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

async function open(accountId: string, query = ""): Promise<void> {
  navigate(`/descuento/${accountId}${query}`);
  render(<RegisterScreen key={`${accountId}${query}`} accountId={accountId} />, root);
  await vi.waitFor(() => expect($("discount-form")).not.toBeNull());
}

async function photo(kind: string, content = `foto ${kind}`): Promise<void> {
  const before = Number($(`discount-doc-${kind}`)?.dataset.count ?? 0);
  choose($(`discount-doc-${kind}-input`), new File([content], `${kind}.jpg`, { type: "image/jpeg" }));
  await vi.waitFor(() => expect(Number($(`discount-doc-${kind}`)?.dataset.count)).toBe(before + 1));
}

const docsShown = () => ($("discount-documents")?.dataset.required ?? "").split(",").filter(Boolean);

describe("registering a discount at the door, offline", () => {
  it("shows the documents the program asks for each type, checks the CURP in Spanish, warns without blocking, and sends only when what the mutation needs is there", async () => {
    await open(D.acc1);
    expect($("discount-form-holder")?.textContent).toBe("Rosa González Núñez");
    expect(($("discount-program") as HTMLSelectElement).value).toBe(D.program); // the only active one
    expect(docsShown()).toEqual([]);
    expect(submit().disabled).toBe(true);

    click("discount-type-senior");
    await tick();
    expect(docsShown()).toEqual(["id", "inapam_card", "proof_of_address"]);
    expect($("discount-doc-inapam_card")).not.toBeNull();
    expect(root.querySelector("[data-testid='discount-documents'] legend")?.textContent).toBe("Documentos (foto de cada uno)");
    click("discount-type-disability");
    await tick();
    expect(docsShown()).toEqual(["id", "disability_certificate", "proof_of_address"]);
    expect($("discount-doc-inapam_card")).toBeNull();
    click("discount-type-pensioner");
    await tick();
    expect(docsShown()).toEqual(["id", "pension_receipt", "proof_of_address"]);

    type($("discount-name"), "Rosa González Núñez");
    type($("discount-curp"), "gonr550312msrmxs0");
    await tick();
    expect(($("discount-curp") as HTMLInputElement).value).toBe("GONR550312MSRMXS0");
    expect($("discount-curp-state")?.dataset.state).toBe("typing");
    expect($("discount-curp-state")?.textContent).toBe("17 de 18 caracteres");
    type($("discount-curp"), "GONR550312MSRMXS04"); // wrong check digit
    await tick();
    expect($("discount-curp-state")?.dataset.state).toBe("bad");
    expect($("discount-curp-state")?.textContent).toBe("El dígito verificador de la CURP no es correcto; revise que esté bien escrita.");
    // The birth date came from the CURP.
    expect(($("discount-birth-date") as HTMLInputElement).value).toBe("1955-03-12");
    type($("discount-curp"), CURP.rosa);
    await tick();
    expect($("discount-curp-state")?.dataset.state).toBe("ok");
    expect($("discount-curp-state")?.textContent).toBe("Formato de CURP correcto.");
    type($("discount-birth-date"), "1956-03-12");
    await tick();
    expect($("discount-curp-state")?.textContent).toBe("Su fecha de nacimiento no coincide con la de su CURP.");
    expect($("discount-birth-from-curp")?.textContent).toContain("Según la CURP: 12/03/1955");
    click("discount-use-curp-date");
    await tick();
    expect(($("discount-birth-date") as HTMLInputElement).value).toBe("1955-03-12");

    // Still missing: whether she lives there. The rules' findings are warnings meanwhile.
    expect(submit().disabled).toBe(true);
    expect($("discount-missing")?.textContent).toBe("Falta: Indique si la persona vive en el domicilio.");
    expect($$("discount-warning").map((w) => w.dataset.code)).toEqual(["NOT_LIVING_THERE", "MISSING_DOCUMENTS"]);
    click("discount-lives-no");
    await tick();
    expect(submit().disabled).toBe(false); // "No" is an answer: the office decides
    expect($$("discount-warning")[0].textContent).toBe("El descuento solo aplica en el domicilio donde usted vive.");
    click("discount-lives-yes");
    await photo("id");
    await photo("pension_receipt");
    await photo("proof_of_address");
    await tick();
    expect($("discount-warnings")).toBeNull();
    ($("discount-check-id_matches") as HTMLInputElement).click();
    type($("discount-phone"), "662 123 4567");
    type($("discount-notes"), "Vive con su hija.");
    await tick();

    // An interruption loses nothing: the draft is on the phone.
    await vi.waitFor(async () => expect((await getDraft<{ documents: unknown[]; phone: string }>(fieldDb(), discountDraftKey(D.acc1)))?.phone).toBe("662 123 4567"));
    const draft = await getDraft<{ id: string; documents: unknown[]; lives_there: boolean; link: string }>(fieldDb(), discountDraftKey(D.acc1));
    expect(draft).toMatchObject({ lives_there: true, link: `/descuento/${D.acc1}` });
    expect(draft?.documents).toHaveLength(3);
    render(null, root);
    await open(D.acc1);
    expect($("discount-form")?.dataset.applicationId).toBe(draft?.id);
    expect(($("discount-curp") as HTMLInputElement).value).toBe(CURP.rosa);
    expect($("discount-doc-pension_receipt")?.dataset.count).toBe("1");
    expect(($("discount-check-id_matches") as HTMLInputElement).checked).toBe(true);

    click("discount-submit");
    await vi.waitFor(() => expect($("discount-done")).not.toBeNull());
    const [e] = await listOutbox(fieldDb());
    const args = e.args as DiscountApplyArgsV1;
    expect(e).toMatchObject({ name: "discount.apply", v: 1, state: "pending" });
    expect(args).toMatchObject({
      id: draft?.id,
      program_id: D.program,
      account_id: D.acc1,
      beneficiary_type: "pensioner",
      beneficiary_name: "Rosa González Núñez",
      curp: CURP.rosa,
      birth_date: "1955-03-12",
      lives_there: true,
      checklist: { id_matches: true, documents_legible: false, beneficiary_present: false, address_matches: false },
      phone: "662 123 4567",
      notes: "Vive con su hija.",
      gps: null,
      gps_error: "unavailable",
      renewal_of: null,
      answers_request: null,
    });
    expect(args.documents.map((d) => d.kind)).toEqual(["id", "pension_receipt", "proof_of_address"]);
    expect(args.signature).toMatch(/^[0-9a-f]{64}$/);
    expect((await listBlobs(fieldDb())).map((b) => b.state)).toEqual(["queued", "queued", "queued", "queued"]);
    expect(await getDraft(fieldDb(), discountDraftKey(D.acc1))).toBeUndefined();
    expect($("discount-done")?.dataset.applicationId).toBe(args.id);
    expect($("discount-done-offer")).not.toBeNull();
    click("discount-back-pending");
    expect(route.value.path).toBe("/descuentos");
    expect(route.value.query.get("tab")).toBe("pendientes");
  });

  it("a commercial account behind on payments: the rules' findings show, and she can still send", async () => {
    await open(D.acc3);
    click("discount-type-senior");
    type($("discount-name"), "Ana Martínez");
    type($("discount-curp"), CURP.rosa);
    click("discount-lives-yes");
    await tick();
    // Her other application with this CURP is on another account (01-0042-7): one account per beneficiary.
    expect($$("discount-warning").map((w) => w.dataset.code)).toEqual(["CLASS_NOT_ELIGIBLE", "MISSING_DOCUMENTS", "CURP_IN_USE", "NOT_CURRENT"]);
    expect($$("discount-warning")[2].textContent).toContain("(01-0042-7)");
    expect(submit().disabled).toBe(false);
    sig.empty = true; // no signature: still an application
    click("discount-submit");
    await vi.waitFor(() => expect($("discount-done")).not.toBeNull());
    const [e] = await listOutbox(fieldDb());
    expect(e.args).toMatchObject({ account_id: D.acc3, documents: [], signature: null });
    expect((await listOverlay(fieldDb())).find((o) => o.t === "discount_application")?.d).toMatchObject({ status: "submitted", evidence_pending: false, problems: ["CLASS_NOT_ELIGIBLE", "MISSING_DOCUMENTS", "CURP_IN_USE", "NOT_CURRENT"] });
  });

  it("a renewal from its stop: pre-filled from the application being renewed; renewal_of set and the stop done", async () => {
    await open(D.acc1, `?renueva=${D.renewed}&parada=${D.renewalStop}`);
    expect(root.querySelector("h2")?.textContent).toBe("Renovar descuento");
    expect($("discount-form")?.dataset.renewalOf).toBe(D.renewed);
    expect(($("discount-type-senior") as HTMLInputElement).checked).toBe(true);
    expect(($("discount-name") as HTMLInputElement).value).toBe("Rosa González Núñez");
    expect(($("discount-curp") as HTMLInputElement).value).toBe(CURP.rosa);
    expect(($("discount-birth-date") as HTMLInputElement).value).toBe("1955-03-12");
    expect(docsShown()).toEqual(["id", "inapam_card", "proof_of_address"]);
    expect($("discount-doc-id")?.dataset.count).toBe("0"); // new photos for a new year
    expect(submit().disabled).toBe(true);
    click("discount-lives-yes");
    await photo("id");
    await tick();
    expect(submit().disabled).toBe(false);
    click("discount-submit");
    await vi.waitFor(() => expect($("discount-done")).not.toBeNull());
    const [e] = await listOutbox(fieldDb());
    expect(e.args).toMatchObject({ renewal_of: D.renewed, answers_request: null, account_id: D.acc1, beneficiary_type: "senior" });
    await vi.waitFor(() => expect(view.value?.stops.find((s) => s.id === D.renewalStop)?.status).toBe("done"));
    expect(await getDraft(fieldDb(), discountDraftKey(D.acc1, D.renewed))).toBeUndefined();
  });

  it("answering the office: its question on top, pre-filled, answers_request set; the question leaves her pending work", async () => {
    await open(D.acc2, `?responde=${D.asked}`);
    expect(root.querySelector("h2")?.textContent).toBe("Responder a la oficina");
    expect($("discount-form-question")?.textContent).toBe("La oficina pregunta: Falta la foto del comprobante de pensión.");
    expect($("discount-form")?.dataset.answers).toBe(D.asked);
    expect(($("discount-type-pensioner") as HTMLInputElement).checked).toBe(true);
    expect(($("discount-name") as HTMLInputElement).value).toBe("José López Peña");
    expect(($("discount-curp") as HTMLInputElement).value).toBe(CURP.jose);
    expect(($("discount-birth-date") as HTMLInputElement).value).toBe("1958-09-23");
    click("discount-lives-yes");
    await photo("pension_receipt");
    click("discount-submit");
    await vi.waitFor(() => expect($("discount-done")).not.toBeNull());
    const [e] = await listOutbox(fieldDb());
    expect(e.args).toMatchObject({ answers_request: D.asked, renewal_of: null, account_id: D.acc2, curp: CURP.jose, documents: [{ kind: "pension_receipt" }] });
    const answered = (await listOverlay(fieldDb())).find((o) => o.id === D.asked);
    expect(answered).toMatchObject({ op: "patch", d: { status: "answered" } });
  });

  it("an account the phone does not hold says so", async () => {
    navigate("/descuento/00000000-0000-4000-8000-00000000dead");
    render(<RegisterScreen accountId="00000000-0000-4000-8000-00000000dead" />, root);
    await vi.waitFor(() => expect($("discount-account-missing")).not.toBeNull());
    expect($("discount-account-missing")?.textContent).toBe("La cuenta no está en el teléfono. Sincronice e intente de nuevo.");
  });
});
