/**
 * Payment agreements (convenios), the pure rules the phone runs while the customer waits: the
 * payoff quote, the installment schedule, the policy checks and the hash of the signed terms.
 *
 * The server has the same rules in server/agreements/rules.py; both run the shared cases in
 * tests/fixtures/agreements/*.json, so what the phone shows is what the server books.
 *
 * Money is integer centavos (plain numbers, always integers; never arithmetic on pesos as
 * floats): parseCents("1234.50") = 123450, formatCents(123450) = "1234.50". Percentages stay
 * decimal strings ("20", "33.5") and are applied with BigInt, rounding as the server does.
 * Dates are "YYYY-MM-DD" strings handled with integer arithmetic (no Date, no time zone).
 * No DOM, no storage, no network.
 *
 * The money and date helpers live in money-dates.ts and the hash of the signed terms in
 * terms-hash.ts; this module re-exports them, so everything is still imported from here.
 */
import {
  addMonths,
  AgreementError,
  checkCents,
  checkDate,
  compareCodePoints,
  formatPesos,
  monthEnd,
  parseCents,
  parsePct,
  pctCeiling,
  pctHalfUp,
  type Cents,
  type IsoDate,
  type Ratio,
} from "./money-dates";

export { AgreementError, addMonths, checkDate, compareCodePoints, daysInMonth, formatCents, formatPesos, monthEnd, parseCents, type Cents, type IsoDate } from "./money-dates";
export { canonicalJson, termsHash, verificationCode, type Json } from "./terms-hash";

// Mirrors server/ledger/enums.py: CONCEPTS (with their Spanish labels), ACCESSORY_CONCEPTS and
// PRINCIPAL_CONCEPTS. Keep them in step: the fixtures check the labels through the messages.
export const CONCEPT_LABELS: Readonly<Record<string, string>> = {
  consumption: "Consumo",
  fixed: "Cuota fija",
  sewer: "Drenaje",
  sanitation: "Saneamiento",
  surcharge: "Recargos",
  fine: "Multa",
  reconnection: "Reconexión",
  extraordinary: "Cargo extraordinario",
  enforcement_costs: "Gastos de ejecución",
};
/** Accessories (accesorios) stay apart from principal: waivers target them. */
export const ACCESSORY_CONCEPTS: readonly string[] = ["surcharge", "fine", "enforcement_costs"];
export const PRINCIPAL_CONCEPTS: readonly string[] = Object.keys(CONCEPT_LABELS).filter((c) => !ACCESSORY_CONCEPTS.includes(c));

export type PromotionKind = "pct_off_accessories" | "pct_off_principal" | "freeze";
export const PROMOTION_KINDS: readonly PromotionKind[] = ["pct_off_accessories", "pct_off_principal", "freeze"];

export interface ClassTerms {
  down_payment_min_pct: string;
  max_installments: number;
  grace_days: number;
}

/** The agreement policy (versioned by the server); money and percentages as strings. */
export interface AgreementPolicy {
  version: number;
  classes: Record<string, ClassTerms>;
  waivable_concepts: string[];
  /** "promotion_only", a money limit ("2000.00") or null (no limit). */
  waiver_limits: Record<string, string | null>;
  reinstate_waived_on_breach: boolean;
}

export interface DebtLine {
  service: string;
  concept: string;
  amount: Cents;
}

export interface Promotion {
  id: string | number;
  name: string;
  kind: PromotionKind;
  /** Percentage off ("100"); ignored for a freeze. */
  pct: string | null;
  /** null: every concept of the kind (accessories or principal). */
  concepts: string[] | null;
  valid_until: IsoDate | null;
}

export interface QuoteLine extends DebtLine {
  discount: Cents;
  net: Cents;
}

export interface PayoffQuote {
  lines: QuoteLine[];
  by_service: Record<string, Cents>;
  total: Cents;
  discount_total: Cents;
  promotions: (string | number)[];
  valid_until: IsoDate;
}

export interface ScheduleItem {
  number: number;
  kind: "down_payment" | "installment";
  amount: Cents;
  due_date: IsoDate;
}

export interface Waiver {
  service: string;
  concept: string;
  amount: Cents;
  reason: string | null;
}

export interface TermsError {
  code: string;
  field: string;
  message: string;
}

const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

// --- policy -------------------------------------------------------------------------------

/** The policy's terms for a property class, or its "default" entry. */
export function classTerms(policy: AgreementPolicy, propertyClass: string | null): ClassTerms {
  const own = propertyClass !== null && hasOwn(policy.classes, propertyClass) ? policy.classes[propertyClass] : undefined;
  return own ?? policy.classes["default"];
}

// --- payoff quote -------------------------------------------------------------------------

interface ResolvedPromotion {
  id: string | number;
  freeze: boolean;
  pct: Ratio;
  concepts: ReadonlySet<string>;
  validUntil: IsoDate | null;
}

/**
 * Check one promotion and resolve the concepts it reaches: pct_off_accessories reaches
 * accessory concepts only, pct_off_principal principal ones only (a `concepts` list narrows
 * them, null = all of them, never widens). pct must be 0..100; a freeze discounts nothing.
 */
function resolvePromotion(p: Promotion): ResolvedPromotion {
  if (!PROMOTION_KINDS.includes(p.kind)) throw new AgreementError("INVALID_PROMOTION", `kind ${String(p.kind)}`);
  const validUntil = p.valid_until === null || p.valid_until === undefined ? null : checkDate(p.valid_until);
  if (p.kind === "freeze") return { id: p.id, freeze: true, pct: { num: 0n, den: 1n }, concepts: new Set(), validUntil };
  let pct: Ratio;
  try {
    pct = parsePct(p.pct);
  } catch {
    throw new AgreementError("INVALID_PROMOTION", `pct ${JSON.stringify(p.pct)}`);
  }
  if (pct.num > 100n * pct.den) throw new AgreementError("INVALID_PROMOTION", `pct ${p.pct}`);
  const own = p.kind === "pct_off_accessories" ? ACCESSORY_CONCEPTS : PRINCIPAL_CONCEPTS;
  const concepts = new Set(p.concepts === null || p.concepts === undefined ? own : p.concepts.filter((c) => own.includes(c)));
  return { id: p.id, freeze: false, pct, concepts, validUntil };
}

/**
 * The exact amount to settle the debt on `asOf`, with the promotions that apply.
 *
 * `lines` is the debt snapshot by service and concept; `promotions` are already eligible and
 * apply in the given order, each to what the previous ones left:
 * discount = half-up(remaining × pct / 100) to the centavo, so net never drops below zero.
 * Lines keep their order; by_service is sorted by service; `promotions` lists the ids that
 * discounted something or are a freeze; valid_until is the earlier of the last day of asOf's
 * month and each applied promotion's valid_until.
 */
export function payoffQuote(lines: readonly DebtLine[], promotions: readonly Promotion[], asOf: IsoDate): PayoffQuote {
  let validUntil = monthEnd(asOf);
  const promos = promotions.map(resolvePromotion);
  const applied = promos.map((p) => p.freeze);
  const out: QuoteLine[] = [];
  for (const line of lines) {
    checkCents(line.amount);
    if (line.amount < 0) throw new AgreementError("NEGATIVE_LINE_AMOUNT", `${line.service}/${line.concept}`);
    let remaining = line.amount;
    for (let i = 0; i < promos.length; i++) {
      const promo = promos[i];
      if (!promo.concepts.has(line.concept) || remaining <= 0) continue;
      const discount = Math.min(remaining, pctHalfUp(remaining, promo.pct));
      if (discount > 0) {
        remaining -= discount;
        applied[i] = true;
      }
    }
    out.push({ service: line.service, concept: line.concept, amount: line.amount, discount: line.amount - remaining, net: remaining });
  }
  const totals = new Map<string, Cents>();
  for (const line of out) totals.set(line.service, (totals.get(line.service) ?? 0) + line.net);
  const byService: Record<string, Cents> = {};
  for (const service of [...totals.keys()].sort(compareCodePoints)) byService[service] = totals.get(service)!;
  promos.forEach((p, i) => {
    if (applied[i] && p.validUntil !== null && p.validUntil < validUntil) validUntil = p.validUntil;
  });
  return {
    lines: out,
    by_service: byService,
    total: out.reduce((sum, l) => sum + l.net, 0),
    discount_total: out.reduce((sum, l) => sum + l.discount, 0),
    promotions: promos.filter((_, i) => applied[i]).map((p) => p.id),
    valid_until: validUntil,
  };
}

// --- schedule -----------------------------------------------------------------------------

/**
 * The agreement's payments. Number 0 is the down payment, due on `startDate` (left out when it
 * is zero). Installments 1..n are due on addMonths(firstDue, k - 1), always counted from the
 * first due date (a 31st stays the 31st, or the month's last day). Each is
 * (agreedDebt − downPayment) / n rounded down to the centavo; the remainder (fewer than n
 * centavos) goes on the last one, so the parts add up to the agreed debt exactly. `firstDue`
 * is not read when there are no installments.
 *
 * Throws AgreementError, checked in this order: NON_POSITIVE_DEBT, DOWN_PAYMENT_NEGATIVE,
 * DOWN_PAYMENT_EXCEEDS_DEBT, INVALID_INSTALLMENTS, INSTALLMENTS_REQUIRED, INSTALLMENT_TOO_SMALL,
 * FIRST_DUE_BEFORE_START.
 */
export function buildSchedule(agreedDebt: Cents, downPayment: Cents, installments: number, startDate: IsoDate, firstDue: IsoDate | null): ScheduleItem[] {
  checkCents(agreedDebt);
  checkCents(downPayment);
  const start = checkDate(startDate);
  if (agreedDebt <= 0) throw new AgreementError("NON_POSITIVE_DEBT");
  if (downPayment < 0) throw new AgreementError("DOWN_PAYMENT_NEGATIVE");
  if (downPayment > agreedDebt) throw new AgreementError("DOWN_PAYMENT_EXCEEDS_DEBT");
  if (!Number.isSafeInteger(installments) || installments < 0) throw new AgreementError("INVALID_INSTALLMENTS", String(installments));
  const rest = agreedDebt - downPayment;
  if (rest > 0 && installments === 0) throw new AgreementError("INSTALLMENTS_REQUIRED");
  const schedule: ScheduleItem[] = [];
  if (downPayment > 0) schedule.push({ number: 0, kind: "down_payment", amount: downPayment, due_date: start });
  if (installments === 0) return schedule;
  const base = Math.floor(rest / installments); // exact: both are safe integers, the quotient is floored
  const remainder = rest - base * installments;
  if (base === 0) throw new AgreementError("INSTALLMENT_TOO_SMALL");
  const first = checkDate(firstDue as string);
  if (first < start) throw new AgreementError("FIRST_DUE_BEFORE_START");
  for (let k = 1; k <= installments; k++) {
    schedule.push({ number: k, kind: "installment", amount: base + (k === installments ? remainder : 0), due_date: addMonths(first, k - 1) });
  }
  return schedule;
}

// --- policy checks ------------------------------------------------------------------------

const label = (concept: string): string => (hasOwn(CONCEPT_LABELS, concept) ? CONCEPT_LABELS[concept] : concept);

/** The smallest down payment the policy accepts: agreedDebt × pct / 100, rounded up to the centavo. */
export function minDownPayment(policy: AgreementPolicy, propertyClass: string | null, agreedDebt: Cents): Cents {
  checkCents(agreedDebt);
  return pctCeiling(agreedDebt, parsePct(classTerms(policy, propertyClass).down_payment_min_pct));
}

/**
 * What in the proposed terms falls outside the policy, with Spanish messages for the staff
 * member; empty when within policy. `waivers` are the manual waivers (promotion discounts are
 * not waivers and never count against a role's limit; `promotionsApplied` is taken for the
 * record, no current check reads it). Order: DOWN_PAYMENT_BELOW_POLICY, TOO_MANY_INSTALLMENTS,
 * then per waiver CONCEPT_NOT_WAIVABLE, WAIVER_AMOUNT_INVALID, WAIVER_REASON_REQUIRED (a
 * manager's waiver without a reason), then WAIVER_NOT_ALLOWED (the role may only apply
 * promotions) or WAIVER_OVER_LIMIT (more than the role's limit; null = no limit; a role the
 * policy does not list may not waive).
 */
export function validateTerms(
  policy: AgreementPolicy,
  propertyClass: string | null,
  role: string,
  agreedDebt: Cents,
  downPayment: Cents,
  installments: number,
  waivers: readonly Waiver[],
  promotionsApplied: readonly (string | number)[],
): TermsError[] {
  void promotionsApplied; // recorded, not checked (see above)
  const terms = classTerms(policy, propertyClass);
  const errors: TermsError[] = [];
  const add = (code: string, field: string, message: string) => errors.push({ code, field, message });

  checkCents(downPayment);
  const minimum = minDownPayment(policy, propertyClass, agreedDebt);
  if (downPayment < minimum) {
    add("DOWN_PAYMENT_BELOW_POLICY", "down_payment", `El enganche mínimo para esta clasificación es de ${formatPesos(minimum)} (${terms.down_payment_min_pct}% del adeudo convenido).`);
  }
  const most = Math.trunc(terms.max_installments);
  if (installments > most) {
    add("TOO_MANY_INSTALLMENTS", "installments", `El plazo máximo para esta clasificación es de ${most} ${most === 1 ? "parcialidad" : "parcialidades"}.`);
  }

  const waivable = policy.waivable_concepts ?? [];
  const allowed = waivable.map(label).join(", ") || "ninguno";
  let total = 0;
  waivers.forEach((w, i) => {
    if (!waivable.includes(w.concept)) {
      add("CONCEPT_NOT_WAIVABLE", `waivers[${i}].concept`, `El concepto «${label(w.concept)}» no se puede condonar. Conceptos que se pueden condonar: ${allowed}.`);
    }
    checkCents(w.amount);
    if (w.amount <= 0) add("WAIVER_AMOUNT_INVALID", `waivers[${i}].amount`, "El monto a condonar debe ser mayor que cero.");
    else total += w.amount;
    if (role === "manager" && !(w.reason ?? "").trim()) {
      add("WAIVER_REASON_REQUIRED", `waivers[${i}].reason`, "Indique el motivo de la condonación.");
    }
  });

  const limits = policy.waiver_limits ?? {};
  if (waivers.length > 0) {
    const listed = hasOwn(limits, role);
    const limit = listed ? limits[role] : "0.00";
    if (limit === "promotion_only") {
      add("WAIVER_NOT_ALLOWED", "waivers", "Su rol solo puede aplicar las promociones vigentes; no puede condonar montos adicionales.");
    } else if (limit !== null && total > parseCents(limit)) {
      add(
        "WAIVER_OVER_LIMIT",
        "waivers",
        listed
          ? `La condonación manual suma ${formatPesos(total)} y excede su límite de ${formatPesos(parseCents(limit))}.`
          : `Su rol no está facultado para condonar; la condonación manual suma ${formatPesos(total)}.`,
      );
    }
  }
  return errors;
}
