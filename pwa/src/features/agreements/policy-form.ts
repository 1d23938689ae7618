/**
 * The agreement policy as a form (server/agreements/schemas.py PolicyIn): what the manager
 * types (strings, as in a spreadsheet), the Spanish checks made before sending, the rules sent
 * (`PUT /api/v1/agreements/policy {rules, note}`), and the server's per-field errors placed next
 * to the fields. Pure: the panel (PolicyPanel.tsx) only draws it.
 */
import { es } from "../../i18n/es";
import type { PolicyOut } from "./api";

const P = es.agreements.office.policy;

export type PolicyRules = PolicyOut["rules"];

/** Property classes in the order the table shows them; "default" (the rest) last and required. */
export const CLASS_KEYS = ["domestic", "commercial", "industrial", "public_services", "vacant_lot", "mixed", "default"] as const;
export const CLASS_LABELS: Record<string, string> = {
  domestic: "Doméstica",
  commercial: "Comercial",
  industrial: "Industrial",
  public_services: "Servicios públicos",
  vacant_lot: "Lote baldío",
  mixed: "Mixta",
  default: "Las demás (predeterminada)",
};

export const WAIVABLE_CONCEPTS = ["surcharge", "fine", "enforcement_costs"] as const;
export const WAIVABLE_LABELS: Record<string, string> = { surcharge: "Recargos", fine: "Multas", enforcement_costs: "Gastos de ejecución" };

export const LIMIT_ROLES = ["notifier", "cutter", "social_worker", "clerk", "manager"] as const;
export const ROLE_LABELS: Record<string, string> = { notifier: "Notificador(a)", cutter: "Cortador(a)", social_worker: "Trabajo social", clerk: "Ventanilla", manager: "Encargada" };

/** "promotion" = "promotion_only"; "amount" = a decimal string; "unlimited" = null; "none" = the role is left out (the server allows it nothing). */
export type LimitMode = "promotion" | "amount" | "unlimited" | "none";
export const LIMIT_MODES: LimitMode[] = ["promotion", "amount", "unlimited", "none"];

export interface ClassRow {
  key: string;
  pct: string;
  installments: string;
  grace: string;
}

export interface PolicyForm {
  classes: ClassRow[];
  waivable: string[];
  limits: Record<string, { mode: LimitMode; amount: string }>;
  reinstate: boolean;
  note: string;
}

/** Field error keys: `classes`, `class.<key>`, `class.<key>.<server field>`, `waivable`, `limits`, `limit.<role>`, `reinstate`, `note`. */
export type FieldErrors = Record<string, string>;

export const CLASS_FIELDS = { pct: "down_payment_min_pct", installments: "max_installments", grace: "grace_days" } as const;
export const classErrorKey = (cls: string, field: keyof typeof CLASS_FIELDS) => `class.${cls}.${CLASS_FIELDS[field]}`;

const classIndex = (k: string) => {
  const i = (CLASS_KEYS as readonly string[]).indexOf(k);
  return i < 0 ? CLASS_KEYS.length - 1.5 : i; // unknown keys (none expected) just before "default"
};

/** Rows in table order: the known classes in their order, "default" last. */
export const sortRows = (rows: ClassRow[]): ClassRow[] => [...rows].sort((a, b) => classIndex(a.key) - classIndex(b.key));

/** The form for the rules in force (an empty "default" row if they lacked one). */
export function formFromRules(r: PolicyRules): PolicyForm {
  const classes = Object.entries(r.classes ?? {}).map(([key, c]) => ({ key, pct: String(c.down_payment_min_pct ?? ""), installments: String(c.max_installments ?? ""), grace: String(c.grace_days ?? "") }));
  if (!classes.some((c) => c.key === "default")) classes.push({ key: "default", pct: "", installments: "", grace: "" });
  const wl = r.waiver_limits ?? {};
  const limits: PolicyForm["limits"] = {};
  for (const role of LIMIT_ROLES) {
    const v = wl[role];
    limits[role] = !(role in wl) ? { mode: "none", amount: "" } : v === null ? { mode: "unlimited", amount: "" } : v === "promotion_only" ? { mode: "promotion", amount: "" } : { mode: "amount", amount: String(v) };
  }
  return { classes: sortRows(classes), waivable: [...(r.waivable_concepts ?? [])], limits, reinstate: !!r.reinstate_waived_on_breach, note: "" };
}

/** A percentage "20", "12.5", "20 %" → "20"/"12.5"; null when it is not one from 0 to 100 (two decimals at most). */
export function parsePct(s: string): string | null {
  const t = s.replace(/\s|%/g, "");
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(t)) return null;
  return Number(t) <= 100 ? t : null;
}

/** A whole number from `min` to `max` as typed, or null. */
export function parseInt0(s: string, max: number): number | null {
  const t = s.trim();
  if (!/^\d{1,3}$/.test(t)) return null;
  const n = Number(t);
  return n <= max ? n : null;
}

/** An amount in pesos "2000", "$2,000.5", "2000.00" → "2000.00" (string arithmetic, never floats); null when it is not one. */
export function parseAmount(s: string): string | null {
  const t = s.replace(/[\s$]/g, "");
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  const whole = m[1].replace(/,/g, "").replace(/^0+(?=\d)/, "");
  return `${whole}.${(m[2] ?? "").padEnd(2, "0")}`;
}

/** The body of the PUT, or the Spanish errors that keep it from being sent. */
export function policyFromForm(f: PolicyForm): { body: { rules: PolicyRules; note: string } | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const classes: PolicyRules["classes"] = {};
  for (const row of f.classes) {
    const pct = parsePct(row.pct);
    const installments = parseInt0(row.installments, 60);
    const grace = parseInt0(row.grace, 90);
    if (pct === null) errors[classErrorKey(row.key, "pct")] = P.errPct;
    if (installments === null) errors[classErrorKey(row.key, "installments")] = P.errInstallments;
    if (grace === null) errors[classErrorKey(row.key, "grace")] = P.errGrace;
    classes[row.key] = { down_payment_min_pct: pct ?? row.pct, max_installments: installments ?? NaN, grace_days: grace ?? NaN };
  }
  if (!("default" in classes)) errors.classes = P.errDefault;
  const waiver_limits: PolicyRules["waiver_limits"] = {};
  for (const role of LIMIT_ROLES) {
    const l = f.limits[role] ?? { mode: "none", amount: "" };
    if (l.mode === "promotion") waiver_limits[role] = "promotion_only";
    else if (l.mode === "unlimited") waiver_limits[role] = null;
    else if (l.mode === "amount") {
      const amount = parseAmount(l.amount);
      if (amount === null) errors[`limit.${role}`] = P.errAmount;
      waiver_limits[role] = amount ?? l.amount;
    }
  }
  const note = f.note.trim();
  if (note.length < 3 || note.length > 300) errors.note = P.errNote;
  const rules: PolicyRules = {
    classes,
    waivable_concepts: WAIVABLE_CONCEPTS.filter((c) => f.waivable.includes(c)),
    waiver_limits,
    reinstate_waived_on_breach: f.reinstate,
  };
  return Object.keys(errors).length ? { body: null, errors } : { body: { rules, note }, errors };
}

/** Every message of a marshmallow error tree with its path (`["rules", "classes", "domestic", "value", "grace_days"]`). */
function flatten(node: unknown, path: string[], out: [string[], string][]): void {
  if (typeof node === "string") out.push([path, node]);
  else if (Array.isArray(node)) {
    if (node.every((x) => typeof x === "string")) {
      if (node.length) out.push([path, node.join(" ")]);
    } else node.forEach((x, i) => flatten(x, [...path, String(i)], out));
  } else if (node && typeof node === "object") for (const [k, v] of Object.entries(node)) flatten(v, [...path, k], out);
}

/**
 * The server's `errors` (a 422 body) as field errors of the form (`rows`: the class keys the
 * table shows); what has no field of its own comes back in `other`, to show with the message.
 */
export function serverFieldErrors(body: unknown, rows: readonly string[]): { errors: FieldErrors; other: string[] } {
  let tree = (body as { errors?: unknown } | null)?.errors;
  if (tree && typeof tree === "object" && !Array.isArray(tree) && "json" in tree && Object.keys(tree).length === 1) tree = (tree as { json: unknown }).json;
  const flat: [string[], string][] = [];
  flatten(tree, [], flat);
  const errors: FieldErrors = {};
  const other: string[] = [];
  const add = (k: string, m: string) => (errors[k] = errors[k] ? `${errors[k]} ${m}` : m);
  for (const [path, msg] of flat) {
    const [top, group, item, ...rest] = path.filter((s) => s !== "value" && s !== "key" && s !== "_schema");
    if (top === "note" && !group) add("note", msg);
    else if (top !== "rules" || !group) other.push(msg);
    else if (group === "classes") {
      const field = rest[0];
      if (!item) add("classes", msg);
      else if (!rows.includes(item)) other.push(`${CLASS_LABELS[item] ?? item}: ${msg}`);
      else if (field && (Object.values(CLASS_FIELDS) as string[]).includes(field)) add(`class.${item}.${field}`, msg);
      else add(`class.${item}`, msg);
    } else if (group === "waivable_concepts") add("waivable", msg);
    else if (group === "waiver_limits") {
      // "clerk: use un importe, «promotion_only» o nulo." names its role: put it by that role.
      const named = !item ? /^(\w+):\s*(.*)$/.exec(msg) : null;
      if (item && (LIMIT_ROLES as readonly string[]).includes(item)) add(`limit.${item}`, msg);
      else if (named && (LIMIT_ROLES as readonly string[]).includes(named[1])) add(`limit.${named[1]}`, named[2]);
      else add("limits", msg);
    } else if (group === "reinstate_waived_on_breach") add("reinstate", msg);
    else other.push(msg);
  }
  return { errors, other };
}
