/**
 * Agreements on the device: the `agreement.sign` v1 args in the server's dump form and their
 * terms_hash (byte for byte what server/agreements recomputes over SIGNED_FIELDS), the live
 * plan's Spanish errors, the mutation with its local row in ONE transaction, and the state
 * the screens show (pendiente → Activo / En revisión with the flags in Spanish).
 */
import { describe, expect, it } from "vitest";
import { canonicalJson, termsHash, verificationCode, type Json } from "../src/domain/agreement-rules";
import {
  buildAgreementArgs,
  canWaive,
  debtLines,
  fieldSignerRole,
  latestPolicy,
  offeredPromotions,
  planTerms,
  policyFromRow,
  SIGNED_FIELDS,
  type SignInput,
} from "../src/domain/agreement-terms";
import { flagLabel } from "../src/domain/outcomes";
import { navFor } from "../src/app/nav";
import { agreementDraftKey, signAgreement } from "../src/mutations";
import { listBlobs, putBlob } from "../src/storage/blobs";
import type { Db } from "../src/storage/db";
import { getDraft, putDraft } from "../src/storage/drafts";
import { getMeta } from "../src/storage/meta";
import { listOutbox } from "../src/storage/outbox";
import { listOverlay } from "../src/storage/overlay";
import { allRows } from "../src/storage/rows";
import { applyPullPage, applyPushResults, MissingBlobError } from "../src/storage/transactions";
import { buildView } from "../src/state/view";
import { AGR, accountRow, OTHER_PROMOTION_ROW, POLICY_ROW, PROMOTION_ROW } from "./helpers/agreement-fixtures";
import { freshDb } from "./helpers/env";

const TODAY = "2026-11-28";
const SHA_C = "a".repeat(64);
const SHA_S = "b".repeat(64);

/** The server's SIGNED_FIELDS, written out here on purpose (server/agreements/service.py). */
const SERVER_SIGNED_FIELDS = ["id", "account_id", "policy_version", "snapshot", "promotions", "waivers", "agreed_debt", "down_payment", "installments", "start_date", "first_due", "schedule", "customer", "customer_signature", "staff_signature", "signed_at"];

function input(p: Partial<SignInput> = {}): SignInput {
  const account = accountRow();
  const policy = policyFromRow(POLICY_ROW);
  return {
    lines: debtLines(account),
    promotions: offeredPromotions([OTHER_PROMOTION_ROW, PROMOTION_ROW], account, TODAY),
    asOf: TODAY,
    policy,
    propertyClass: account.property_class,
    role: "notifier",
    waivers: [],
    downPayment: 65500,
    installments: 6,
    firstDue: "2026-12-28",
    id: AGR.agreement,
    account_id: AGR.account,
    customer: { name: "José Peña", phone: " 662 123 4567 ", id_shown: "" },
    customerSignature: SHA_C,
    staffSignature: SHA_S,
    signedAt: "2026-11-28T16:05:00.000Z",
    ...p,
  };
}

describe("agreement.sign v1 args and their hash", () => {
  it("builds the args in the server's dump form: every key, money with two decimals, lines in the account's order", async () => {
    const args = await buildAgreementArgs(input());
    const { terms_hash, ...rest } = args;
    expect(rest).toEqual({
      id: AGR.agreement,
      account_id: AGR.account,
      policy_version: 1,
      snapshot: {
        as_of: TODAY,
        lines: [
          { service: "sewer", concept: "consumption", amount: "600.00" },
          { service: "water", concept: "consumption", amount: "2500.00" },
          { service: "water", concept: "surcharge", amount: "300.00" },
          { service: "water", concept: "fine", amount: "50.00" },
        ],
      },
      promotions: [AGR.promotion], // the commercial one is not offered to a domestic account
      waivers: [],
      agreed_debt: "3275.00", // 3450.00 − 50% of (300.00 + 50.00)
      down_payment: "655.00",
      installments: 6,
      start_date: TODAY,
      first_due: "2026-12-28",
      schedule: [
        { number: 0, kind: "down_payment", amount: "655.00", due_date: TODAY },
        { number: 1, kind: "installment", amount: "436.66", due_date: "2026-12-28" },
        { number: 2, kind: "installment", amount: "436.66", due_date: "2027-01-28" },
        { number: 3, kind: "installment", amount: "436.66", due_date: "2027-02-28" },
        { number: 4, kind: "installment", amount: "436.66", due_date: "2027-03-28" },
        { number: 5, kind: "installment", amount: "436.66", due_date: "2027-04-28" },
        { number: 6, kind: "installment", amount: "436.70", due_date: "2027-05-28" },
      ],
      customer: { name: "José Peña", phone: "662 123 4567", id_shown: null },
      customer_signature: SHA_C,
      staff_signature: SHA_S,
      signed_at: "2026-11-28T16:05:00.000Z",
    });
    expect(terms_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("terms_hash is termsHash of exactly the server's SIGNED_FIELDS, non-ASCII kept (José Peña), and equals the server's", async () => {
    const args = await buildAgreementArgs(input());
    expect([...SIGNED_FIELDS]).toEqual(SERVER_SIGNED_FIELDS);
    const signed = Object.fromEntries(SERVER_SIGNED_FIELDS.map((k) => [k, (args as unknown as Record<string, Json>)[k]])) as Json;
    expect(args.terms_hash).toBe(await termsHash(signed));
    expect(canonicalJson(signed)).toContain('"customer":{"id_shown":null,"name":"José Peña","phone":"662 123 4567"}');
    expect(canonicalJson(signed)).not.toContain("\\u00e9");
    // Computed by the server's own code (AgreementSignV1 load → dump, signed_terms, rules.terms_hash) for these args.
    expect(args.terms_hash).toBe("ff1e70fe6b7e6323bbf7c0fd1737e93bc191ad859511cfbbbd76f92808bde3c4");
    expect(verificationCode(args.terms_hash)).toBe("FF1E-70FE-6B7E");
    // Any signed change changes the hash; terms_hash itself is not signed.
    const other = await buildAgreementArgs(input({ customer: { name: "Jose Pena", phone: "662 123 4567", id_shown: "" } }));
    expect(other.terms_hash).not.toBe(args.terms_hash);
  });

  it("manual waivers (a clerk's) lower the agreed debt and travel with their reason or null", async () => {
    const args = await buildAgreementArgs(
      input({ role: "clerk", waivers: [{ service: "water", concept: "fine", amount: 2500, reason: "  " }], downPayment: 65000, installments: 12, firstDue: "2027-01-31", signedAt: "2026-11-28T09:05:00-07:00" }),
    );
    expect(args.waivers).toEqual([{ service: "water", concept: "fine", amount: "25.00", reason: null }]);
    expect(args.agreed_debt).toBe("3250.00");
    expect(args.schedule.at(-1)).toEqual({ number: 12, kind: "installment", amount: "216.74", due_date: "2027-12-31" });
    expect(args.signed_at).toBe("2026-11-28T09:05:00-07:00"); // kept as written
  });

  it("refuses to build without a schedule", async () => {
    await expect(buildAgreementArgs(input({ downPayment: 65500, installments: 0 }))).rejects.toThrow(/INVALID_TERMS/);
  });
});

describe("the live plan", () => {
  it("prefers the policy's words: a down payment below the minimum, too many installments", () => {
    const p = planTerms({ ...input(), downPayment: 10000, installments: 13 });
    expect(p.minDown).toBe(65500);
    expect(p.errors.map((e) => e.code)).toEqual(["DOWN_PAYMENT_BELOW_POLICY", "TOO_MANY_INSTALLMENTS"]);
    expect(p.errors[0].message).toBe("El enganche mínimo para esta clasificación es de $655.00 (20% del adeudo convenido).");
    expect(p.errors[1].message).toBe("El plazo máximo para esta clasificación es de 12 parcialidades.");
    expect(p.schedule).toHaveLength(14); // still shown
  });

  it("a notifier may not waive; a clerk within 2,000.00; text that is not an amount is told in Spanish", () => {
    const policy = policyFromRow(POLICY_ROW);
    expect(canWaive(policy, "notifier")).toBe(false);
    expect(canWaive(policy, "cutter")).toBe(false); // not listed: promotions only
    expect(canWaive(policy, "clerk")).toBe(true);
    expect(canWaive(policy, "manager")).toBe(true);
    const notifier = planTerms({ ...input(), waivers: [{ service: "water", concept: "fine", amount: 100, reason: null }] });
    expect(notifier.errors.map((e) => e.code)).toContain("WAIVER_NOT_ALLOWED");
    const over = planTerms({ ...input(), role: "clerk", waivers: [{ service: "water", concept: "consumption", amount: 250000, reason: null }] });
    expect(over.errors.map((e) => e.code)).toEqual(expect.arrayContaining(["CONCEPT_NOT_WAIVABLE", "WAIVER_OVER_LIMIT"]));
    const bad = planTerms({ ...input(), downPayment: null, installments: null });
    expect(bad.errors.map((e) => e.message)).toEqual(["Escriba un importe en pesos, con hasta dos decimales.", "Escriba un número entero de parcialidades (de 0 a 60)."]);
    const early = planTerms({ ...input(), firstDue: "2026-11-01" });
    expect(early.errors.map((e) => e.message)).toEqual(["El primer vencimiento no puede ser anterior a hoy."]);
  });

  it("promotions are checked against the debt lines' total (as the server re-checks them), not a balance net of credits", () => {
    const capped = { ...PROMOTION_ROW, eligibility: { max_debt: "3400.00" } };
    const withCredit = accountRow({ debt: { ...accountRow().debt, total: "3300.00" } }); // 150.00 unapplied credit
    expect(offeredPromotions([capped], withCredit, TODAY)).toEqual([]);
    expect(offeredPromotions([{ ...capped, eligibility: { max_debt: "3450.00" } }], withCredit, TODAY).map((p) => p.id)).toEqual([AGR.promotion]);
  });

  it("the policy row with the highest version wins; the signer role is the user's first field role", () => {
    expect(latestPolicy([POLICY_ROW, { ...POLICY_ROW, version: 3 }, { ...POLICY_ROW, version: 2 }])?.version).toBe(3);
    expect(latestPolicy([])).toBeNull();
    expect(fieldSignerRole(["cutter"])).toBe("cutter");
    expect(fieldSignerRole(["social_worker", "notifier"])).toBe("notifier");
  });

  it("office roles get 'Convenios' in the nav; field roles reach the builder from a stop", () => {
    expect(navFor(["clerk"]).map((n) => n.testid)).toContain("nav-agreements");
    expect(navFor(["director"]).map((n) => n.testid)).toContain("nav-agreements");
    expect(navFor(["notifier"]).map((n) => n.testid)).not.toContain("nav-agreements");
  });
});

async function viewOf(db: Db) {
  return buildView(await allRows(db), await listOverlay(db), await listOutbox(db), await listBlobs(db));
}

async function signed(db: Db) {
  const bytes = (n: number) => new Uint8Array([137, 80, 78, 71, n]).buffer;
  await putBlob(db, { sha256: SHA_C, type: "image/png", size: 5, kind: "signature", bytes: bytes(1) });
  await putBlob(db, { sha256: SHA_S, type: "image/png", size: 5, kind: "signature", bytes: bytes(2) });
  await putDraft(db, agreementDraftKey(AGR.account), "agreement", { down_payment: "655" });
  const args = await buildAgreementArgs(input());
  const e = await signAgreement(db, args, { holder_name: "Pérez López Juana", stop_id: "s1", verification_code: verificationCode(args.terms_hash) });
  return { args, e };
}

describe("signing on the device: one IndexedDB transaction", () => {
  it("writes the outbox entry, the local agreement row, the draft removal and the signatures' upload together", async () => {
    const db = freshDb();
    const { args, e } = await signed(db);
    expect(e).toMatchObject({ seq: 1, name: "agreement.sign", v: 1, state: "pending", ref: { t: "agreement", id: AGR.agreement }, blobs: [SHA_C, SHA_S] });
    const [entry] = await listOutbox(db);
    expect(entry.args).toEqual(args);
    const overlay = await listOverlay(db);
    expect(overlay).toHaveLength(1);
    expect(overlay[0]).toMatchObject({ seq: 1, t: "agreement", id: AGR.agreement, op: "put", d: { account_id: AGR.account, stop_id: "s1", agreed_debt: "3275.00", verification_code: "FF1E-70FE-6B7E" } });
    expect(await getDraft(db, agreementDraftKey(AGR.account))).toBeUndefined();
    const blobs = await listBlobs(db);
    expect(blobs.map((b) => [b.sha256, b.state, b.seq])).toEqual([
      [SHA_C, "queued", 1],
      [SHA_S, "queued", 1],
    ]);
    const v = await viewOf(db);
    expect(v.agreements).toHaveLength(1);
    expect(v.agreements[0]).toMatchObject({ id: AGR.agreement, state: "pending", verification_code: "FF1E-70FE-6B7E", holder_name: "Pérez López Juana" });
    expect(v.pending).toBe(1);
  });

  it("nothing is written when a signature is not stored (no seq consumed, no row, the draft kept)", async () => {
    const db = freshDb();
    await putDraft(db, agreementDraftKey(AGR.account), "agreement", { down_payment: "655" });
    const args = await buildAgreementArgs(input());
    await expect(signAgreement(db, args, { holder_name: "x", verification_code: "X" })).rejects.toBeInstanceOf(MissingBlobError);
    expect(await listOutbox(db)).toEqual([]);
    expect(await listOverlay(db)).toEqual([]);
    expect(await getMeta(db, "seq")).toBeUndefined();
    expect(await getDraft(db, agreementDraftKey(AGR.account))).toEqual({ down_payment: "655" });
  });

  it("after sync: 'Activo' when applied, 'En revisión' with the flags in Spanish when flagged; kept after the pull drops the overlay", async () => {
    const db = freshDb();
    await signed(db);
    await applyPushResults(db, [{ seq: 1, status: "flagged", flags: ["DEBT_CHANGED", "DUPLICATE_AGREEMENT"] }]);
    let v = await viewOf(db);
    expect(v.agreements[0]).toMatchObject({ state: "review", codes: ["DEBT_CHANGED", "DUPLICATE_AGREEMENT"] });
    expect(v.agreements[0].codes.map(flagLabel)).toEqual(["El adeudo cambió entre la cotización y la llegada (pago en tránsito)", "La cuenta ya tiene otro convenio"]);
    expect(v.observed).toBe(1);
    await applyPullPage(db, { cookie: "c1", reset: false, has_more: false, last_seq: 1, patch: [] });
    expect(await listOverlay(db)).toEqual([]);
    v = await viewOf(db);
    expect(v.agreements[0]).toMatchObject({ id: AGR.agreement, state: "review" });
    expect(v.agreements[0].args?.terms_hash).toBe("ff1e70fe6b7e6323bbf7c0fd1737e93bc191ad859511cfbbbd76f92808bde3c4");

    const db2 = freshDb();
    await signed(db2);
    await applyPushResults(db2, [{ seq: 1, status: "applied" }]);
    expect((await viewOf(db2)).agreements[0].state).toBe("active");
  });

  it("the view carries the newest policy and the promotions the pull sent", async () => {
    const db = freshDb();
    await applyPullPage(db, {
      cookie: "c",
      reset: false,
      has_more: false,
      last_seq: 0,
      patch: [
        { op: "put", t: "agreement_policy", id: "1", rv: 1, d: POLICY_ROW },
        { op: "put", t: "agreement_policy", id: "2", rv: 2, d: { ...POLICY_ROW, version: 2 } },
        { op: "put", t: "promotion", id: AGR.promotion, rv: 3, d: PROMOTION_ROW },
        { op: "put", t: "account", id: AGR.account, rv: 4, d: accountRow() },
      ],
    });
    const v = await viewOf(db);
    expect(v.policy?.version).toBe(2);
    expect(v.promotions.map((p) => p.id)).toEqual([AGR.promotion]);
    expect(v.accounts.get(AGR.account)?.debt_lines).toHaveLength(4);
  });
});
