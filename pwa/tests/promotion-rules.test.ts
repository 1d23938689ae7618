import { describe, expect, it } from "vitest";
import { type Case, loadFixtures } from "./helpers/shared-fixtures";
import { AgreementError } from "../src/domain/agreement-rules";
import {
  PROMOTION_REASON_LABELS,
  eligiblePromotions,
  promotionApplies,
  type AccountFacts,
  type PromotionProgram,
  type PromotionReason,
} from "../src/domain/promotion-rules";

// The same files the server's tests run (tests/fixtures/promotions): both sides must agree.
const load = <I, E>(name: string): Case<I, E>[] => loadFixtures<I, E>("promotions", name);

type Input = { facts: AccountFacts; as_of: string } & ({ promotion: PromotionProgram } | { promotions: PromotionProgram[] });
type Expected = { reasons: string[]; messages?: string[] } | { eligible: (string | number)[] } | { error: string };

const cases = load<Input, Expected>("eligibility");

const CODES: PromotionReason[] = [
  "INACTIVE",
  "NOT_YET_VALID",
  "EXPIRED",
  "CLASS_NOT_ELIGIBLE",
  "NEIGHBORHOOD_NOT_ELIGIBLE",
  "TOO_FEW_MONTHS",
  "TOO_MANY_MONTHS",
  "DEBT_BELOW_MINIMUM",
  "DEBT_ABOVE_MAXIMUM",
  "PRIOR_BENEFICIARY",
];

/** The result as the fixture writes it: {reasons} (with their labels when the case has them), {eligible: ids}, or {error: code}. */
function outcome(input: Input, expected: Expected): unknown {
  try {
    if ("promotion" in input) {
      const reasons = promotionApplies(input.promotion, input.facts, input.as_of);
      return "messages" in expected ? { reasons, messages: reasons.map((c) => PROMOTION_REASON_LABELS[c]) } : { reasons };
    }
    return { eligible: eligiblePromotions(input.promotions, input.facts, input.as_of).map((p) => p.id) };
  } catch (e) {
    if (e instanceof AgreementError) return { error: e.code };
    throw e;
  }
}

describe("promotion fixtures shared with the server", () => {
  it("has the promised spread of cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    const seen = new Set(cases.flatMap((c) => ("reasons" in c.expected ? c.expected.reasons : [])));
    expect([...seen].sort()).toEqual([...CODES].sort());
    expect(cases.filter((c) => "promotions" in c.input).length).toBeGreaterThanOrEqual(5);
  });

  it.each(cases.map((c) => [c.name, c] as const))("eligibility: %s", (_, c) => {
    expect(outcome(c.input, c.expected)).toEqual(c.expected);
  });
});

describe("promotion helpers", () => {
  it("labels every code, in the order the reasons come", () => {
    expect(Object.keys(PROMOTION_REASON_LABELS)).toEqual(CODES);
    for (const label of Object.values(PROMOTION_REASON_LABELS)) expect(label).toMatch(/^[A-ZÁÉÍÓÚÑ].*\.$/);
  });

  it("returns the same promotion objects, in order", () => {
    const open: PromotionProgram = { id: 1, name: "p", kind: "freeze", pct: "0", concepts: null, valid_from: null, valid_until: null, active: true, eligibility: {} };
    const late: PromotionProgram = { ...open, id: 2, eligibility: { min_months_past_due: 6 } };
    const third: PromotionProgram = { ...open, id: 3 };
    const facts: AccountFacts = { property_class: "domestic", neighborhood_id: 4, months_past_due: 3, debt: "1500.00", prior_promotions: [] };
    const kept = eligiblePromotions([third, late, open], facts, "2026-03-01");
    expect(kept).toEqual([third, open]);
    expect(kept[0]).toBe(third);
  });
});

// --- properties over a few thousand seeded random cases ---------------------------------------

/** mulberry32: a small seeded PRNG, so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

describe("promotion properties (seeded)", () => {
  it("an active promotion without limits, within its dates, applies to every account", () => {
    const rnd = prng(20260315);
    const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
    const classes = [null, "domestic", "commercial", "industrial", "public", "vacant_lot"];
    for (let run = 0; run < 3000; run++) {
      const y = int(2000, 2099);
      const m = int(1, 12);
      const asOf = `${y}-${pad(m)}-${pad(int(1, 28))}`;
      const from = rnd() < 0.3 ? null : `${y - int(0, 1)}-${pad(int(1, m))}-01`;
      const until = rnd() < 0.3 ? null : `${y + int(0, 1)}-${pad(int(m, 12))}-28`;
      const id = rnd() < 0.5 ? int(0, 50) : `prom-${int(0, 50)}`;
      const promotion: PromotionProgram = {
        id,
        name: "p",
        kind: "pct_off_accessories",
        pct: "100",
        concepts: null,
        valid_from: from !== null && from > asOf ? asOf : from,
        valid_until: until !== null && until < asOf ? asOf : until,
        active: true,
        eligibility:
          rnd() < 0.5
            ? {}
            : { property_classes: [], neighborhood_ids: [], min_months_past_due: null, max_months_past_due: null, min_debt: null, max_debt: null, exclude_prior_beneficiaries: false },
      };
      const cents = int(0, 1e11);
      const facts: AccountFacts = {
        property_class: classes[int(0, classes.length - 1)],
        neighborhood_id: rnd() < 0.2 ? null : int(0, 1e6),
        months_past_due: int(0, 600),
        debt: `${Math.floor(cents / 100)}.${pad(cents % 100)}`,
        prior_promotions: [id, int(0, 50)],
      };
      const label = JSON.stringify({ promotion, facts, asOf });
      expect(promotionApplies(promotion, facts, asOf), label).toEqual([]);
      expect(eligiblePromotions([promotion], facts, asOf), label).toEqual([promotion]);
    }
  });
});
