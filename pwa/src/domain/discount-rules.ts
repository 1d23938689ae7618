/**
 * Social discounts (seniors, disabled people, pensioners and retirees), the pure rules the
 * social worker's phone runs at the door: the CURP checks, who qualifies for a program, the
 * credit on one water charge and the approval's validity window.
 *
 * The server has the same rules in server/discounts/rules.py; both run the shared cases in
 * tests/fixtures/discounts/*.json, so what the phone shows is what the office gets.
 *
 * A program's lists are strict: a beneficiary type or property class must be listed to qualify
 * (an empty list admits none). Money is integer centavos (plain numbers, always integers),
 * rounded half up with BigInt as the server does; dates are "YYYY-MM-DD" strings handled with
 * integer arithmetic (no Date, no time zone). Input the rules cannot work with throws
 * AgreementError (with a `code`), as the agreement rules do. No DOM, no storage, no network.
 */
import { ACCESSORY_CONCEPTS } from "./agreement-rules";
import { AgreementError, checkCents, checkDate, daysInMonth, parsePct, pctHalfUp, type Cents, type IsoDate } from "./money-dates";

export { AgreementError, type Cents, type IsoDate } from "./money-dates";

export type BeneficiaryType = "senior" | "disability" | "pensioner" | "retiree";
export const BENEFICIARY_TYPES: readonly BeneficiaryType[] = ["senior", "disability", "pensioner", "retiree"];

/** A discount program as the server syncs it (DiscountProgram.rules). */
export interface DiscountProgram {
  id?: string | number;
  name?: string;
  beneficiary_types: string[];
  /** Percentage off, a decimal string ("50"). */
  pct: string;
  services: string[];
  /** Only the first `cap` m³ of a month are discounted; null: no cap. */
  monthly_m3_cap: number | null;
  property_classes: string[];
  /** Documents required, by beneficiary type. */
  required_documents: Record<string, string[]>;
  /** Minimum age, by beneficiary type (a type not listed has none). */
  min_age: Record<string, number>;
  requires_current_or_agreement: boolean;
  validity_days: number;
  renewal_notice_days: number;
}

/** Who applies, as the social worker captured it. */
export interface Applicant {
  type: string;
  curp: string | null;
  birth_date: IsoDate | null;
  lives_there: boolean;
  /** Kinds of document photographed ("id", "inapam_card", ...). */
  documents: string[];
}

/** What the rules need to know of the account. */
export interface DiscountAccount {
  property_class: string | null;
  months_past_due: number;
  agreement_in_good_standing: boolean;
  /** Account numbers where this CURP already has a discount. */
  other_accounts_with_curp: string[];
}

export interface DiscountCharge {
  service: string;
  concept: string;
  amount: Cents;
  consumption_m3?: number | null;
}

export interface Validity {
  starts_on: IsoDate;
  ends_on: IsoDate;
}

export type DiscountReason =
  | "TYPE_NOT_IN_PROGRAM"
  | "TOO_YOUNG"
  | "CLASS_NOT_ELIGIBLE"
  | "NOT_LIVING_THERE"
  | "MISSING_DOCUMENTS"
  | "CURP_FORMAT"
  | "CURP_BIRTH_MISMATCH"
  | "CURP_CHECK_DIGIT"
  | "CURP_IN_USE"
  | "NOT_CURRENT";

export type DiscountInputError = "INVALID_DATE" | "INVALID_AMOUNT" | "NEGATIVE_AMOUNT" | "INVALID_PERCENT" | "INVALID_CONSUMPTION" | "INVALID_MONTHS" | "INVALID_PROGRAM";

/** What eligibilityProblems reports, in the order it reports them (as the server's REASONS). */
export const REASONS: readonly DiscountReason[] = [
  "TYPE_NOT_IN_PROGRAM",
  "TOO_YOUNG",
  "CLASS_NOT_ELIGIBLE",
  "NOT_LIVING_THERE",
  "MISSING_DOCUMENTS",
  "CURP_FORMAT",
  "CURP_BIRTH_MISMATCH",
  "CURP_CHECK_DIGIT",
  "CURP_IN_USE",
  "NOT_CURRENT",
];
/** What the rules throw (AgreementError.code) for input they cannot work with (as the server's INPUT_ERRORS). */
export const INPUT_ERRORS: readonly DiscountInputError[] = ["INVALID_DATE", "INVALID_AMOUNT", "NEGATIVE_AMOUNT", "INVALID_PERCENT", "INVALID_CONSUMPTION", "INVALID_MONTHS", "INVALID_PROGRAM"];

/** Spanish (es-MX, "usted") for every code: the reasons first, in order, then input errors (as the server's REASON_LABELS). */
export const REASON_LABELS: Readonly<Record<DiscountReason | DiscountInputError, string>> = {
  TYPE_NOT_IN_PROGRAM: "Su tipo de beneficiario no está incluido en este programa.",
  TOO_YOUNG: "Usted aún no cumple la edad mínima que pide el programa.",
  CLASS_NOT_ELIGIBLE: "La clasificación de su predio no está incluida en el programa.",
  NOT_LIVING_THERE: "El descuento solo aplica en el domicilio donde usted vive.",
  MISSING_DOCUMENTS: "Le faltan documentos que el programa pide para su tipo de beneficiario.",
  CURP_FORMAT: "La CURP no tiene un formato válido; revise que tenga sus 18 caracteres.",
  CURP_BIRTH_MISMATCH: "Su fecha de nacimiento no coincide con la de su CURP.",
  CURP_CHECK_DIGIT: "El dígito verificador de la CURP no es correcto; revise que esté bien escrita.",
  CURP_IN_USE: "Su CURP ya tiene un descuento en otra cuenta; solo se permite una cuenta por beneficiario.",
  NOT_CURRENT: "Para recibir el descuento, su cuenta debe estar al corriente o tener un convenio de pago vigente.",
  INVALID_DATE: "Una de las fechas no es válida; use el formato AAAA-MM-DD.",
  INVALID_AMOUNT: "El importe no es válido; use pesos con hasta dos decimales.",
  NEGATIVE_AMOUNT: "El importe del cargo no puede ser negativo.",
  INVALID_PERCENT: "El porcentaje de descuento debe estar entre 0 y 100.",
  INVALID_CONSUMPTION: "El consumo debe ser un número entero de metros cúbicos, cero o mayor.",
  INVALID_MONTHS: "Los meses de atraso deben ser un número entero, cero o mayor.",
  INVALID_PROGRAM: "La configuración del programa no es válida; revise la edad mínima, el tope de m³ y los días de vigencia y de aviso.",
};

const hasOwn = (o: object | null | undefined, key: string): boolean => o !== null && o !== undefined && Object.prototype.hasOwnProperty.call(o, key);

/** A whole number ≥ `least` (a safe integer); `code` otherwise. */
function whole(value: unknown, code: string, least = 0): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < least) throw new AgreementError(code, String(value));
  return value;
}

// --- CURP ---------------------------------------------------------------------------------

export const CURP_PATTERN =
  /^[A-Z][AEIOUX][A-Z]{2}\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])[HMX](AS|BC|BS|CC|CL|CM|CS|CH|DF|DG|GT|GR|HG|JC|MC|MN|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR|TC|TS|TL|VZ|YN|ZS|NE)[B-DF-HJ-NP-TV-Z]{3}[A-Z\d]\d$/;
export const CURP_DICTIONARY = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ";

/** Trimmed (exactly the server's set: space, \t \n \r \f \v and no-break space) and upper-cased. */
function normalizeCurp(curp: string): string {
  return curp.replace(/^[ \t\n\r\f\v\u00a0]+|[ \t\n\r\f\v\u00a0]+$/g, "").toUpperCase();
}

/**
 * The official check digit ("0".."9") for a CURP's first 17 characters (a full CURP may be
 * given: only its first 17 count): each character's value in CURP_DICTIONARY times
 * (18 − position from 0), summed; digit = (10 − sum % 10) % 10. CURP_FORMAT when there are
 * fewer than 17 characters or one is not in the dictionary.
 */
export function curpCheckDigit(curp: string): string {
  const head = typeof curp === "string" ? [...normalizeCurp(curp)].slice(0, 17) : [];
  if (head.length !== 17 || head.some((ch) => !CURP_DICTIONARY.includes(ch))) throw new AgreementError("CURP_FORMAT", JSON.stringify(curp));
  const total = head.reduce((sum, ch, i) => sum + CURP_DICTIONARY.indexOf(ch) * (18 - i), 0);
  return String((10 - (total % 10)) % 10);
}

/**
 * What is wrong with a CURP, in this order; [] when it is fine. The CURP is trimmed and
 * upper-cased first. CURP_FORMAT: not the official 18-character pattern (or not a string);
 * then nothing else is checked. CURP_BIRTH_MISMATCH: a birthDate is given and differs from the
 * CURP's YYMMDD, its century read from the 17th character (a digit: 1900s, a letter: 2000s).
 * CURP_CHECK_DIGIT: the 18th character is not the official check digit. A birthDate that is
 * not a date throws INVALID_DATE.
 */
export function curpProblems(curp: unknown, birthDate: IsoDate | null = null): DiscountReason[] {
  const birth = birthDate === null || birthDate === undefined ? null : checkDate(birthDate);
  if (typeof curp !== "string") return ["CURP_FORMAT"];
  const text = normalizeCurp(curp);
  if (!CURP_PATTERN.test(text)) return ["CURP_FORMAT"];
  const problems: DiscountReason[] = [];
  if (birth !== null) {
    const century = /\d/.test(text[16]) ? 1900 : 2000;
    const printed = `${String(century + Number(text.slice(4, 6))).padStart(4, "0")}-${text.slice(6, 8)}-${text.slice(8, 10)}`;
    if (printed !== birth) problems.push("CURP_BIRTH_MISMATCH");
  }
  if (curpCheckDigit(text) !== text[17]) problems.push("CURP_CHECK_DIGIT");
  return problems;
}

// --- eligibility --------------------------------------------------------------------------

/** Whole years completed on `asOf` (one born on Feb 29 turns a year older on Mar 1 in a common year); negative when born after asOf. */
export function ageOn(birthDate: IsoDate, asOf: IsoDate): number {
  const born = checkDate(birthDate);
  const today = checkDate(asOf);
  return Number(today.slice(0, 4)) - Number(born.slice(0, 4)) - (today.slice(5) < born.slice(5) ? 1 : 0);
}

/** The documents the program requires for the applicant's type that were not given, in the program's order (none for a type it does not list). */
export function missingDocuments(program: DiscountProgram, applicant: Applicant): string[] {
  const required = hasOwn(program.required_documents, applicant.type) ? (program.required_documents[applicant.type] ?? []) : [];
  const given = applicant.documents ?? [];
  return required.filter((doc) => !given.includes(doc));
}

/**
 * Why the applicant may not get the program's discount on this account on `asOf`; [] when
 * nothing stands in the way. Codes come in the order of REASONS: TYPE_NOT_IN_PROGRAM,
 * TOO_YOUNG (the type has a min_age and the age on asOf is below it, or there is no birth_date
 * to show it), CLASS_NOT_ELIGIBLE, NOT_LIVING_THERE (lives_there is not true),
 * MISSING_DOCUMENTS, the CURP's problems (curpProblems with the birth_date), CURP_IN_USE
 * (other_accounts_with_curp not empty: one account per beneficiary), NOT_CURRENT
 * (requires_current_or_agreement, months_past_due > 0 and no agreement in good standing).
 *
 * Every input is checked first, whatever the outcome, and throws AgreementError in this order:
 * INVALID_DATE (asOf, birth_date), INVALID_PROGRAM (a min_age that is not a whole number ≥ 0),
 * INVALID_MONTHS (months_past_due not a whole number ≥ 0).
 */
export function eligibilityProblems(program: DiscountProgram, applicant: Applicant, account: DiscountAccount, asOf: IsoDate): DiscountReason[] {
  const today = checkDate(asOf);
  const born = applicant.birth_date === null || applicant.birth_date === undefined ? null : checkDate(applicant.birth_date);
  const minAges = program.min_age ?? {};
  for (const value of Object.values(minAges)) whole(value, "INVALID_PROGRAM");
  const months = whole(account.months_past_due, "INVALID_MONTHS");
  const kind = applicant.type;

  const problems: DiscountReason[] = [];
  if (!(program.beneficiary_types ?? []).includes(kind)) problems.push("TYPE_NOT_IN_PROGRAM");
  const minAge = hasOwn(minAges, kind) ? minAges[kind] : null;
  if (minAge !== null && (born === null || ageOn(born, today) < minAge)) problems.push("TOO_YOUNG");
  if (account.property_class === null || !(program.property_classes ?? []).includes(account.property_class)) problems.push("CLASS_NOT_ELIGIBLE");
  if (applicant.lives_there !== true) problems.push("NOT_LIVING_THERE");
  if (missingDocuments(program, applicant).length > 0) problems.push("MISSING_DOCUMENTS");
  problems.push(...curpProblems(applicant.curp, born));
  if ((account.other_accounts_with_curp ?? []).length > 0) problems.push("CURP_IN_USE");
  if (program.requires_current_or_agreement === true && months > 0 && account.agreement_in_good_standing !== true) problems.push("NOT_CURRENT");
  return problems;
}

// --- the credit on a water charge ---------------------------------------------------------

/** num / den rounded half up (num ≥ 0, den > 0). */
function halfUp(num: bigint, den: bigint): bigint {
  const q = num / den;
  return 2n * (num % den) >= den ? q + 1n : q;
}

/**
 * The discount on one charge, in centavos (0 when nothing applies).
 *
 * Only a charge of a service in program.services whose concept is not an accessory (surcharge,
 * fine, enforcement_costs) is discounted. The consumption is `consumptionM3` when given, else
 * charge.consumption_m3. base = the amount when the program has no monthly_m3_cap, the
 * consumption is null or it is ≤ the cap; else amount × cap / consumption (the share of the
 * charge for the first `cap` m³), rounded half up to the centavo. credit =
 * half-up(base × pct / 100), never more than the amount.
 *
 * Every input is checked first, whatever the outcome, and throws AgreementError in this order:
 * INVALID_AMOUNT or NEGATIVE_AMOUNT (charge.amount), INVALID_CONSUMPTION (not a whole number ≥ 0
 * or null), INVALID_PERCENT (program.pct not 0..100), INVALID_PROGRAM (monthly_m3_cap not a
 * whole number ≥ 0 or null).
 */
export function discountCredit(program: DiscountProgram, charge: DiscountCharge, consumptionM3: number | null = null): Cents {
  const amount = charge.amount;
  checkCents(amount);
  if (amount < 0) throw new AgreementError("NEGATIVE_AMOUNT", String(amount));
  const given = consumptionM3 ?? charge.consumption_m3 ?? null;
  const used = given === null ? null : whole(given, "INVALID_CONSUMPTION");
  const pct = parsePct(program.pct);
  if (pct.num > 100n * pct.den) throw new AgreementError("INVALID_PERCENT", program.pct);
  const cap = program.monthly_m3_cap === null || program.monthly_m3_cap === undefined ? null : whole(program.monthly_m3_cap, "INVALID_PROGRAM");

  if (!(program.services ?? []).includes(charge.service) || ACCESSORY_CONCEPTS.includes(charge.concept)) return 0;
  let base = amount;
  if (cap !== null && used !== null && used > cap) base = Number(halfUp(BigInt(amount) * BigInt(cap), BigInt(used)));
  return Math.min(amount, pctHalfUp(base, pct));
}

// --- validity -----------------------------------------------------------------------------

/** Days since 1970-01-01 of a checked date (proleptic Gregorian, as Python's date). */
function dayNumber(iso: IsoDate): number {
  let y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The date `days` after (or before) `iso`; INVALID_DATE outside 0001-01-01..9999-12-31. */
function addDays(iso: IsoDate, days: number): IsoDate {
  const z = dayNumber(checkDate(iso)) + days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 1 || y > 9999 || d > daysInMonth(y, m)) throw new AgreementError("INVALID_DATE", `${iso} + ${days} days`);
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/**
 * An approval's window: {starts_on: approvedOn, ends_on: approvedOn + validity_days − 1} (both
 * days included). INVALID_DATE for a bad date (or one past 9999-12-31), INVALID_PROGRAM when
 * validity_days is not a whole number ≥ 1.
 */
export function validity(approvedOn: IsoDate, program: DiscountProgram): Validity {
  const start = checkDate(approvedOn);
  const days = whole(program.validity_days, "INVALID_PROGRAM", 1);
  return { starts_on: start, ends_on: addDays(start, days - 1) };
}

/**
 * True from renewal_notice_days before endsOn through endsOn itself (when the renewal task is
 * due). INVALID_DATE for a bad date, INVALID_PROGRAM when renewal_notice_days is not a whole
 * number ≥ 0.
 */
export function renewalDue(endsOn: IsoDate, asOf: IsoDate, program: DiscountProgram): boolean {
  const end = checkDate(endsOn);
  const today = checkDate(asOf);
  const notice = whole(program.renewal_notice_days, "INVALID_PROGRAM");
  return today <= end && dayNumber(end) - dayNumber(today) <= notice;
}

/** True once asOf is past endsOn (the last day itself is still valid). */
export function expired(endsOn: IsoDate, asOf: IsoDate): boolean {
  const end = checkDate(endsOn);
  return checkDate(asOf) > end;
}
