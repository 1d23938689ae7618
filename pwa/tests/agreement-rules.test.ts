import { describe, expect, it } from "vitest";
import { type Case, loadFixtures } from "./helpers/shared-fixtures";
import {
  AgreementError,
  addMonths,
  buildSchedule,
  canonicalJson,
  classTerms,
  compareCodePoints,
  daysInMonth,
  formatCents,
  formatPesos,
  minDownPayment,
  parseCents,
  payoffQuote,
  termsHash,
  validateTerms,
  verificationCode,
  type AgreementPolicy,
  type DebtLine,
  type Json,
  type PayoffQuote,
  type Promotion,
  type ScheduleItem,
  type Waiver,
} from "../src/domain/agreement-rules";

// The same files the server's tests run (tests/fixtures/agreements): both sides must agree.
const load = <I, E>(name: string): Case<I, E>[] => loadFixtures<I, E>("agreements", name);

type Money = string;
type Outcome<T> = T | { error: string };

/** The result as the fixtures write it, or { error: code }. */
function outcome<T>(fn: () => T): Outcome<T> {
  try {
    return fn();
  } catch (e) {
    if (e instanceof AgreementError) return { error: e.code };
    throw e;
  }
}

const scheduleJson = (items: ScheduleItem[]) => items.map((p) => ({ ...p, amount: formatCents(p.amount) }));
const quoteJson = (q: PayoffQuote) => ({
  ...q,
  lines: q.lines.map((l) => ({ ...l, amount: formatCents(l.amount), discount: formatCents(l.discount), net: formatCents(l.net) })),
  by_service: Object.fromEntries(Object.entries(q.by_service).map(([s, c]) => [s, formatCents(c)])),
  total: formatCents(q.total),
  discount_total: formatCents(q.discount_total),
});

const schedules = load<{ agreed_debt: Money; down_payment: Money; installments: number; start_date: string; first_due: string | null }, unknown>("schedules");
const quotes = load<{ lines: { service: string; concept: string; amount: Money }[]; promotions: Promotion[]; as_of: string }, unknown>("quotes");
const validation = load<
  {
    policy: AgreementPolicy;
    property_class: string | null;
    role: string;
    agreed_debt: Money;
    down_payment: Money;
    installments: number;
    waivers: (Omit<Waiver, "amount"> & { amount: Money })[];
    promotions_applied: (string | number)[];
  },
  unknown
>("validation");
const hashes = load<{ terms: Json }, unknown>("hashes");

describe("agreement fixtures shared with the server", () => {
  it("has the promised spread of cases", () => {
    expect(schedules.length).toBeGreaterThanOrEqual(40);
    expect(quotes.length).toBeGreaterThanOrEqual(15);
    expect(validation.length).toBeGreaterThanOrEqual(15);
    expect(hashes.length).toBeGreaterThanOrEqual(5);
  });

  it.each(schedules.map((c) => [c.name, c] as const))("schedule: %s", (_, c) => {
    const i = c.input;
    const got = outcome(() => scheduleJson(buildSchedule(parseCents(i.agreed_debt), parseCents(i.down_payment), i.installments, i.start_date, i.first_due)));
    expect(got).toEqual(c.expected);
  });

  it.each(quotes.map((c) => [c.name, c] as const))("quote: %s", (_, c) => {
    const lines: DebtLine[] = c.input.lines.map((l) => ({ ...l, amount: parseCents(l.amount) }));
    expect(outcome(() => quoteJson(payoffQuote(lines, c.input.promotions, c.input.as_of)))).toEqual(c.expected);
  });

  it.each(validation.map((c) => [c.name, c] as const))("validation: %s", (_, c) => {
    const i = c.input;
    const waivers: Waiver[] = i.waivers.map((w) => ({ ...w, amount: parseCents(w.amount) }));
    const got = validateTerms(i.policy, i.property_class, i.role, parseCents(i.agreed_debt), parseCents(i.down_payment), i.installments, waivers, i.promotions_applied);
    expect(got).toEqual(c.expected);
  });

  it.each(hashes.map((c) => [c.name, c] as const))("hash: %s", async (_, c) => {
    let got: unknown;
    try {
      const canonical = canonicalJson(c.input.terms);
      const hash = await termsHash(c.input.terms);
      got = { canonical, hash, code: verificationCode(hash) };
    } catch (e) {
      if (!(e instanceof AgreementError)) throw e;
      got = { error: e.code };
    }
    expect(got).toEqual(c.expected);
  });
});

describe("agreement helpers", () => {
  it("parses and writes money as integer centavos", () => {
    expect(parseCents("1234.56")).toBe(123456);
    expect(parseCents("0.5")).toBe(50);
    expect(parseCents("-0.01")).toBe(-1);
    expect(parseCents("987654.32")).toBe(98765432);
    expect(formatCents(98765432)).toBe("987654.32");
    expect(formatCents(-5)).toBe("-0.05");
    expect(formatPesos(98765432)).toBe("$987,654.32");
    expect(formatPesos(100)).toBe("$1.00");
    for (const bad of ["1.234", "1,00", "", "abc", "1e3", " 1.00"]) expect(() => parseCents(bad)).toThrow(AgreementError);
  });

  it("adds months from the original day, clamped to the month's end", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2028-01-31", 1)).toBe("2028-02-29");
    expect(addMonths("2026-01-31", 2)).toBe("2026-03-31");
    expect(addMonths("2026-12-15", 1)).toBe("2027-01-15");
    expect(addMonths("2026-03-31", -1)).toBe("2026-02-28");
    expect(addMonths("2026-01-15", -13)).toBe("2024-12-15");
    expect(() => addMonths("2026-02-29", 1)).toThrow(AgreementError);
  });

  it("sorts like Python: by code point, not by UTF-16 unit", () => {
    expect(["😀", "ﬁ", "é", "a"].sort(compareCodePoints)).toEqual(["a", "é", "ﬁ", "😀"]);
    expect(compareCodePoints("ab", "a")).toBe(1);
    expect(compareCodePoints("a", "a")).toBe(0);
  });

  it("errors carry their code", () => {
    try {
      buildSchedule(10000, 2000, 0, "2026-01-01", null);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AgreementError);
      expect((e as AgreementError).code).toBe("INSTALLMENTS_REQUIRED");
    }
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

function addDays(iso: string, days: number): string {
  let [y, m, d] = iso.split("-").map(Number);
  for (let i = 0; i < days; i++) {
    d += 1;
    if (d > daysInMonth(y, m)) {
      d = 1;
      m += 1;
      if (m > 12) {
        m = 1;
        y += 1;
      }
    }
  }
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

const POLICY: AgreementPolicy = {
  version: 1,
  classes: {
    domestic: { down_payment_min_pct: "20", max_installments: 12, grace_days: 10 },
    default: { down_payment_min_pct: "20", max_installments: 6, grace_days: 10 },
  },
  waivable_concepts: ["surcharge", "fine"],
  waiver_limits: { notifier: "promotion_only", clerk: "2000.00", manager: null },
  reinstate_waived_on_breach: true,
};

describe("agreement properties (seeded)", () => {
  it("a schedule within policy adds up to the centavo, has no part ≤ 0, and valid rising due dates", () => {
    const rnd = prng(20260514);
    const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
    for (let run = 0; run < 4000; run++) {
      const debt = run % 5 === 0 ? int(1, 500) : int(1, 200_000_000);
      const cls = rnd() < 0.5 ? "domestic" : "commercial";
      const most = classTerms(POLICY, cls).max_installments;
      const down = int(minDownPayment(POLICY, cls, debt), debt);
      const rest = debt - down;
      const n = rest === 0 ? 0 : int(1, Math.min(most, rest));
      const start = `${int(2020, 2040)}-${String(int(1, 12)).padStart(2, "0")}-${String(int(1, 28)).padStart(2, "0")}`;
      const first = addDays(start, int(0, 62));
      const parts = buildSchedule(debt, down, n, start, first);
      const label = JSON.stringify({ debt, down, n, start, first });

      expect(parts.reduce((s, p) => s + p.amount, 0), label).toBe(debt);
      expect(parts.every((p) => Number.isSafeInteger(p.amount) && p.amount > 0), label).toBe(true);
      expect(parts[0]?.kind === "down_payment", label).toBe(down > 0);
      const inst = parts.filter((p) => p.kind === "installment");
      expect(inst.map((p) => p.number)).toEqual(Array.from({ length: n }, (_, k) => k + 1));
      expect(inst.map((p) => p.due_date)).toEqual(Array.from({ length: n }, (_, k) => addMonths(first, k)));
      for (let k = 1; k < inst.length; k++) expect(inst[k - 1].due_date < inst[k].due_date, label).toBe(true);
      for (const p of inst) {
        const [y, m, d] = p.due_date.split("-").map(Number);
        const firstDay = Number(first.slice(8));
        expect(d === firstDay || (d < firstDay && d === daysInMonth(y, m)), label).toBe(true);
        expect(p.due_date >= start).toBe(true);
      }
      if (n > 0) {
        const base = inst[0].amount;
        expect(inst.slice(0, -1).every((p) => p.amount === base)).toBe(true);
        expect(inst[n - 1].amount - base).toBeGreaterThanOrEqual(0);
        expect(inst[n - 1].amount - base).toBeLessThan(n);
      }
      expect(buildSchedule(debt, down, n, start, first)).toEqual(parts);
      expect(validateTerms(POLICY, cls, "clerk", debt, down, n, [], []), label).toEqual([]);
    }
  });

  it("a quote never goes below zero and adds up", () => {
    const rnd = prng(7);
    const pcts = ["0", "5", "10", "33.333", "50", "99.99", "100"];
    const concepts = ["surcharge", "consumption", "fine", "sewer", "enforcement_costs"];
    for (let run = 0; run < 1500; run++) {
      const lines: DebtLine[] = Array.from({ length: Math.floor(rnd() * 12) }, (_, i) => ({
        service: ["water", "sewer", "sanitation"][i % 3],
        concept: concepts[Math.floor(rnd() * concepts.length)],
        amount: Math.floor(rnd() * 50_000_000),
      }));
      const promos: Promotion[] = Array.from({ length: Math.floor(rnd() * 4) }, (_, i) => ({
        id: i,
        name: "p",
        kind: rnd() < 0.6 ? "pct_off_accessories" : "pct_off_principal",
        pct: pcts[Math.floor(rnd() * pcts.length)],
        concepts: null,
        valid_until: null,
      }));
      const q = payoffQuote(lines, promos, "2026-05-14");
      expect(q.lines.every((l) => l.net >= 0 && l.discount >= 0 && l.net + l.discount === l.amount)).toBe(true);
      expect(q.total + q.discount_total).toBe(lines.reduce((s, l) => s + l.amount, 0));
      expect(Object.values(q.by_service).reduce((s, c) => s + c, 0)).toBe(q.total);
    }
  });
});
