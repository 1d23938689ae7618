/**
 * A discount program as the manager's form (server/discounts/schemas.py ProgramIn/ProgramEditIn,
 * rules checked by server/discounts/program_rules.py): what she types (strings), the Spanish
 * checks made before sending (the same limits as the server's; the server is the reference), the
 * body sent (`POST /programs` or `PUT /programs/<id>`: {name, approving_act, active, rules}, the
 * percentage a decimal string), and the server's 422 `rules.<field>` errors placed by their
 * fields. Pure: the panel (ProgramsPanel.tsx) only draws it.
 */
import { BENEFICIARY_TYPES } from "../../domain/discount-rules";
import { DOCUMENT_KINDS } from "../../domain/types";
import { discountsEs } from "../../i18n/es-discounts";
import type { ProgramBody, ProgramOut, ProgramRules } from "./api";

const E = discountsEs.programs.errors;

export const PROGRAM_SERVICES = ["water", "sewer", "sanitation"] as const;
export const PROGRAM_CLASSES = ["domestic", "commercial", "industrial", "public_services", "vacant_lot", "mixed"] as const;
export { BENEFICIARY_TYPES, DOCUMENT_KINDS };

/** The limits of server/discounts/program_rules.py. */
export const LIMITS = { capMax: 1000, ageMax: 120, validityMin: 30, validityMax: 1095, noticeMax: 120, nameMax: 160, actMax: 200 } as const;

/** The rules keys the form edits; any other (a `checklist`) is sent back as it came. */
const EDITED = ["beneficiary_types", "pct", "services", "monthly_m3_cap", "property_classes", "required_documents", "min_age", "requires_current_or_agreement", "validity_days", "renewal_notice_days"];

export interface ProgramForm {
  name: string;
  act: string;
  active: boolean;
  types: string[];
  pct: string;
  services: string[];
  /** "" = no cap. */
  cap: string;
  classes: string[];
  /** Documents required, by beneficiary type (kept for a type unticked, sent only for the ticked ones). */
  docs: Record<string, string[]>;
  /** Minimum age by type ("" = none); the form shows the senior's. */
  minAge: Record<string, string>;
  current: boolean;
  validity: string;
  renewal: string;
  /** Rules keys the form does not edit, sent back unchanged. */
  extra: Record<string, unknown>;
}

/**
 * Field error keys: the server's without "rules." (`name`, `approving_act`, `active`, `pct`,
 * `services`, `required_documents.<type>`, `min_age.<type>`, `validity_days`...).
 */
export type FieldErrors = Record<string, string>;

const str = (v: unknown) => (v === null || v === undefined ? "" : String(v));

/** The form of a program as the server sent it. */
export function formFromProgram(p: ProgramOut): ProgramForm {
  const r = (p.rules ?? {}) as Partial<ProgramRules> & Record<string, unknown>;
  const docs: Record<string, string[]> = {};
  for (const [t, list] of Object.entries(r.required_documents ?? {})) docs[t] = Array.isArray(list) ? [...list] : [];
  const minAge: Record<string, string> = {};
  for (const [t, age] of Object.entries(r.min_age ?? {})) minAge[t] = str(age);
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (!EDITED.includes(k)) extra[k] = v;
  return {
    name: p.name ?? "",
    act: p.approving_act ?? "",
    active: !!p.active,
    types: [...(r.beneficiary_types ?? [])],
    pct: str(r.pct),
    services: [...(r.services ?? [])],
    cap: str(r.monthly_m3_cap),
    classes: [...(r.property_classes ?? [])],
    docs,
    minAge,
    current: r.requires_current_or_agreement !== false,
    validity: str(r.validity_days),
    renewal: str(r.renewal_notice_days),
    extra,
  };
}

/** "Nuevo programa": DOMAIN.md's defaults for what most programs share, nobody chosen yet. */
export function newProgramForm(): ProgramForm {
  return { name: "", act: "", active: true, types: [], pct: "", services: ["water"], cap: "", classes: ["domestic"], docs: {}, minAge: {}, current: true, validity: "365", renewal: "30", extra: {} };
}

/** Tick or untick `value` in a list, keeping the list's order (a new one goes last). */
export function toggle(list: string[], value: string, on: boolean): string[] {
  return on ? (list.includes(value) ? list : [...list, value]) : list.filter((v) => v !== value);
}

/** `order`'s values that are in `picked`, in `order`'s order, then any others picked. */
const inOrder = (order: readonly string[], picked: string[]) => [...order.filter((v) => picked.includes(v)), ...picked.filter((v) => !order.includes(v))];

/** A whole number typed as digits within [min, max], or null. */
export function wholeIn(s: string, min: number, max: number): number | null {
  const t = s.trim();
  if (!/^\d{1,4}$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
}

/** "50", "12.5", "12.50 %" → the decimal string sent; null when it is not 0 < pct ≤ 100 with two decimals at most. */
export function parseProgramPct(s: string): string | null {
  const t = s.replace(/\s|%/g, "");
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  const hundredths = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0")); // integers only
  return hundredths > 0 && hundredths <= 10000 ? t : null;
}

/** The body to send, or the Spanish errors that keep it from being sent. */
export function programFromForm(f: ProgramForm): { body: ProgramBody | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const name = f.name.trim();
  const act = f.act.trim();
  if (!name) errors.name = E.name;
  else if (name.length > LIMITS.nameMax) errors.name = E.tooLong(LIMITS.nameMax);
  if (act.length > LIMITS.actMax) errors.approving_act = E.tooLong(LIMITS.actMax);
  const types = inOrder(BENEFICIARY_TYPES, f.types);
  if (!types.length) errors.beneficiary_types = E.types;
  const pct = parseProgramPct(f.pct);
  if (pct === null) errors.pct = E.pct;
  const services = inOrder(PROGRAM_SERVICES, f.services);
  if (!services.length) errors.services = E.services;
  const cap = f.cap.trim() === "" ? null : wholeIn(f.cap, 1, LIMITS.capMax);
  if (f.cap.trim() !== "" && cap === null) errors.monthly_m3_cap = E.cap;
  const classes = inOrder(PROGRAM_CLASSES, f.classes);
  if (!classes.length) errors.property_classes = E.classes;
  const required_documents: Record<string, string[]> = {};
  const min_age: Record<string, number> = {};
  for (const t of types) {
    required_documents[t] = [...(f.docs[t] ?? [])];
    const typed = (f.minAge[t] ?? "").trim();
    if (!typed) continue;
    const age = wholeIn(typed, 0, LIMITS.ageMax);
    if (age === null) errors[`min_age.${t}`] = E.age;
    else min_age[t] = age;
  }
  const validity = wholeIn(f.validity, LIMITS.validityMin, LIMITS.validityMax);
  if (validity === null) errors.validity_days = E.validity;
  const renewal = wholeIn(f.renewal, 0, LIMITS.noticeMax);
  if (renewal === null) errors.renewal_notice_days = E.renewal;
  else if (validity !== null && renewal >= validity) errors.renewal_notice_days = E.renewalAfter;
  if (Object.keys(errors).length) return { body: null, errors };
  const rules: ProgramRules = {
    ...f.extra,
    beneficiary_types: types,
    pct: pct as string,
    services,
    monthly_m3_cap: cap,
    property_classes: classes,
    required_documents,
    min_age,
    requires_current_or_agreement: f.current,
    validity_days: validity as number,
    renewal_notice_days: renewal as number,
  };
  return { body: { name, approving_act: act || null, active: f.active, rules }, errors };
}

/**
 * The server's 422 `errors` as the form's: `rules.pct` → `pct`, `name` → `name`; a marshmallow
 * tree (`{"rules": ["Se esperaba un objeto."]}`) or anything else without a field of its own
 * comes back in `other`, to show with the message.
 */
export function serverFieldErrors(body: unknown): { errors: FieldErrors; other: string[] } {
  const tree = (body as { errors?: unknown } | null)?.errors;
  const errors: FieldErrors = {};
  const other: string[] = [];
  if (!tree || typeof tree !== "object" || Array.isArray(tree)) return { errors, other };
  for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
    const messages = Array.isArray(value) ? value.filter((m): m is string => typeof m === "string") : [];
    const text = messages.join(" ");
    const field = key.startsWith("rules.") ? key.slice("rules.".length) : key;
    if (text && (field === "name" || field === "approving_act" || field === "active" || (key !== field && field))) errors[field] = text;
    else if (text) other.push(text);
    else other.push(...flatten(value));
  }
  return { errors, other };
}

function flatten(node: unknown): string[] {
  if (typeof node === "string") return [node];
  if (Array.isArray(node)) return node.flatMap(flatten);
  if (node && typeof node === "object") return Object.values(node).flatMap(flatten);
  return [];
}
