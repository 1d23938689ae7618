/**
 * An agreement (convenio) being made, from what the device or the counter knows to the exact
 * `agreement.sign` v1 args: the rows read as the pure rules want them, the live plan the builder
 * shows (quote, agreed debt, minimum down payment, schedule, Spanish errors) and the args with
 * their `terms_hash`.
 *
 * The rules themselves live in agreement-rules.ts and promotion-rules.ts (shared with the
 * server); this module only wires them. The args are built in the server's dump form
 * (server/agreements/mutations.py AgreementSignV1 after marshmallow's dump): every key present
 * (null when empty), money as strings with two decimals, dates "YYYY-MM-DD", ids lowercase,
 * so that the server's hash over SIGNED_FIELDS equals ours byte for byte. No DOM, no storage.
 */
import { es } from "../i18n/es";
import {
  AgreementError,
  addMonths,
  buildSchedule,
  classTerms,
  formatCents,
  minDownPayment,
  parseCents,
  payoffQuote,
  termsHash,
  validateTerms,
  verificationCode,
  type AgreementPolicy,
  type Cents,
  type DebtLine,
  type IsoDate,
  type Json,
  type PayoffQuote,
  type Promotion,
  type ScheduleItem,
  type TermsError,
  type Waiver,
} from "./agreement-rules";
import { eligiblePromotions, type AccountFacts, type PromotionProgram } from "./promotion-rules";
import type { AccountRow, AgreementPolicyRow, AgreementSignArgsV1, PromotionRow, Role } from "./types";

/** The fields the server's terms_hash binds (server/agreements/service.py SIGNED_FIELDS), in its order. */
export const SIGNED_FIELDS = [
  "id",
  "account_id",
  "policy_version",
  "snapshot",
  "promotions",
  "waivers",
  "agreed_debt",
  "down_payment",
  "installments",
  "start_date",
  "first_due",
  "schedule",
  "customer",
  "customer_signature",
  "staff_signature",
  "signed_at",
] as const;

/** The server takes at most this many promotions in one agreement (AgreementSignV1). */
export const MAX_PROMOTIONS = 5;
/** Schema limits of the customer's data (CustomerIn) and of a waiver's reason (WaiverIn). */
export const LIMITS = { name: 200, phone: 20, idShown: 100, reason: 300, installments: 60 } as const;

// --- rows as the rules want them -------------------------------------------------------------

/**
 * The server's initial policy (server/agreements/service.py DEFAULT_POLICY, DOMAIN.md), which it
 * stores as version 1 the first time anyone reads the policy. Used only while the device holds
 * no `agreement_policy` row (a server where nobody has read the policy yet sends none): the
 * builder says so, and the server takes the agreement (flagged POLICY_UNKNOWN if it had no
 * version 1 yet).
 */
export const INITIAL_POLICY_ROW: AgreementPolicyRow = {
  version: 1,
  rules: {
    classes: {
      domestic: { down_payment_min_pct: "20", max_installments: 12, grace_days: 10 },
      default: { down_payment_min_pct: "20", max_installments: 6, grace_days: 10 },
    },
    waivable_concepts: ["surcharge", "fine"],
    waiver_limits: { notifier: "promotion_only", clerk: "2000.00", manager: null },
    reinstate_waived_on_breach: true,
  },
};

/** The policy of a row (`{version, rules}`) in the rules' flat form. */
export function policyFromRow(row: AgreementPolicyRow): AgreementPolicy {
  return { version: row.version, ...row.rules };
}

export { latestPolicy } from "./agreement-rows";

/** An account's debt lines in centavos, in the row's order (the snapshot keeps that order). */
export function debtLines(account: Pick<AccountRow, "debt_lines">): DebtLine[] {
  return (account.debt_lines ?? []).map((l) => ({ service: l.service, concept: l.concept, amount: parseCents(l.amount) }));
}

/**
 * What promotion eligibility reads of an account row. The debt is the total of its debt lines
 * (what the snapshot carries and what the server re-checks the promotions against when the
 * agreement arrives: server/agreements/service.py account_facts); `debt.total` only when the
 * row has no lines. They differ only when the account holds an unapplied credit.
 */
export function accountFacts(account: AccountRow): AccountFacts {
  let debt = account.debt?.total ?? "0.00";
  if (account.debt_lines) {
    try {
      debt = formatCents(debtLines(account).reduce((s, l) => s + l.amount, 0));
    } catch {
      /* a line the rules cannot read: keep the row's total */
    }
  }
  return {
    property_class: account.property_class ?? null,
    neighborhood_id: account.neighborhood_id ?? null,
    months_past_due: account.months_past_due ?? 0,
    debt,
    prior_promotions: account.prior_promotions ?? [],
  };
}

/** A promotion row (or an office `offered` entry) as a program the rules read. */
export function promotionProgram(row: PromotionRow): PromotionProgram {
  return {
    id: String(row.id),
    name: row.name,
    kind: row.kind,
    pct: row.pct,
    concepts: row.concepts ?? null,
    valid_from: row.valid_from ?? null,
    valid_until: row.valid_until ?? null,
    active: row.active,
    eligibility: row.eligibility ?? {},
  };
}

/**
 * The promotions the device may offer this account today, in a stable order (the newest
 * vigencia first, then by id): the order they are applied in, and the order of `promotions`
 * in the signed terms. A promotion the rules cannot read is left out, never offered.
 */
export function offeredPromotions(rows: Iterable<PromotionRow>, account: AccountRow, today: IsoDate): PromotionProgram[] {
  const programs = [...rows].map(promotionProgram).sort((a, b) => {
    const fa = a.valid_from ?? "";
    const fb = b.valid_from ?? "";
    if (fa !== fb) return fa < fb ? 1 : -1;
    return String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0;
  });
  const facts = accountFacts(account);
  return programs.filter((p) => {
    try {
      return eligiblePromotions([p], facts, today).length === 1;
    } catch {
      return false;
    }
  });
}

/** The field role the server signs a phone's agreement as (the first of these the user has). */
export function fieldSignerRole(roles: readonly Role[]): "notifier" | "cutter" | "social_worker" {
  return (["notifier", "cutter", "social_worker"] as const).find((r) => roles.includes(r)) ?? "notifier";
}

/** The role the counter signs as (server/agreements/routes.py: manager, else clerk). */
export function counterSignerRole(roles: readonly Role[]): "manager" | "clerk" {
  return roles.includes("manager") ? "manager" : "clerk";
}

/**
 * May this role add manual waivers (condonaciones) at all? Only a role the policy lists with a
 * money limit or no limit (null); "promotion_only" and unlisted roles apply promotions only.
 */
export function canWaive(policy: AgreementPolicy, role: string): boolean {
  const limits = policy.waiver_limits ?? {};
  if (!Object.prototype.hasOwnProperty.call(limits, role)) return false;
  const limit = limits[role];
  return limit === null || (limit !== "promotion_only" && /^\d+(\.\d{1,2})?$/.test(limit) && parseCents(limit) > 0);
}

/** The role's waiver limit in centavos (null: no limit); only meaningful when canWaive. */
export function waiverLimit(policy: AgreementPolicy, role: string): Cents | null {
  const limit = (policy.waiver_limits ?? {})[role];
  return limit === null || limit === undefined ? null : limit === "promotion_only" ? 0 : parseCents(limit);
}

// --- the live plan -----------------------------------------------------------------------------

export interface TermsInput {
  lines: DebtLine[];
  /** Eligible promotions, in the order they apply. */
  promotions: Promotion[];
  asOf: IsoDate;
  policy: AgreementPolicy;
  propertyClass: string | null;
  role: string;
  waivers: Waiver[];
  /** Down payment in centavos; null when the text typed is not an amount. */
  downPayment: Cents | null;
  /** Number of installments; null when the text typed is not a whole number. */
  installments: number | null;
  firstDue: IsoDate;
}

export interface TermsPlan {
  quote: PayoffQuote;
  /** The promotions that discounted something (or freeze), in order: the ones the terms name. */
  applied: Promotion[];
  /** Quote total − manual waivers. */
  agreedDebt: Cents;
  waivedTotal: Cents;
  minDown: Cents;
  maxInstallments: number;
  graceDays: number;
  schedule: ScheduleItem[] | null;
  /** Everything that keeps the terms from being signed, in Spanish (field = where to show it). */
  errors: TermsError[];
}

/** "Pesos" typed by a person ("1,234.5", "$ 250") in centavos; null when it is not an amount. */
export function parsePesosInput(text: string): Cents | null {
  const clean = text.replace(/[\s$,]/g, "");
  if (!/^\d+(\.\d{1,2})?$/.test(clean)) return null;
  try {
    return parseCents(clean);
  } catch {
    return null;
  }
}

/** A whole number typed by a person; null otherwise. */
export function parseCount(text: string): number | null {
  const t = text.trim();
  return /^\d{1,3}$/.test(t) ? Number(t) : null;
}

/** The payoff quote with at most MAX_PROMOTIONS applied promotions (the first ones that discount). */
export function quoteFor(lines: DebtLine[], promotions: Promotion[], asOf: IsoDate): { quote: PayoffQuote; applied: Promotion[] } {
  let quote = payoffQuote(lines, promotions, asOf);
  let applied = promotions.filter((p) => quote.promotions.includes(p.id));
  if (applied.length > MAX_PROMOTIONS) {
    applied = applied.slice(0, MAX_PROMOTIONS);
    quote = payoffQuote(lines, applied, asOf);
    applied = applied.filter((p) => quote.promotions.includes(p.id));
  }
  return { quote, applied };
}

const E = es.agreements.errors;

/** Everything the builder shows while the terms are being set; never throws on what a person typed. */
export function planTerms(input: TermsInput): TermsPlan {
  const { quote, applied } = quoteFor(input.lines, input.promotions, input.asOf);
  const terms = classTerms(input.policy, input.propertyClass);
  const waivedTotal = input.waivers.reduce((s, w) => s + (Number.isSafeInteger(w.amount) ? w.amount : 0), 0);
  const agreedDebt = quote.total - waivedTotal;
  const errors: TermsError[] = [];
  const add = (code: string, field: string, message: string) => errors.push({ code, field, message });

  // A waiver reaches at most what the promotions left of its line.
  const net = new Map<string, Cents>();
  for (const l of quote.lines) net.set(`${l.service}|${l.concept}`, (net.get(`${l.service}|${l.concept}`) ?? 0) + l.net);
  const asked = new Map<string, Cents>();
  input.waivers.forEach((w, i) => {
    const k = `${w.service}|${w.concept}`;
    asked.set(k, (asked.get(k) ?? 0) + w.amount);
    if (!net.has(k)) add("WAIVER_LINE_UNKNOWN", `waivers[${i}].concept`, E.waiverLine);
    else if ((asked.get(k) ?? 0) > (net.get(k) ?? 0)) add("WAIVER_EXCEEDS_LINE", `waivers[${i}].amount`, E.waiverExceeds);
    if ((w.reason ?? "").length > LIMITS.reason) add("WAIVER_REASON_TOO_LONG", `waivers[${i}].reason`, E.tooLong(LIMITS.reason));
  });

  const minDown = agreedDebt > 0 ? minDownPayment(input.policy, input.propertyClass, agreedDebt) : 0;
  let schedule: ScheduleItem[] | null = null;
  if (input.downPayment === null) add("INVALID_AMOUNT", "down_payment", E.amount);
  if (input.installments === null) add("INVALID_INSTALLMENTS", "installments", E.installments);
  else if (input.installments > LIMITS.installments) add("INVALID_INSTALLMENTS", "installments", E.installments);
  if (input.downPayment !== null && input.installments !== null && input.installments <= LIMITS.installments) {
    try {
      schedule = buildSchedule(agreedDebt, input.downPayment, input.installments, input.asOf, input.firstDue);
    } catch (e) {
      const code = e instanceof AgreementError ? e.code : "INVALID_TERMS";
      const field = code.startsWith("DOWN_PAYMENT") ? "down_payment" : code === "FIRST_DUE_BEFORE_START" || code === "INVALID_DATE" ? "first_due" : code === "NON_POSITIVE_DEBT" ? "agreed_debt" : "installments";
      add(code, field, (E.schedule as Record<string, string>)[code] ?? E.generic);
    }
    if (agreedDebt > 0) {
      try {
        for (const err of validateTerms(input.policy, input.propertyClass, input.role, agreedDebt, input.downPayment, input.installments, input.waivers, applied.map((p) => p.id))) {
          errors.push(err);
        }
      } catch {
        add("INVALID_TERMS", "down_payment", E.generic);
      }
    }
  }
  if (schedule && schedule.length === 0) {
    schedule = null;
    add("NON_POSITIVE_DEBT", "agreed_debt", E.schedule.NON_POSITIVE_DEBT);
  }
  return { quote, applied, agreedDebt, waivedTotal, minDown, maxInstallments: Math.trunc(terms.max_installments), graceDays: terms.grace_days, schedule, errors };
}

/** The default first due date: one month after the start. */
export function defaultFirstDue(today: IsoDate): IsoDate {
  return addMonths(today, 1);
}

// --- the signed terms ------------------------------------------------------------------------

export interface CustomerInput {
  name: string;
  phone: string;
  id_shown: string;
}

/** What is signed: the terms as the builder holds them, plus who signs, when, and the ids. */
export interface SignInput extends TermsInput {
  id: string;
  account_id: string;
  customer: CustomerInput;
  customerSignature: string | null;
  staffSignature: string | null;
  /** ISO 8601 with its zone, kept as written (it is part of the hash). */
  signedAt: string;
}

const orNull = (s: string | null | undefined): string | null => {
  const t = (s ?? "").trim();
  return t ? t : null;
};

/** The signed fields of a set of args (what terms_hash binds), in the server's form. */
export function signedTerms(args: Omit<AgreementSignArgsV1, "terms_hash"> | AgreementSignArgsV1): Json {
  const out: Record<string, Json> = {};
  for (const k of SIGNED_FIELDS) out[k] = (args as unknown as Record<string, Json>)[k] ?? null;
  return out;
}

/**
 * `agreement.sign` v1 args exactly as the server dumps them, with terms_hash. The plan (quote,
 * agreed debt, schedule) is computed here from the same input, so the args always agree with
 * themselves. Throws INVALID_TERMS when there is no schedule (the builder never offers
 * "Firmar" then); terms outside the policy are still built (the server parks them for review).
 */
export async function buildAgreementArgs(p: SignInput): Promise<AgreementSignArgsV1> {
  const plan = planTerms(p);
  if (!plan.schedule || p.downPayment === null || p.installments === null) throw new AgreementError("INVALID_TERMS", "no schedule");
  const body: Omit<AgreementSignArgsV1, "terms_hash"> = {
    id: p.id.toLowerCase(),
    account_id: p.account_id.toLowerCase(),
    policy_version: p.policy.version,
    snapshot: { as_of: p.asOf, lines: p.lines.map((l) => ({ service: l.service, concept: l.concept, amount: formatCents(l.amount) })) },
    promotions: plan.applied.map((x) => String(x.id)),
    waivers: p.waivers.map((w) => ({ service: w.service, concept: w.concept, amount: formatCents(w.amount), reason: orNull(w.reason) })),
    agreed_debt: formatCents(plan.agreedDebt),
    down_payment: formatCents(p.downPayment),
    installments: p.installments,
    start_date: p.asOf,
    first_due: p.firstDue,
    schedule: plan.schedule.map((s) => ({ number: s.number, kind: s.kind, amount: formatCents(s.amount), due_date: s.due_date })),
    customer: { name: p.customer.name.trim(), phone: orNull(p.customer.phone), id_shown: orNull(p.customer.id_shown) },
    customer_signature: p.customerSignature,
    staff_signature: p.staffSignature,
    signed_at: p.signedAt,
  };
  const terms_hash = await termsHash(signedTerms(body));
  return { ...body, terms_hash };
}

/** The code printed on the agreement ("XXXX-XXXX-XXXX") from its args. */
export function codeOf(args: Pick<AgreementSignArgsV1, "terms_hash">): string {
  return verificationCode(args.terms_hash);
}

/** Problems with the customer's data (Spanish), by field. */
export function customerErrors(c: CustomerInput): Record<string, string> {
  const out: Record<string, string> = {};
  const name = c.name.trim();
  if (name.length < 2) out.name = E.customerName;
  else if (name.length > LIMITS.name) out.name = E.tooLong(LIMITS.name);
  if (c.phone.trim().length > LIMITS.phone) out.phone = E.tooLong(LIMITS.phone);
  if (c.id_shown.trim().length > LIMITS.idShown) out.id_shown = E.tooLong(LIMITS.idShown);
  return out;
}
