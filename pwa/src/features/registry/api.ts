/** The office's account search and account page: types of the registry and ledger answers, and the calls. */
import { http } from "../../state/session";

export interface AccountHit {
  id: string;
  account_number: string;
  holder_name: string;
  address: string;
  neighborhood: string;
  property_class: string;
  status: string;
  /** Pesos as a string ("1250.00"); negative when in favour. */
  balance: string;
  months_past_due: number;
}
export interface SearchPage {
  items: AccountHit[];
  total: number;
  total_is_lower_bound?: boolean;
}

export interface StatementLine {
  date: string;
  kind: "charge" | "payment" | "credit" | string;
  period?: string | null;
  service?: string | null;
  concept?: string | null;
  due_date?: string | null;
  description?: string | null;
  reference?: string | null;
  debit: string;
  credit: string;
  balance: string;
}
export interface Statement {
  account_number: string;
  holder_name: string;
  opening_balance?: string;
  closing_balance?: string;
  lines: StatementLine[];
}

export interface Evidence {
  kind: string;
  sha256: string;
  url: string;
}
export interface ActionVisit {
  id: string;
  date: string;
  outcome: string;
  outcome_label: string;
  notes: string | null;
  evidence: Evidence[];
}
export interface CollectionAction {
  type: "notice" | "order" | "agreement" | "discount" | "visit";
  id: string;
  date: string;
  folio: string | null;
  title: string;
  status: string;
  status_label: string;
  amount: string | null;
  visits: ActionVisit[];
}
export interface AuditEvent {
  occurred_at: string;
  actor_id: string | null;
  entity_type: string;
  action: string;
  changes: Record<string, unknown>;
  reason: string | null;
}
export interface Dossier {
  account: {
    id: string;
    account_number: string;
    status: string;
    property_class: string;
    class_subtype: string | null;
    billing_type: string;
    tariff_code: string | null;
    services: Record<string, boolean>;
    holder: { name: string; phone: string | null; rfc: string | null; curp: string | null; email: string | null };
    premises: {
      address: string;
      neighborhood: string;
      cadastral_key: string | null;
      postal_code: string | null;
      latitude: number | null;
      longitude: number | null;
    };
    meters: { id: string; serial: string; brand: string | null; state: string; installed_on: string | null; removed_on: string | null }[];
  };
  readings: { meter_serial: string; period: string; read_on: string; value_m3: number; consumption_m3: number }[];
  flags: Record<"social_discount" | "agreement_in_good_standing" | "vulnerable_household" | "public_services" | "large_consumer", boolean>;
  balance: {
    balance: string;
    overdue: string;
    accessories: string;
    unapplied_credit: string;
    months_past_due: number;
    by_service: Record<string, { principal: string; accessories: string; total: string }>;
    by_concept: Record<string, string>;
    aging: Record<string, string>;
  };
  actions: CollectionAction[];
  audit: AuditEvent[];
}

export const accountPath = (ref: string) => `/api/v1/registry/accounts/${encodeURIComponent(ref)}`;
export const statementPath = (ref: string, from = "", to = "", ext = "") => {
  const q = new URLSearchParams();
  if (from) q.set("from", from);
  if (to) q.set("to", to);
  const qs = q.toString();
  return `/api/v1/ledger/accounts/${encodeURIComponent(ref)}/statement${ext}${qs ? `?${qs}` : ""}`;
};

/** One page of search results; `signal` cancels a stale request. */
export async function searchAccounts(q: string, signal?: AbortSignal): Promise<SearchPage> {
  return (await http.request<SearchPage>(`/api/v1/registry/accounts?q=${encodeURIComponent(q)}&page_size=20`, { signal })).body;
}

export async function loadDossier(ref: string): Promise<Dossier> {
  return (await http.request<Dossier>(`${accountPath(ref)}/dossier`)).body;
}

export async function loadStatement(ref: string, from = "", to = ""): Promise<Statement> {
  return (await http.request<Statement>(statementPath(ref, from, to))).body;
}

/** `GET /registry/accounts/<ref>`: every editable field with the holder and class histories. */
export interface AccountDetail {
  id: string;
  account_number: string;
  status: string;
  property_class: string;
  class_subtype: string | null;
  business_line: string | null;
  billing_type: string;
  services: { water: boolean; sewer: boolean; sanitation: boolean };
  holder: { id: string; name: string; phone: string | null; email: string | null; rfc: string | null; curp: string | null };
  premises: {
    street: string;
    exterior_number: string | null;
    interior_number: string | null;
    neighborhood_id: number;
    neighborhood: string;
    cadastral_key: string | null;
    latitude: number | null;
    longitude: number | null;
  };
  meters: { id: string; serial: string; brand: string | null; state: string; installed_on: string | null; removed_on: string | null }[];
  holder_history: { customer_id: string; name: string; valid_from: string; valid_to: string | null; reason: string | null }[];
  class_history: { property_class: string; class_subtype: string | null; valid_from: string; valid_to: string | null; reason: string | null }[];
}
export interface Neighborhood {
  id: number;
  name: string;
  postal_code: string;
}
/** The PATCH body: only what changed, and the reason. */
export interface AccountPatch {
  reason: string;
  account?: Record<string, string | boolean | null>;
  premises?: Record<string, string | number | null>;
  holder?: Record<string, string | null>;
  new_holder?: Record<string, string | null>;
  /** Corrects the current meter: serial, brand, state, installed_on (YYYY-MM-DD). */
  meter?: Record<string, string | null>;
  /** Installs a meter (serial, brand, installed_on); the current one is retired with its readings. */
  new_meter?: Record<string, string | null>;
}
/** `GET /registry/accounts/<ref>/class-effect`: pesos as strings, an estimate (no tariff table). */
export interface ClassEffect {
  current_class: string;
  new_class: string;
  months: number;
  current_avg_monthly: string;
  estimated_avg_monthly: string;
  difference: string;
  basis: "consumo" | "cuota";
}

export async function loadAccountDetail(ref: string): Promise<AccountDetail> {
  return (await http.request<AccountDetail>(accountPath(ref))).body;
}

export async function loadNeighborhoods(): Promise<Neighborhood[]> {
  return (await http.request<Neighborhood[]>("/api/v1/registry/neighborhoods")).body;
}

export async function patchAccount(ref: string, body: AccountPatch): Promise<AccountDetail> {
  return (await http.request<AccountDetail>(accountPath(ref), { method: "PATCH", body })).body;
}

export async function loadClassEffect(ref: string, propertyClass: string, signal?: AbortSignal): Promise<ClassEffect> {
  return (await http.request<ClassEffect>(`${accountPath(ref)}/class-effect?property_class=${encodeURIComponent(propertyClass)}`, { signal })).body;
}
