/**
 * Money and dates for the payment agreements (see agreement-rules.ts), pure: no DOM, no storage,
 * no network. Money is integer centavos (plain numbers, always integers; never arithmetic on
 * pesos as floats): parseCents("1234.50") = 123450, formatCents(123450) = "1234.50". Percentages
 * stay decimal strings ("20", "33.5") and are applied with BigInt, rounding as the server does.
 * Dates are "YYYY-MM-DD" strings handled with integer arithmetic (no Date, no time zone).
 *
 * agreement-rules.ts re-exports the public part; checkCents, parsePct, pctHalfUp and pctCeiling
 * are exported for it only.
 */

/** Integer centavos. */
export type Cents = number;
/** A calendar date, "YYYY-MM-DD". */
export type IsoDate = string;

/** Input the rules cannot work with; `code` names the reason (e.g. NON_POSITIVE_DEBT). */
export class AgreementError extends Error {
  readonly code: string;
  constructor(code: string, detail = "") {
    super(detail ? `${code}: ${detail}` : code);
    this.name = "AgreementError";
    this.code = code;
  }
}

// --- money --------------------------------------------------------------------------------

const AMOUNT_RE = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/** "1234.5" or "1234.50" → 123450 centavos; more than two decimals is refused (INVALID_AMOUNT). */
export function parseCents(text: string): Cents {
  const m = AMOUNT_RE.exec(text);
  if (!m) throw new AgreementError("INVALID_AMOUNT", JSON.stringify(text));
  const cents = Number(m[2]) * 100 + Number((m[3] ?? "").padEnd(2, "0"));
  if (!Number.isSafeInteger(cents)) throw new AgreementError("INVALID_AMOUNT", text);
  return m[1] && cents !== 0 ? -cents : cents;
}

/** 123450 → "1234.50" (the server's JSON money). */
export function formatCents(cents: Cents): string {
  checkCents(cents);
  const abs = Math.abs(cents);
  const frac = String(abs % 100).padStart(2, "0");
  return `${cents < 0 ? "-" : ""}${Math.floor(abs / 100)}.${frac}`;
}

/** 123450 → "$1,234.50", as server.common.money.pesos writes it (the messages use it). */
export function formatPesos(cents: Cents): string {
  checkCents(cents);
  const abs = Math.abs(cents);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `$${cents < 0 ? "-" : ""}${whole}.${String(abs % 100).padStart(2, "0")}`;
}

export function checkCents(cents: Cents): void {
  if (!Number.isSafeInteger(cents)) throw new AgreementError("INVALID_AMOUNT", String(cents));
}

export interface Ratio {
  num: bigint;
  den: bigint;
}

const PCT_RE = /^(\d+)(?:\.(\d+))?$/;

/** "33.5" → 335/10; INVALID_PERCENT for anything but a plain non-negative decimal. */
export function parsePct(text: unknown): Ratio {
  const m = typeof text === "string" ? PCT_RE.exec(text) : null;
  if (!m) throw new AgreementError("INVALID_PERCENT", JSON.stringify(text));
  const frac = m[2] ?? "";
  return { num: BigInt(m[1] + frac), den: 10n ** BigInt(frac.length) };
}

/** cents × pct / 100 rounded half up to the centavo (cents ≥ 0). */
export function pctHalfUp(cents: Cents, pct: Ratio): Cents {
  const num = BigInt(cents) * pct.num;
  const den = 100n * pct.den;
  const q = num / den;
  return Number(2n * (num % den) >= den ? q + 1n : q);
}

/** cents × pct / 100 rounded up (towards +∞) to the centavo. */
export function pctCeiling(cents: Cents, pct: Ratio): Cents {
  const num = BigInt(cents) * pct.num;
  const den = 100n * pct.den;
  const q = num / den;
  return Number(num % den > 0n ? q + 1n : q);
}

// --- dates --------------------------------------------------------------------------------

interface Ymd {
  y: number;
  m: number;
  d: number;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days in month `m` (1..12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

function parseDate(text: unknown): Ymd {
  const match = typeof text === "string" ? DATE_RE.exec(text) : null;
  if (match) {
    const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)) return { y, m, d };
  }
  throw new AgreementError("INVALID_DATE", JSON.stringify(text));
}

function formatDate({ y, m, d }: Ymd): IsoDate {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** A valid "YYYY-MM-DD" as is; INVALID_DATE otherwise (no rollover: "2026-02-30" is refused). */
export function checkDate(text: string): IsoDate {
  return formatDate(parseDate(text));
}

/** Same day `months` later, clamped to the month's end (Jan 31 + 1 = Feb 28/29), as the server's add_months. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { y, m, d } = parseDate(date);
  const index = m - 1 + months;
  const year = y + Math.floor(index / 12);
  const month = (((index % 12) + 12) % 12) + 1;
  if (year < 1 || year > 9999) throw new AgreementError("INVALID_DATE", `${date} + ${months} months`);
  return formatDate({ y: year, m: month, d: Math.min(d, daysInMonth(year, month)) });
}

/** The last day of the month `date` falls in. */
export function monthEnd(date: IsoDate): IsoDate {
  const { y, m } = parseDate(date);
  return formatDate({ y, m, d: daysInMonth(y, m) });
}

/** Strings compared by Unicode code point (Python's order), not by UTF-16 unit. */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(j)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  return i < a.length ? 1 : j < b.length ? -1 : 0;
}
