/**
 * Promotion eligibility (programas de descuento de un programa de cobranza): which promotions
 * an account may get on a date, so the phone offers them offline while the customer waits.
 *
 * The server has the same rule in server/campaigns/rules.py (promotion_applies); both run the
 * shared cases in tests/fixtures/promotions/eligibility.json, so what the phone offers is what
 * the server accepts.
 *
 * Money is compared exactly as integer centavos (parseCents from agreement-rules); dates are
 * "YYYY-MM-DD" strings, checked with checkDate and then compared as strings. No DOM, no
 * storage, no network.
 */
import { AgreementError, checkDate, parseCents, type Cents, type IsoDate, type Promotion } from "./agreement-rules";

/** Who may get a promotion; an empty list admits all, a null limit has none (limits are inclusive). */
export interface PromotionEligibility {
  property_classes?: string[];
  neighborhood_ids?: number[];
  min_months_past_due?: number | null;
  max_months_past_due?: number | null;
  /** Money as "123.45". */
  min_debt?: string | null;
  max_debt?: string | null;
  exclude_prior_beneficiaries?: boolean;
}

/** A promotion as the server syncs it: what the quote needs plus its dates and who may get it. */
export interface PromotionProgram extends Promotion {
  valid_from: IsoDate | null;
  active: boolean;
  /** A missing key means no restriction (the server sends {} for none). */
  eligibility: PromotionEligibility;
}

/** What the rule needs to know of an account. */
export interface AccountFacts {
  property_class: string | null;
  neighborhood_id: number | null;
  months_past_due: number;
  /** Money as "1234.56". */
  debt: string;
  /** Ids of the promotions this account already benefited from. */
  prior_promotions: (string | number)[];
}

export type PromotionReason =
  | "INACTIVE"
  | "NOT_YET_VALID"
  | "EXPIRED"
  | "CLASS_NOT_ELIGIBLE"
  | "NEIGHBORHOOD_NOT_ELIGIBLE"
  | "TOO_FEW_MONTHS"
  | "TOO_MANY_MONTHS"
  | "DEBT_BELOW_MINIMUM"
  | "DEBT_ABOVE_MAXIMUM"
  | "PRIOR_BENEFICIARY";

/** Every reason a promotion does not apply, in the order promotionApplies reports them (as the server's PROMOTION_REASON_LABELS). */
export const PROMOTION_REASON_LABELS: Readonly<Record<PromotionReason, string>> = {
  INACTIVE: "La promoción no está activa.",
  NOT_YET_VALID: "La promoción aún no está vigente.",
  EXPIRED: "La vigencia de la promoción ya concluyó.",
  CLASS_NOT_ELIGIBLE: "La clasificación del predio no está incluida en la promoción.",
  NEIGHBORHOOD_NOT_ELIGIBLE: "La colonia del predio no está incluida en la promoción.",
  TOO_FEW_MONTHS: "La cuenta tiene menos meses de atraso de los que requiere la promoción.",
  TOO_MANY_MONTHS: "La cuenta tiene más meses de atraso de los que admite la promoción.",
  DEBT_BELOW_MINIMUM: "El adeudo es menor que el mínimo que requiere la promoción.",
  DEBT_ABOVE_MAXIMUM: "El adeudo es mayor que el máximo que admite la promoción.",
  PRIOR_BENEFICIARY: "La cuenta ya recibió esta promoción anteriormente.",
};

/** A whole number of months ≥ 0; INVALID_MONTHS otherwise. */
function checkMonths(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new AgreementError("INVALID_MONTHS", String(value));
  return value;
}

const optional = <T, R>(value: T | null | undefined, convert: (v: T) => R): R | null => (value === null || value === undefined ? null : convert(value));

/**
 * The reasons `promotion` does not apply to an account on `asOf`; [] when it applies.
 *
 * Codes come in the order of PROMOTION_REASON_LABELS: INACTIVE, NOT_YET_VALID (asOf before
 * valid_from), EXPIRED (asOf after valid_until: the last day itself is valid),
 * CLASS_NOT_ELIGIBLE, NEIGHBORHOOD_NOT_ELIGIBLE (an empty list admits all), TOO_FEW_MONTHS,
 * TOO_MANY_MONTHS, DEBT_BELOW_MINIMUM, DEBT_ABOVE_MAXIMUM (limits inclusive, null = none),
 * PRIOR_BENEFICIARY (exclude_prior_beneficiaries and the id is in prior_promotions).
 *
 * Every input is checked first, whatever the outcome, and throws AgreementError in this order:
 * INVALID_DATE (asOf, valid_from, valid_until), INVALID_AMOUNT (debt, min_debt, max_debt),
 * INVALID_MONTHS (months_past_due, min_months_past_due, max_months_past_due).
 */
export function promotionApplies(promotion: PromotionProgram, facts: AccountFacts, asOf: IsoDate): PromotionReason[] {
  const today = checkDate(asOf);
  const validFrom = optional(promotion.valid_from, checkDate);
  const validUntil = optional(promotion.valid_until, checkDate);
  const rules: PromotionEligibility = promotion.eligibility ?? {};
  const debt: Cents = parseCents(facts.debt);
  const minDebt = optional(rules.min_debt, parseCents);
  const maxDebt = optional(rules.max_debt, parseCents);
  const months = checkMonths(facts.months_past_due);
  const minMonths = optional(rules.min_months_past_due, checkMonths);
  const maxMonths = optional(rules.max_months_past_due, checkMonths);
  const classes = rules.property_classes ?? [];
  const neighborhoods = rules.neighborhood_ids ?? [];

  const checks: Record<PromotionReason, boolean> = {
    INACTIVE: promotion.active !== true,
    NOT_YET_VALID: validFrom !== null && today < validFrom,
    EXPIRED: validUntil !== null && today > validUntil,
    CLASS_NOT_ELIGIBLE: classes.length > 0 && (facts.property_class === null || !classes.includes(facts.property_class)),
    NEIGHBORHOOD_NOT_ELIGIBLE: neighborhoods.length > 0 && (facts.neighborhood_id === null || !neighborhoods.includes(facts.neighborhood_id)),
    TOO_FEW_MONTHS: minMonths !== null && months < minMonths,
    TOO_MANY_MONTHS: maxMonths !== null && months > maxMonths,
    DEBT_BELOW_MINIMUM: minDebt !== null && debt < minDebt,
    DEBT_ABOVE_MAXIMUM: maxDebt !== null && debt > maxDebt,
    PRIOR_BENEFICIARY: rules.exclude_prior_beneficiaries === true && (facts.prior_promotions ?? []).includes(promotion.id),
  };
  return (Object.keys(PROMOTION_REASON_LABELS) as PromotionReason[]).filter((code) => checks[code]);
}

/** The promotions that apply to the account on `asOf`, in the given order. */
export function eligiblePromotions<P extends PromotionProgram>(promotions: readonly P[], facts: AccountFacts, asOf: IsoDate): P[] {
  return promotions.filter((p) => promotionApplies(p, facts, asOf).length === 0);
}
