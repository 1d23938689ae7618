/** PAE debtor list (server/pae/routes.py): the ranked selection with totals, one debtor's legal data, sending to PAE, referrals, and the Excel / PDF paths. */
import type { Money } from "../../domain/types";
import { http } from "../../state/session";

const BASE = "/api/v1/pae";

export type PrescriptionStatus = "ok" | "warning" | "prescribed";

export interface PaeFilters {
  min_amount: string;
  min_months: string;
  property_class: string;
  colonia: string;
  include_sent: boolean;
  prescription: "" | PrescriptionStatus;
}

export const EMPTY_FILTERS: PaeFilters = { min_amount: "", min_months: "3", property_class: "", colonia: "", include_sent: false, prescription: "" };

export interface Sent {
  mandate_number: string;
  officer_name: string;
  sent_on: string;
}

export interface Debtor {
  account_id: string;
  account_number: string;
  holder_name: string;
  property_class: string;
  neighborhood: string;
  cadastral_key: string | null;
  address: string;
  debt: Money;
  oldest_due: string;
  months_past_due: number;
  large_consumer: boolean;
  cuts: number;
  breaches: number;
  score: number;
  last_formal_act_on: string | null;
  prescription_date: string;
  prescription_status: PrescriptionStatus;
  sent: Sent | null;
}

export interface Totals {
  accounts: number;
  debt: Money;
  warning_accounts: number;
  warning_debt: Money;
  prescribed_accounts: number;
  prescribed_debt: Money;
  sent_accounts: number;
}

export interface Selection {
  as_of: string;
  totals: Totals;
  items: Debtor[];
  total: number;
  page: number;
  page_size: number;
  pages: number;
}

export interface PeriodLine {
  period: string;
  due_date: string;
  service_label: string;
  concept_label: string;
  amount: Money;
  months_past_due: number;
  prescription_date: string;
  prescribed: boolean;
}

export interface Referral {
  id: string;
  account_id: string;
  account_number?: string;
  holder_name?: string;
  mandate_number: string;
  officer_name: string;
  sent_on: string;
  status: "open" | "closed";
  debt_amount: Money;
  months_past_due: number;
  closed_on: string | null;
  close_reason: string | null;
}

export interface Dossier {
  as_of: string;
  account_id: string;
  account_number: string;
  contract_number: string;
  status_label: string;
  property_class_label: string;
  business_line: string | null;
  large_consumer: boolean;
  holder: { name: string; person_type: string; rfc: string | null; curp: string | null; legal_representative: string | null; phone: string | null };
  owner: { name: string } | null;
  address: { street: string; neighborhood: string; postal_code: string | null; locality: string | null; cadastral_key: string | null; references: string | null };
  notification_address: string | null;
  periods: PeriodLine[];
  totals: { principal: Money; surcharges: Money; fines: Money; enforcement_costs: Money; total: Money; prescribed: Money; unapplied_credit: Money; balance: Money };
  oldest_due: string | null;
  months_past_due: number;
  last_formal_act_on: string | null;
  prescription_date: string | null;
  prescription_status: PrescriptionStatus;
  notices: { folio: string; kind_label: string; status_label: string; issued_on: string; debt_amount: Money; visits: { date: string; outcome_label: string; how_served: string }[] }[];
  agreements: { folio: string; status_label: string; signed_on: string; agreed_debt: Money; installments: number; breached: boolean }[];
  cuts: { folio: string; action_label: string; status_label: string; issued_on: string; executed_at: string | null }[];
  referrals: Referral[];
  referral: Referral | null;
}

export interface Colonia {
  id: number;
  name: string;
}

/** The query string of a selection (empty filters left out). */
export function filterQuery(f: PaeFilters): string {
  const q = new URLSearchParams();
  if (f.min_amount.trim()) q.set("min_amount", f.min_amount.trim().replace(/[$,\s]/g, ""));
  if (f.min_months.trim()) q.set("min_months", f.min_months.trim());
  if (f.property_class) q.set("property_class", f.property_class);
  if (f.colonia) q.set("colonia", f.colonia);
  if (f.include_sent) q.set("include_sent", "true");
  if (f.prescription) q.set("prescription", f.prescription);
  return q.toString();
}

export async function listDebtors(f: PaeFilters, page: number, pageSize = 50): Promise<Selection> {
  const q = filterQuery(f);
  return (await http.request<Selection>(`${BASE}/debtors?${q ? `${q}&` : ""}page=${page}&page_size=${pageSize}`)).body;
}

export const excelPath = (f: PaeFilters): string => `${BASE}/debtors.xlsx?${filterQuery(f)}`;
export const demandPath = (accountId: string): string => `${BASE}/debtors/${encodeURIComponent(accountId)}/demand.pdf`;

export async function loadDossier(accountId: string): Promise<Dossier> {
  return (await http.request<Dossier>(`${BASE}/debtors/${encodeURIComponent(accountId)}`)).body;
}

export interface SendBody {
  account_ids: string[];
  mandate_number: string;
  officer_name: string;
  sent_on: string;
}

export async function sendToPae(body: SendBody): Promise<Referral[]> {
  return (await http.request<{ items: Referral[] }>(`${BASE}/referrals`, { method: "POST", body })).body.items;
}

export async function closeReferral(id: string, reason: string): Promise<Referral> {
  return (await http.request<Referral>(`${BASE}/referrals/${id}/close`, { method: "POST", body: { reason } })).body;
}

export async function loadColonias(): Promise<Colonia[]> {
  return (await http.request<Colonia[]>("/api/v1/registry/neighborhoods")).body;
}

/** The demand drafts of the selected debtors (up to 25) in one PDF, handed to the browser. */
export async function downloadDemands(accountIds: string[]): Promise<void> {
  const resp = await http.raw(`${BASE}/demands.pdf`, { method: "POST", body: { account_ids: accountIds } });
  if (!resp.ok) {
    const body = (await resp.json().catch(() => null)) as { message?: string } | null;
    throw new Error(body?.message ?? `Error ${resp.status}`);
  }
  const url = URL.createObjectURL(await resp.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = "requerimientos-pae.pdf";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
