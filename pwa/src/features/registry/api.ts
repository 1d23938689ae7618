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
