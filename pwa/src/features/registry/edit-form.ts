/**
 * The registry edit form, pure: the form's values from the account (`GET /registry/accounts/<id>`),
 * the PATCH body with only what changed (and the reason), and the server's 422 errors placed by
 * field. Keys read "<group>.<field>" as the PATCH body nests them (account, premises, holder,
 * new_holder, meter, new_meter).
 */
import type { AccountDetail, AccountPatch } from "./api";

export type FormValue = string | boolean;
export type EditForm = Record<string, FormValue>;
export type FieldErrors = Record<string, string>;

export const MIN_REASON = 5;
const ACCOUNT_TEXT = ["status", "property_class", "class_subtype", "business_line"] as const;
const SERVICES = ["has_water", "has_sewer", "has_sanitation"] as const;
const PREMISES_TEXT = ["street", "exterior_number", "interior_number", "cadastral_key"] as const;
const HOLDER_TEXT = ["name", "phone", "email", "rfc", "curp"] as const;
/** The current meter's editable fields, and what a replacement (or first) meter carries. */
const METER_FIELDS = ["serial", "brand", "state", "installed_on"] as const;
const NEW_METER_FIELDS = ["serial", "brand", "installed_on"] as const;
export const SERIAL_MIN = 3;
export const SERIAL_MAX = 30;
const SERIAL_ERROR = `Serie del medidor: de ${SERIAL_MIN} a ${SERIAL_MAX} caracteres.`;
type Group = "account" | "premises" | "holder" | "new_holder" | "meter" | "new_meter";
/** Nullable on the server: an emptied field is sent as null. */
const REQUIRED_TEXT = new Set(["account.status", "account.property_class", "premises.street", "holder.name", "meter.serial", "meter.state"]);

const s = (v: string | number | null | undefined) => (v === null || v === undefined ? "" : String(v));

export function formFromAccount(a: AccountDetail): EditForm {
  const f: EditForm = {};
  for (const k of ACCOUNT_TEXT) f[`account.${k}`] = s(a[k]);
  for (const k of SERVICES) f[`account.${k}`] = a.services[k.slice(4) as "water" | "sewer" | "sanitation"];
  for (const k of PREMISES_TEXT) f[`premises.${k}`] = s(a.premises[k]);
  f["premises.neighborhood_id"] = s(a.premises.neighborhood_id);
  f["premises.latitude"] = s(a.premises.latitude);
  f["premises.longitude"] = s(a.premises.longitude);
  for (const k of HOLDER_TEXT) f[`holder.${k}`] = s(a.holder[k]);
  for (const k of HOLDER_TEXT) f[`new_holder.${k}`] = "";
  const meter = currentMeter(a);
  if (meter) for (const k of METER_FIELDS) f[`meter.${k}`] = s(meter[k]);
  for (const k of NEW_METER_FIELDS) f[`new_meter.${k}`] = "";
  return f;
}

/** The installed meter (not removed), if the account has one. */
export function currentMeter(a: AccountDetail): AccountDetail["meters"][number] | null {
  return a.meters.find((m) => !m.removed_on) ?? null;
}

const serialOk = (v: string) => v.length >= SERIAL_MIN && v.length <= SERIAL_MAX;

function coordinate(v: string, max: number): number | null | undefined {
  if (!v.trim()) return null;
  const n = Number(v.trim().replace(",", "."));
  return Number.isFinite(n) && Math.abs(n) <= max ? n : undefined;
}

/**
 * The PATCH body from what differs between `initial` and `form`, or the Spanish errors that keep
 * it from being sent. `changeHolder`: the holder section registers a new titular (the server
 * keeps the previous one in the history) instead of correcting the current one's data.
 * `changeMeter`: the meter section installs a new meter (the current one, if any, is retired
 * with its readings) instead of correcting the current one's data.
 */
export function patchFromForm(initial: EditForm, form: EditForm, reason: string, changeHolder: boolean, changeMeter = false): { body: AccountPatch | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const body: AccountPatch = { reason: reason.trim() };
  if (body.reason.length < MIN_REASON) errors.reason = `Escriba el motivo del cambio (al menos ${MIN_REASON} caracteres).`;
  const put = (group: Group, field: string, value: string | number | boolean | null) => {
    const g = (body[group] ??= {}) as Record<string, unknown>;
    g[field] = value;
  };
  for (const [key, value] of Object.entries(form)) {
    const [group, field] = key.split(".") as [Group, string];
    if (group === "new_holder" || (group === "holder" && changeHolder)) continue;
    if (group === "new_meter" || (group === "meter" && changeMeter)) continue;
    if (value === initial[key]) continue;
    if (typeof value === "boolean") {
      put(group, field, value);
      continue;
    }
    const text = value.trim();
    if (!text && REQUIRED_TEXT.has(key)) errors[key] = "Campo obligatorio.";
    else if (key === "meter.serial" && !serialOk(text)) errors[key] = SERIAL_ERROR;
    else if (field === "neighborhood_id") put(group, field, Number(text));
    else if (field === "latitude" || field === "longitude") {
      const n = coordinate(text, field === "latitude" ? 90 : 180);
      if (n === undefined) errors[key] = field === "latitude" ? "Latitud entre -90 y 90." : "Longitud entre -180 y 180.";
      else put(group, field, n);
    } else put(group, field, text || null);
  }
  if (changeHolder) {
    const name = s(form["new_holder.name"] as string).trim();
    if (name.length < 2) errors["new_holder.name"] = "Escriba el nombre del nuevo titular.";
    const holder: Record<string, string | null> = { name };
    for (const k of HOLDER_TEXT) if (k !== "name") holder[k] = s(form[`new_holder.${k}`] as string).trim() || null;
    body.new_holder = holder;
  }
  if (changeMeter) {
    const serial = s(form["new_meter.serial"] as string).trim();
    if (!serialOk(serial)) errors["new_meter.serial"] = serial ? SERIAL_ERROR : "Escriba la serie del medidor nuevo.";
    const meter: Record<string, string | null> = { serial };
    for (const k of NEW_METER_FIELDS) if (k !== "serial") meter[k] = s(form[`new_meter.${k}`] as string).trim() || null;
    body.new_meter = meter;
  }
  if (Object.keys(errors).length) return { body: null, errors };
  if (!body.account && !body.premises && !body.holder && !body.new_holder && !body.meter && !body.new_meter) return { body: null, errors: { form: "No hay cambios que guardar." } };
  return { body, errors };
}

function flatten(node: unknown, path: string[], out: [string[], string][]): void {
  if (typeof node === "string") out.push([path, node]);
  else if (Array.isArray(node)) for (const v of node) flatten(v, path, out);
  else if (node && typeof node === "object") for (const [k, v] of Object.entries(node)) flatten(v, [...path, k], out);
}

/** A 422 body's `errors` by form key ("account.status"…); what has no field goes under "form". */
export function serverErrors(body: unknown, changeHolder: boolean): FieldErrors {
  let tree = (body as { errors?: unknown } | null)?.errors;
  if (tree && typeof tree === "object" && !Array.isArray(tree) && "json" in tree && Object.keys(tree).length === 1) tree = (tree as { json: unknown }).json;
  const flat: [string[], string][] = [];
  flatten(tree, [], flat);
  const out: FieldErrors = {};
  const add = (k: string, m: string) => (out[k] = out[k] ? `${out[k]} ${m}` : m);
  for (const [path, msg] of flat) {
    const p = path.filter((x) => x !== "_schema");
    if (p.length === 1 && p[0] === "reason") add("reason", msg);
    else if (p.length === 2) add(`${p[0]}.${p[1]}`, msg);
    else if (p.length === 1 && p[0] === "neighborhood_id") add("premises.neighborhood_id", msg);
    else if (p.length === 1 && p[0] === "name") add(changeHolder ? "new_holder.name" : "holder.name", msg);
    else add("form", msg);
  }
  return out;
}
