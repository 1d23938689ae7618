/**
 * `applyDiscount`: the outbox row, the local application ("submitted", evidence pending), the
 * question answered, the renewal stop done, the draft removed and the photos and signature
 * queued, all in ONE IndexedDB transaction (nothing at all when a photo is missing); and how
 * the social worker's list reads her applications (discountViews).
 */
import { describe, expect, it } from "vitest";
import { applyDiscount, discountDraftKey } from "../src/mutations";
import { discountViews } from "../src/features/discounts/local";
import type { DiscountApplyArgsV1 } from "../src/domain/types";
import { getBlob, listBlobs, markBlob, putBlob } from "../src/storage/blobs";
import type { Db } from "../src/storage/db";
import { getDraft, putDraft } from "../src/storage/drafts";
import { listOutbox } from "../src/storage/outbox";
import { listOverlay } from "../src/storage/overlay";
import { allRows } from "../src/storage/rows";
import { applyPullPage, applyPushResults, MissingBlobError } from "../src/storage/transactions";
import { freshDb } from "./helpers/env";
import { applicationRow, CURP, D } from "./discounts-fixtures";

const APP = "80000000-0000-4000-8000-0000000000e1";
const SHA = { id: "a1".repeat(32), inapam: "b2".repeat(32), address: "c3".repeat(32), sig: "d4".repeat(32) };

function args(p: Partial<DiscountApplyArgsV1> = {}): DiscountApplyArgsV1 {
  return {
    id: APP,
    program_id: D.program,
    account_id: D.acc1,
    beneficiary_type: "senior",
    beneficiary_name: "Rosa González Núñez",
    curp: CURP.rosa,
    birth_date: "1955-03-12",
    lives_there: true,
    checklist: { id_matches: true },
    documents: [
      { kind: "id", sha256: SHA.id },
      { kind: "inapam_card", sha256: SHA.inapam },
      { kind: "proof_of_address", sha256: SHA.address },
    ],
    signature: SHA.sig,
    gps: null,
    gps_error: "unavailable",
    phone: null,
    notes: null,
    started_at: "2026-11-28T16:00:00.000Z",
    renewal_of: null,
    answers_request: null,
    ...p,
  };
}

async function photos(db: Db, shas: string[]): Promise<void> {
  for (const sha of shas) await putBlob(db, { sha256: sha, type: "image/jpeg", size: 3, kind: sha === SHA.sig ? "signature" : "photo", bytes: new Uint8Array([1, 2, 3]).buffer });
}

async function viewsOf(db: Db) {
  const [rows, overlay, outbox, blobs] = await Promise.all([allRows(db), listOverlay(db), listOutbox(db), listBlobs(db)]);
  return discountViews(rows, overlay, outbox, blobs.filter((b) => b.state === "queued" || b.state === "failed"));
}

describe("applyDiscount", () => {
  it("writes the outbox row, the local application, the answered question, the stop done, removes the draft and queues the blobs, in one transaction", async () => {
    const db = freshDb();
    await photos(db, Object.values(SHA));
    const key = discountDraftKey(D.acc2, D.asked);
    await putDraft(db, key, "discount", { id: APP });
    const a = args({ account_id: D.acc2, answers_request: D.asked, renewal_of: null });
    const e = await applyDiscount(db, a, { stop_id: D.renewalStop, problems: ["MISSING_DOCUMENTS"] });

    expect(e).toMatchObject({ name: "discount.apply", v: 1, state: "pending", ref: { t: "discount_application", id: APP } });
    expect(e.blobs?.sort()).toEqual(Object.values(SHA).sort());
    const [entry] = await listOutbox(db);
    expect(entry.args).toEqual(a);
    const overlay = await listOverlay(db);
    expect(overlay.every((o) => o.seq === e.seq)).toBe(true);
    const put = overlay.find((o) => o.t === "discount_application" && o.id === APP);
    expect(put).toMatchObject({ op: "put", d: { status: "submitted", evidence_pending: true, problems: ["MISSING_DOCUMENTS"], account_id: D.acc2, curp: CURP.rosa, answers_request: D.asked } });
    expect(overlay.find((o) => o.id === D.asked)).toMatchObject({ t: "discount_application", op: "patch", d: { status: "answered" } });
    expect(overlay.find((o) => o.t === "stop")).toMatchObject({ id: D.renewalStop, op: "patch", d: { status: "done" } });
    expect(await getDraft(db, key)).toBeUndefined();
    for (const sha of Object.values(SHA)) expect(await getBlob(db, sha)).toMatchObject({ state: "queued", seq: e.seq });
  });

  it("writes nothing when a photo is not on the phone: no outbox row, no overlay, the draft kept, no blob queued", async () => {
    const db = freshDb();
    await photos(db, [SHA.id, SHA.inapam, SHA.sig]); // the proof of address is missing
    const key = discountDraftKey(D.acc1);
    await putDraft(db, key, "discount", { id: APP });
    await expect(applyDiscount(db, args())).rejects.toBeInstanceOf(MissingBlobError);
    expect(await listOutbox(db)).toEqual([]);
    expect(await listOverlay(db)).toEqual([]);
    expect(await getDraft(db, key)).toEqual({ id: APP });
    expect((await listBlobs(db)).map((b) => b.state)).toEqual(["draft", "draft", "draft"]);
  });

  it("a renewal's draft has its own key, and no photos means no evidence pending", async () => {
    const db = freshDb();
    const key = discountDraftKey(D.acc1, D.renewed);
    expect(key).not.toBe(discountDraftKey(D.acc1));
    await putDraft(db, key, "discount", { id: APP });
    await applyDiscount(db, args({ documents: [], signature: null, renewal_of: D.renewed }));
    expect(await getDraft(db, key)).toBeUndefined();
    expect((await listOverlay(db))[0]).toMatchObject({ d: { evidence_pending: false, renewal_of: D.renewed } });
  });
});

describe("her applications as her list shows them", () => {
  it("Pendiente de envío → Evidencia pendiente while photos upload → Enviada; the server's rows: Falta información, Aprobada", async () => {
    const db = freshDb();
    await applyPullPage(db, {
      cookie: "c1",
      reset: false,
      has_more: false,
      patch: [
        { op: "put", t: "discount_application", id: D.asked, rv: 1, d: applicationRow(D.asked, { status: "needs_info", decision_note: "¿Vive ahí?" }) },
        { op: "put", t: "discount_application", id: D.renewed, rv: 2, d: applicationRow(D.renewed, { status: "approved", starts_on: "2026-01-01", ends_on: "2026-12-31" }) },
        { op: "put", t: "discount_program", id: D.program, rv: 3, d: { id: D.program, name: "Descuento social", rules: {}, active: true } },
      ],
    });
    await photos(db, [SHA.id, SHA.inapam, SHA.address, SHA.sig]);
    const e = await applyDiscount(db, args());
    let v = await viewsOf(db);
    expect(v.programs.map((p) => p.id)).toEqual([D.program]);
    const chips = () => Object.fromEntries(v.applications.map((a) => [a.id, a.chip]));
    expect(chips()).toEqual({ [APP]: "pending_send", [D.asked]: "needs_info", [D.renewed]: "approved" });
    expect(v.applications[0].id).toBe(APP); // newest first

    await applyPushResults(db, [{ seq: e.seq, status: "flagged", flags: ["ELIGIBILITY_PROBLEMS"] }]);
    v = await viewsOf(db);
    expect(v.applications.find((a) => a.id === APP)).toMatchObject({ chip: "evidence_pending", codes: ["ELIGIBILITY_PROBLEMS"], evidencePending: true });

    // The pull reflects it (the server still waits for the signature), then the photos arrive.
    await applyPullPage(db, { cookie: "c2", reset: false, has_more: false, last_seq: e.seq, patch: [{ op: "put", t: "discount_application", id: APP, rv: 4, d: applicationRow(APP, { evidence_pending: true, problems: ["TOO_YOUNG"] }) }] });
    for (const sha of Object.values(SHA)) await markBlob(db, sha, { state: "uploaded" });
    v = await viewsOf(db);
    expect(v.applications.find((a) => a.id === APP)).toMatchObject({ chip: "evidence_pending", problems: ["TOO_YOUNG"] });
    await applyPullPage(db, { cookie: "c3", reset: false, has_more: false, last_seq: e.seq, patch: [{ op: "put", t: "discount_application", id: APP, rv: 5, d: applicationRow(APP, { evidence_pending: false }) }] });
    v = await viewsOf(db);
    expect(v.applications.find((a) => a.id === APP)?.chip).toBe("submitted");
  });

  it("a mutation the server refused still shows, Observada, with its code", async () => {
    const db = freshDb();
    const e = await applyDiscount(db, args({ documents: [], signature: null }));
    await applyPushResults(db, [{ seq: e.seq, status: "rejected", code: "DISCOUNT_PROGRAM_NOT_FOUND" }]);
    expect(await listOverlay(db)).toEqual([]);
    const v = await viewsOf(db);
    expect(v.applications).toHaveLength(1);
    expect(v.applications[0]).toMatchObject({ id: APP, chip: "observed", codes: ["DISCOUNT_PROGRAM_NOT_FOUND"], beneficiary_name: "Rosa González Núñez" });
  });
});
