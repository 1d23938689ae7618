/**
 * Photos on extraordinary charges against a mocked fetch: the proposal form compresses and hashes
 * the chosen photos (visit/photo.ts's preparePhoto), keeps at most six, uploads them as blobs with
 * a progress count and sends their SHA-256 in `photos`; the list shows a thumbnail per uploaded
 * photo (fetched with the token, opened large on a click) and "Foto pendiente" for the others.
 */
import { render } from "preact";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { sha256Hex } from "../src/domain/sha256";
import ChargesScreen from "../src/features/charges/ChargesScreen";
import { choose, type } from "./helpers/dom-input";
import { json } from "./helpers/fake-server";
import { type Call, loginAs, officeHarness } from "./helpers/office";

const prepared = vi.hoisted(() => ({ calls: 0 }));
vi.mock("../src/features/visit/photo", async () => {
  const { sha256Hex: hash } = await import("../src/domain/sha256");
  return {
    // "Compressed": the original bytes behind a marker, so the test sees what was sent.
    preparePhoto: async (file: Blob) => {
      prepared.calls++;
      const original = new Uint8Array(await file.arrayBuffer());
      const bytes = new Uint8Array([0xff, 0xd8, 0xff, ...original]).buffer;
      return { bytes, sha256: await hash(bytes), type: "image/jpeg" };
    },
  };
});


const BASE = "/api/v1/ledger/extraordinary-charges";
const UP = "a".repeat(64);
const PENDING = "b".repeat(64);
const ROW = {
  id: "c1000000-0000-4000-8000-000000000001",
  account_id: "a1",
  account_number: "01-0042-7",
  kind: "extension",
  service: "water",
  concept: "extraordinary",
  amount: "1450.00",
  description: "Ampliación de red, 12 m",
  work_reference: "OT-2031",
  due_date: null,
  status: "proposed",
  rejection_reason: null,
  charge_id: null,
  created_at: "2026-12-01T17:00:00Z",
  decided_at: null,
  proposed_by_name: "Auxiliar Uno",
  decided_by_name: null,
  photos: [
    { sha256: UP, uploaded: true, url: `/api/sync/v1/blobs/${UP}` },
    { sha256: PENDING, uploaded: false, url: `/api/sync/v1/blobs/${PENDING}` },
  ],
};

let releasePut: (() => void) | null;

async function answer(c: Call): Promise<Response> {
  if (c.path === BASE && c.method === "GET") return json({ items: [ROW], total: 1, page: 1, page_size: 25, pages: 1, month_total: { month: "2026-12", count: 0, total: "0.00" } });
  if (c.path === BASE && c.method === "POST") return json({ ...ROW, id: "new", photos: c.body.photos.map((s: string) => ({ sha256: s, uploaded: true, url: `/api/sync/v1/blobs/${s}` })) }, 201);
  if (c.path.startsWith("/api/sync/v1/blobs/") && c.method === "PUT") {
    if (releasePut) await new Promise<void>((r) => (releasePut = r));
    return json({ proto: 1, sha256: c.path.split("/").at(-1), created: true }, 201);
  }
  if (c.path === `/api/sync/v1/blobs/${UP}` && c.method === "GET") return new Response(new Uint8Array([0xff, 0xd8, 0xff, 1]), { status: 200, headers: { "Content-Type": "image/jpeg" } });
  return json({ code: 404, error_code: "BLOB_NOT_FOUND", message: "No se encontró." }, 404);
}

const photo = (text: string) => new File([text], `${text}.jpg`, { type: "image/jpeg" });

function chooseMany(el: HTMLElement | null, files: File[]): void {
  const input = el as HTMLInputElement;
  Object.defineProperty(input, "files", { configurable: true, value: files });
  input.dispatchEvent(new Event("change", { bubbles: true }));
}

const office = officeHarness(answer);
const { $, $$ } = office;

beforeEach(() => {
  releasePut = null;
  prepared.calls = 0;
  vi.stubGlobal("URL", Object.assign(URL, { createObjectURL: vi.fn(() => "blob:foto"), revokeObjectURL: vi.fn() }));
});


describe("Fotos de los cargos extraordinarios", () => {
  it("the form compresses and hashes the photos, uploads them with a count, then sends their SHA-256", async () => {
    loginAs("clerk");
    render(<ChargesScreen />, office.root);
    await vi.waitFor(() => expect($("charges-propose")).not.toBeNull());
    ($("charges-propose") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("charge-photos-input")).not.toBeNull());
    chooseMany($("charge-photos-input"), [photo("zanja"), photo("toma")]);
    await vi.waitFor(() => expect($$("charge-photo-draft")).toHaveLength(2));
    expect(prepared.calls).toBe(2);
    // The same photo again is kept once; one can be removed before sending.
    choose($("charge-photos-input"), photo("zanja"));
    await vi.waitFor(() => expect(prepared.calls).toBe(3));
    expect($$("charge-photo-draft")).toHaveLength(2);
    const shas = $$("charge-photo-draft").map((f) => f.dataset.sha as string);
    const expected = await sha256Hex(new Uint8Array([0xff, 0xd8, 0xff, ...new TextEncoder().encode("zanja")]).buffer);
    expect(shas[0]).toBe(expected);

    type($("charge-account"), "01-0042-7");
    type($("charge-amount"), "1450");
    type($("charge-work-reference"), "OT-2031");
    type($("charge-description"), "Ampliación de red, 12 m");
    await new Promise((r) => setTimeout(r, 0));
    releasePut = () => undefined; // hold the first upload to see the count
    ($("charge-form") as HTMLFormElement).dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    await vi.waitFor(() => expect($("charge-submit")?.textContent).toContain("Subiendo fotos: 0 de 2"));
    const release = releasePut as () => void;
    releasePut = null;
    release();
    await vi.waitFor(() => expect($("charges-note")?.textContent).toContain("Cargo propuesto"));

    const puts = office.calls.filter((c) => c.method === "PUT");
    expect(puts.map((c) => c.path)).toEqual(shas.map((s) => `/api/sync/v1/blobs/${s}`));
    expect(puts[0].contentType).toBe("image/jpeg");
    expect(Array.from(puts[0].bytes ?? [])).toEqual([0xff, 0xd8, 0xff, ...new TextEncoder().encode("zanja")]);
    const post = office.calls.find((c) => c.method === "POST" && c.path === BASE);
    expect(post?.body.photos).toEqual(shas);
    // Uploaded before the proposal.
    expect(office.calls.indexOf(post as Call)).toBeGreaterThan(office.calls.indexOf(puts[1]));
  });

  it("keeps at most six photos and says how many were left out", async () => {
    loginAs("manager");
    render(<ChargesScreen />, office.root);
    await vi.waitFor(() => expect($("charges-propose")).not.toBeNull());
    ($("charges-propose") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("charge-photos-input")).not.toBeNull());
    chooseMany($("charge-photos-input"), ["1", "2", "3", "4", "5", "6", "7", "8"].map(photo));
    await vi.waitFor(() => expect($$("charge-photo-draft")).toHaveLength(6));
    expect($("charge-photos-error")?.textContent).toContain("hasta 6 fotos por cargo; 2 quedaron fuera");
    expect(($("charge-photos-input") as HTMLInputElement).disabled).toBe(true);
    (office.root.querySelector('[aria-label="Quitar la foto 1"]') as HTMLButtonElement).click();
    await vi.waitFor(() => expect($$("charge-photo-draft")).toHaveLength(5));
    expect(($("charge-photos-input") as HTMLInputElement).disabled).toBe(false);
  });

  it("the list shows a thumbnail per uploaded photo, opens it large, and 'Foto pendiente' for the rest", async () => {
    loginAs("director");
    render(<ChargesScreen />, office.root);
    await vi.waitFor(() => expect($$("charge-photo")).toHaveLength(1));
    expect($("charge-photos-list")?.dataset.count).toBe("2");
    expect($$("charge-photo-pending")).toHaveLength(1);
    expect($$("charge-photo-pending")[0].dataset.sha).toBe(PENDING);
    expect($$("charge-photo-pending")[0].textContent).toContain("Foto pendiente");
    // Only the uploaded one is fetched, with the token.
    expect(office.calls.filter((c) => c.path.startsWith("/api/sync/v1/blobs/")).map((c) => c.path)).toEqual([`/api/sync/v1/blobs/${UP}`]);
    const thumb = $$("charge-photo")[0] as HTMLButtonElement;
    expect(thumb.getAttribute("aria-label")).toBe("Ampliar: Foto 1 de la obra");
    expect(thumb.querySelector("img")?.getAttribute("src")).toBe("blob:foto");
    thumb.click();
    await vi.waitFor(() => expect($("charge-photo-large")).not.toBeNull());
    expect($("charge-photo-large")?.getAttribute("role")).toBe("dialog");
    ($("charge-photo-close") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("charge-photo-large")).toBeNull());
  });
});
