import { describe, expect, it } from "vitest";
import { type Case, loadFixtures } from "./helpers/shared-fixtures";
import { formatCents, parseCents } from "../src/domain/money-dates";
import {
  AgreementError,
  CURP_DICTIONARY,
  INPUT_ERRORS,
  REASONS,
  REASON_LABELS,
  ageOn,
  curpCheckDigit,
  curpProblems,
  discountCredit,
  eligibilityProblems,
  expired,
  missingDocuments,
  renewalDue,
  validity,
  type Applicant,
  type DiscountAccount,
  type DiscountProgram,
} from "../src/domain/discount-rules";

// The same files the server's tests run (tests/fixtures/discounts): both sides must agree.
const load = <I, E>(name: string): Case<I, E>[] => loadFixtures<I, E>("discounts", name);

/** The result as the fixtures write it, or { error: code }. */
function outcome<T>(fn: () => T): T | { error: string } {
  try {
    return fn();
  } catch (e) {
    if (e instanceof AgreementError) return { error: e.code };
    throw e;
  }
}

type ChargeIn = { service: string; concept: string; amount: string; consumption_m3: number | null };

const eligibility = load<{ program: DiscountProgram; applicant: Applicant; account: DiscountAccount; as_of: string }, { reasons?: string[]; messages?: string[]; error?: string }>("eligibility");
const credits = load<{ program: DiscountProgram; charge: ChargeIn; consumption_m3?: number | null }, unknown>("credit");
const curps = load<{ curp: string | null; birth_date?: string }, { problems?: string[]; error?: string }>("curp");
const windows = load<{ approved_on: string; as_of: string; program: DiscountProgram }, unknown>("windows");

describe("discount fixtures shared with the server", () => {
  it("has the promised spread of cases", () => {
    expect(eligibility.length).toBeGreaterThanOrEqual(25);
    expect(credits.length).toBeGreaterThanOrEqual(20);
    expect(curps.length).toBeGreaterThanOrEqual(15);
    expect(windows.length).toBeGreaterThanOrEqual(12);
    const seen = new Set(eligibility.flatMap((c) => c.expected.reasons ?? []));
    expect([...seen].sort()).toEqual([...REASONS].sort());
    const problems = new Set(curps.flatMap((c) => c.expected.problems ?? []));
    expect([...problems].sort()).toEqual(["CURP_BIRTH_MISMATCH", "CURP_CHECK_DIGIT", "CURP_FORMAT"]);
  });

  it.each(eligibility.map((c) => [c.name, c] as const))("eligibility: %s", (_, c) => {
    const i = c.input;
    const got = outcome(() => {
      const reasons = eligibilityProblems(i.program, i.applicant, i.account, i.as_of);
      return "messages" in c.expected ? { reasons, messages: reasons.map((r) => REASON_LABELS[r]) } : { reasons };
    });
    expect(got).toEqual(c.expected);
  });

  it.each(credits.map((c) => [c.name, c] as const))("credit: %s", (_, c) => {
    const i = c.input;
    const got = outcome(() => {
      const charge = { ...i.charge, amount: parseCents(i.charge.amount) };
      const cents = "consumption_m3" in i ? discountCredit(i.program, charge, i.consumption_m3) : discountCredit(i.program, charge);
      return { credit: formatCents(cents) };
    });
    expect(got).toEqual(c.expected);
  });

  it.each(curps.map((c) => [c.name, c] as const))("curp: %s", (_, c) => {
    expect(outcome(() => ({ problems: curpProblems(c.input.curp, c.input.birth_date ?? null) }))).toEqual(c.expected);
  });

  it.each(windows.map((c) => [c.name, c] as const))("window: %s", (_, c) => {
    const i = c.input;
    const got = outcome(() => {
      const w = validity(i.approved_on, i.program);
      return { ...w, renewal_due: renewalDue(w.ends_on, i.as_of, i.program), expired: expired(w.ends_on, i.as_of) };
    });
    expect(got).toEqual(c.expected);
  });
});

const PROGRAM: DiscountProgram = eligibility[0].input.program;
const ROSA = "GONR550312MSRMXS03";
const APPLICANT: Applicant = { type: "senior", curp: ROSA, birth_date: "1955-03-12", lives_there: true, documents: ["id", "inapam_card", "proof_of_address"] };
const ACCOUNT: DiscountAccount = { property_class: "domestic", months_past_due: 0, agreement_in_good_standing: false, other_accounts_with_curp: [] };

describe("discount helpers", () => {
  it("labels every code, reasons first in the order they come, as sentences", () => {
    expect(Object.keys(REASON_LABELS)).toEqual([...REASONS, ...INPUT_ERRORS]);
    for (const label of Object.values(REASON_LABELS)) expect(label).toMatch(/^[A-ZÁÉÍÓÚÑ].*\.$/);
    expect(REASON_LABELS.TOO_YOUNG.toLowerCase()).toContain("usted");
  });

  it("lists the missing documents in the program's order", () => {
    expect(missingDocuments(PROGRAM, { ...APPLICANT, documents: ["inapam_card"] })).toEqual(["id", "proof_of_address"]);
    expect(missingDocuments(PROGRAM, { ...APPLICANT, type: "constructor", documents: [] })).toEqual([]);
  });

  it("counts whole years; a Feb 29 birthday comes on Mar 1 in a common year", () => {
    expect(ageOn("1960-02-29", "2025-02-28")).toBe(64);
    expect(ageOn("1960-02-29", "2025-03-01")).toBe(65);
    expect(ageOn("1966-05-14", "2026-05-14")).toBe(60);
    expect(ageOn("2030-01-01", "2026-05-14")).toBe(-4);
  });

  it("computes the check digit from the first 17 characters", () => {
    expect(curpCheckDigit("GONR550312MSRMXS0")).toBe("3");
    expect(curpCheckDigit(ROSA)).toBe("3");
    expect(() => curpCheckDigit("GONR550312")).toThrow(AgreementError);
  });

  it("errors carry their code", () => {
    try {
      validity("2026-05-14", { ...PROGRAM, validity_days: 1.5 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AgreementError);
      expect((e as AgreementError).code).toBe("INVALID_PROGRAM");
    }
    expect(() => discountCredit(PROGRAM, { service: "water", concept: "consumption", amount: 12.5, consumption_m3: 3 })).toThrow(AgreementError);
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
const STATES = "AS BC BS CC CL CM CS CH DF DG GT GR HG JC MC MN MS NT NL OC PL QT QR SP SL SR TC TS TL VZ YN ZS NE".split(" ");
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const CONSONANTS = "BCDFGHJKLMNPQRSTVWXYZ";
const DIM = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The date `days` after an ISO date, one day at a time (slow and obviously right). */
function plusDays(iso: string, days: number): string {
  let [y, m, d] = iso.split("-").map(Number);
  const dim = (yy: number, mm: number) => (mm === 2 && ((yy % 4 === 0 && yy % 100 !== 0) || yy % 400 === 0) ? 29 : DIM[mm - 1]);
  for (let k = 0; k < Math.abs(days); k++) {
    if (days > 0) {
      d += 1;
      if (d > dim(y, m)) [d, m] = [1, m + 1];
      if (m > 12) [m, y] = [1, y + 1];
    } else {
      d -= 1;
      if (d < 1) {
        m -= 1;
        if (m < 1) [m, y] = [12, y - 1];
        d = dim(y, m);
      }
    }
  }
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

describe("discount properties (seeded)", () => {
  const rnd = prng(20260514);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[] | string): T => xs[int(0, xs.length - 1)] as T;

  /** A well-formed CURP with its right check digit, and the birth date it prints. */
  function randomCurp(): [string, string] {
    const born = plusDays("1900-01-01", int(0, 73_000));
    const year = Number(born.slice(0, 4));
    const head = pick<string>(LETTERS) + pick<string>("AEIOUX") + pick<string>(LETTERS) + pick<string>(LETTERS) + born.slice(2, 4) + born.slice(5, 7) + born.slice(8, 10) + pick<string>("HMX") + pick(STATES) + pick<string>(CONSONANTS) + pick<string>(CONSONANTS) + pick<string>(CONSONANTS) + (year < 2000 ? pick<string>("0123456789") : pick<string>(LETTERS));
    return [head + curpCheckDigit(head), born];
  }

  it("a well-formed CURP with its check digit has no problems; any other digit is caught", () => {
    for (let run = 0; run < 2000; run++) {
      const [curp, born] = randomCurp();
      const typed = run % 3 === 0 ? ` ${curp.toLowerCase()}\n` : curp;
      expect(curpProblems(typed), curp).toEqual([]);
      expect(curpProblems(typed, born), curp).toEqual([]);
      expect(curpProblems(typed, plusDays(born, 1)), curp).toEqual(["CURP_BIRTH_MISMATCH"]);
      const total = [...curp.slice(0, 17)].reduce((s, ch, i) => s + CURP_DICTIONARY.indexOf(ch) * (18 - i), 0);
      expect(Number(curp[17])).toBe((10 - (total % 10)) % 10);
      const wrong = String((Number(curp[17]) + int(1, 9)) % 10);
      expect(curpProblems(curp.slice(0, 17) + wrong, born)).toEqual(["CURP_CHECK_DIGIT"]);
    }
  });

  it("the credit is the capped share at the percentage, never more than the charge", () => {
    const pcts = ["0", "5", "12.5", "33.333", "50", "75", "99.99", "100"];
    const halfUp = (num: bigint, den: bigint) => (2n * (num % den) >= den ? num / den + 1n : num / den);
    for (let run = 0; run < 4000; run++) {
      const amount = run % 4 === 0 ? int(0, 500) : int(0, 1e11);
      const used = rnd() < 0.2 ? null : int(0, 10_000);
      const cap = rnd() < 0.2 ? null : int(0, 200);
      const pct = pick(pcts);
      const concept = pick(["consumption", "fixed", "surcharge", "fine", "enforcement_costs"]);
      const service = pick(["water", "sewer"]);
      const program = { ...PROGRAM, pct, monthly_m3_cap: cap };
      const credit = discountCredit(program, { service, concept, amount, consumption_m3: used });
      const label = JSON.stringify({ amount, used, cap, pct, concept, service });
      expect(Number.isSafeInteger(credit) && credit >= 0 && credit <= amount, label).toBe(true);
      if (service !== "water" || ["surcharge", "fine", "enforcement_costs"].includes(concept)) {
        expect(credit, label).toBe(0);
        continue;
      }
      const base = cap === null || used === null || used <= cap ? BigInt(amount) : halfUp(BigInt(amount) * BigInt(cap), BigInt(used));
      const [whole, frac = ""] = pct.split(".");
      const expected = halfUp(base * BigInt(whole + frac), 100n * 10n ** BigInt(frac.length));
      expect(BigInt(credit), label).toBe(expected);
      expect(credit, label).toBeLessThanOrEqual(discountCredit({ ...program, monthly_m3_cap: null }, { service, concept, amount, consumption_m3: used }));
      if (pct === "100" && BigInt(amount) === base) expect(credit, label).toBe(amount);
    }
  });

  it("a window lasts its days and the renewal comes before expiry", () => {
    for (let run = 0; run < 1500; run++) {
      const approved = plusDays("2000-01-01", int(0, 33_000));
      const days = int(1, 800);
      const notice = int(0, 90);
      const program = { ...PROGRAM, validity_days: days, renewal_notice_days: notice };
      const w = validity(approved, program);
      const label = JSON.stringify({ approved, days, notice });
      expect(w.starts_on).toBe(approved);
      expect(w.ends_on, label).toBe(plusDays(approved, days - 1));
      const offset = int(-120, 30);
      const asOf = plusDays(w.ends_on, offset);
      expect(renewalDue(w.ends_on, asOf, program), label).toBe(-notice <= offset && offset <= 0);
      expect(expired(w.ends_on, asOf), label).toBe(offset > 0);
    }
  });

  it("an applicant who meets everything is eligible, and each lack adds its code", () => {
    const kinds = ["senior", "disability", "pensioner", "retiree"];
    for (let run = 0; run < 1500; run++) {
      const [curp, born] = randomCurp();
      const kind = pick(kinds);
      if (kind === "senior" && ageOn(born, "2026-05-14") < 60) continue;
      const documents = PROGRAM.required_documents[kind];
      const months = int(0, 40);
      const agreement = rnd() < 0.5;
      const applicant: Applicant = { type: kind, curp, birth_date: born, lives_there: true, documents: [...documents] };
      const account: DiscountAccount = { ...ACCOUNT, months_past_due: months, agreement_in_good_standing: agreement };
      const tail = months === 0 || agreement ? [] : ["NOT_CURRENT"];
      expect(eligibilityProblems(PROGRAM, applicant, account, "2026-05-14"), curp).toEqual(tail);
      const drop = int(0, 2);
      expect(eligibilityProblems(PROGRAM, { ...applicant, documents: documents.filter((_, i) => i !== drop) }, account, "2026-05-14")).toEqual(["MISSING_DOCUMENTS", ...tail]);
      expect(eligibilityProblems(PROGRAM, { ...applicant, lives_there: false }, { ...account, other_accounts_with_curp: ["01-0001-001"] }, "2026-05-14")).toEqual(["NOT_LIVING_THERE", "CURP_IN_USE", ...tail]);
    }
  });
});
