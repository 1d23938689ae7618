/**
 * The registration at the door as data: the draft saved as she types, what it is pre-filled
 * from (a renewal, an answer to the office's question), the program's documents and checklist,
 * the live warnings (the pure rules of discount-rules.ts, never a reason not to send: the office
 * decides), what blocks sending (only what `discount.apply` v1 requires) and its args.
 */
import { AgreementError, BENEFICIARY_TYPES, CURP_PATTERN, curpProblems, eligibilityProblems, type BeneficiaryType, type DiscountReason } from "../../domain/discount-rules";
import { checkDate } from "../../domain/money-dates";
import type { AccountRow, DiscountApplicationRow, DiscountApplyArgsV1, DiscountProgramRow, DocumentKind, GpsError, GpsFix } from "../../domain/types";
import { discountsEs } from "../../i18n/es-discounts";

const E = discountsEs.errors;

export const MAX_DOCUMENTS = 12;
export const MAX_PHONE = 20;
export const MAX_NOTES = 2000;
export const MAX_NAME = 200;

export interface DiscountDraft {
  /** The application's id, made on the device when the form first opened. */
  id: string;
  account_id: string;
  program_id: string | null;
  beneficiary_type: BeneficiaryType | null;
  beneficiary_name: string;
  curp: string;
  birth_date: string; // "" or YYYY-MM-DD
  lives_there: boolean | null;
  checklist: Record<string, boolean>;
  documents: { kind: DocumentKind; sha256: string }[];
  phone: string;
  notes: string;
  started_at: string;
  renewal_of: string | null;
  answers_request: string | null;
  /** The renewal stop this registration was started from (done on submit). */
  stop_id: string | null;
}

export type DraftErrors = Partial<Record<"program_id" | "beneficiary_type" | "beneficiary_name" | "curp" | "lives_there" | "birth_date" | "documents" | "phone" | "notes" | "save", string>>;

/** The program to preselect: the only active one (none when she must choose). */
export function defaultProgramId(programs: DiscountProgramRow[]): string | null {
  const active = programs.filter((p) => p.active);
  return active.length === 1 ? active[0].id : null;
}

/** A new draft, pre-filled from the application it renews or answers (its data, not its photos or signature; its program while still offered). */
export function newDiscountDraft(p: {
  id: string;
  account_id: string;
  now: string;
  programs: DiscountProgramRow[];
  stop_id?: string | null;
  renewal_of?: string | null;
  answers_request?: string | null;
  from?: (DiscountApplicationRow & { args?: DiscountApplyArgsV1 | null }) | null;
}): DiscountDraft {
  const from = p.from ?? null;
  const args = from?.args ?? null;
  // A renewal is offered only under an active program; an answer to the office stays with the program it answers.
  const known = from && p.programs.some((x) => x.id === from.program_id && (x.active || !!p.answers_request)) ? from.program_id : null;
  const type = from?.beneficiary_type && (BENEFICIARY_TYPES as readonly string[]).includes(from.beneficiary_type) ? (from.beneficiary_type as BeneficiaryType) : null;
  return {
    id: p.id,
    account_id: p.account_id,
    program_id: known ?? defaultProgramId(p.programs),
    beneficiary_type: type,
    beneficiary_name: from?.beneficiary_name ?? "",
    curp: (from?.curp ?? args?.curp ?? "").toUpperCase(),
    birth_date: from?.birth_date ?? args?.birth_date ?? "",
    lives_there: null,
    checklist: {},
    documents: p.answers_request && args ? [...args.documents] : [],
    phone: args?.phone ?? "",
    notes: "",
    started_at: p.now,
    renewal_of: p.renewal_of ?? null,
    answers_request: p.answers_request ?? null,
    stop_id: p.stop_id ?? null,
  };
}

/** The documents the program asks for this type, in its order (none until a type is chosen). */
export function requiredDocuments(program: DiscountProgramRow | undefined, type: string | null): DocumentKind[] {
  if (!program || !type) return [];
  const docs = program.rules?.required_documents?.[type];
  return Array.isArray(docs) ? (docs as DocumentKind[]) : [];
}

/** The checklist of the verification at the door: the program's if it lists one, else a fixed one. */
export function checklistItems(program: DiscountProgramRow | undefined): { key: string; label: string }[] {
  const listed = program?.rules?.checklist;
  if (Array.isArray(listed) && listed.length) {
    return listed.map((c) => (typeof c === "string" ? { key: c, label: discountsEs.checklist[c] ?? c } : { key: c.key, label: c.label ?? discountsEs.checklist[c.key] ?? c.key }));
  }
  return Object.entries(discountsEs.checklist).map(([key, label]) => ({ key, label }));
}

const normCurp = (s: string) => s.trim().toUpperCase();

/** The birth date a CURP prints (YYMMDD, the century from its 17th character), or null when it is not a CURP. */
export function birthDateFromCurp(curp: string): string | null {
  const c = normCurp(curp);
  if (!CURP_PATTERN.test(c)) return null;
  const century = /\d/.test(c[16]) ? 1900 : 2000;
  return `${century + Number(c.slice(4, 6))}-${c.slice(6, 8)}-${c.slice(8, 10)}`;
}

/** A date the rules can read, or null ("" or not a date). */
export function usableDate(s: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return null;
  try {
    return checkDate(s);
  } catch {
    return null;
  }
}

/** The CURP's problems as she types: null until it has 18 characters, then the rules' (with the birth date when it is one). */
export function curpCheck(curp: string, birthDate: string): DiscountReason[] | null {
  const c = normCurp(curp);
  if (c.length < 18) return null;
  return curpProblems(c, usableDate(birthDate));
}

/** Account numbers of her other applications with this CURP (not rejected): one account per beneficiary. */
export function otherAccountsWithCurp(apps: DiscountApplicationRow[], curp: string, accountId: string, numberOf: (id: string) => string): string[] {
  const c = normCurp(curp);
  if (c.length !== 18) return [];
  const ids = new Set(apps.filter((a) => a.account_id !== accountId && normCurp(a.curp ?? "") === c && ["submitted", "needs_info", "approved"].includes(a.status)).map((a) => a.account_id));
  return [...ids].map(numberOf);
}

/** What the rules find against the application so far, in their order (shown as warnings, never blocking). */
export function warnings(program: DiscountProgramRow | undefined, d: DiscountDraft, account: AccountRow | undefined, facts: { inAgreement: boolean; otherAccounts: string[] }, today: string): DiscountReason[] {
  if (!program || !d.beneficiary_type) return [];
  try {
    return eligibilityProblems(
      program.rules,
      { type: d.beneficiary_type, curp: normCurp(d.curp), birth_date: usableDate(d.birth_date), lives_there: d.lives_there === true, documents: d.documents.map((x) => x.kind) },
      { property_class: account?.property_class ?? null, months_past_due: account?.months_past_due ?? 0, agreement_in_good_standing: facts.inAgreement, other_accounts_with_curp: facts.otherAccounts },
      today,
    );
  } catch (e) {
    if (e instanceof AgreementError) return [];
    throw e;
  }
}

/** Only what `discount.apply` v1 requires blocks sending. */
export function validateDraft(d: DiscountDraft): DraftErrors {
  const e: DraftErrors = {};
  if (!d.program_id) e.program_id = E.program;
  if (!d.beneficiary_type) e.beneficiary_type = E.type;
  const name = d.beneficiary_name.trim();
  if (name.length < 3) e.beneficiary_name = E.name;
  else if (name.length > MAX_NAME) e.beneficiary_name = E.tooLong(MAX_NAME);
  if (normCurp(d.curp).length !== 18) e.curp = E.curp;
  if (d.lives_there === null) e.lives_there = E.livesThere;
  if (d.birth_date && !usableDate(d.birth_date)) e.birth_date = E.birthDate;
  if (d.documents.length > MAX_DOCUMENTS) e.documents = E.tooManyDocuments;
  if (d.phone.trim().length > MAX_PHONE) e.phone = E.tooLong(MAX_PHONE);
  if (d.notes.length > MAX_NOTES) e.notes = E.tooLong(MAX_NOTES);
  return e;
}

/** `discount.apply` v1 args from a valid draft; every item of the checklist shown is answered (unticked: false). */
export function buildApplyArgs(d: DiscountDraft, at: { gps: GpsFix | null; gps_error: GpsError | null; signature: string | null; checklistKeys?: string[] }): DiscountApplyArgsV1 {
  return {
    id: d.id,
    program_id: d.program_id as string,
    account_id: d.account_id,
    beneficiary_type: d.beneficiary_type as BeneficiaryType,
    beneficiary_name: d.beneficiary_name.trim().replace(/\s+/g, " "),
    curp: normCurp(d.curp),
    birth_date: usableDate(d.birth_date),
    lives_there: d.lives_there === true,
    checklist: { ...Object.fromEntries((at.checklistKeys ?? []).map((k) => [k, false])), ...d.checklist },
    documents: d.documents.map((x) => ({ kind: x.kind, sha256: x.sha256 })),
    signature: at.signature,
    gps: at.gps,
    gps_error: at.gps ? null : at.gps_error,
    phone: d.phone.trim() || null,
    notes: d.notes.trim() || null,
    started_at: d.started_at,
    renewal_of: d.renewal_of,
    answers_request: d.answers_request,
  };
}
