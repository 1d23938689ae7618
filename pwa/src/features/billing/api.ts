/** Office API of billing analysis: periods and their authorization, the month-to-month comparison, large consumers and their review. */
import type { Money } from "../../domain/types";
import { http } from "../../state/session";

const BASE = "/api/v1/billing";

export type PeriodStatus = "draft" | "authorized";
export interface BillingPeriod { period: string; status: PeriodStatus; authorized_at: string | null; authorized_by: string | null; note: string | null }

export interface Cell { amount: Money; m3: number; bills: number }
export interface ComparisonRow {
  property_class?: string;
  service?: string;
  concept?: string;
  current: Cell;
  previous: Cell;
  last_year: Cell;
  amount_vs_previous: string | null;
  amount_vs_last_year: string | null;
  m3_vs_previous: string | null;
  m3_vs_last_year: string | null;
}
export interface Comparison {
  period: string;
  status: PeriodStatus;
  periods: { current: string; previous: string; last_year: string };
  by_class: ComparisonRow[];
  by_service: ComparisonRow[];
  total: ComparisonRow;
}

export type ReviewAction = "validated" | "explained" | "inspection_sent";
export interface Review { action: ReviewAction; note: string | null; consumption_m3: number; decided_at: string | null; decided_by: string | null; stop_id: string | null; stop_status: string | null }
export interface LargeConsumer {
  account_id: string;
  account_number: string;
  holder: string;
  address: string;
  neighborhood: string;
  property_class: string;
  category: string | null;
  flagged: boolean;
  reason: "flagged" | "volume";
  consumption_m3: number;
  average_m3: string | null;
  history_months: number;
  deviation: string | null;
  deviation_status: "within" | "above" | "below" | "no_history" | "not_metered";
  needs_validation: boolean;
  pending: boolean;
  review: Review | null;
}
export interface Summary { total: number; needs_validation: number; pending: number; inspections_sent: number }
export interface ConsumerPage { items: LargeConsumer[]; total: number; page: number; page_size: number; pages: number; summary: Summary; period: BillingPeriod }
export type ConsumerFilter = "all" | "needs_validation" | "pending";
export interface ReviewBody { action: ReviewAction; note?: string; worker_id?: string; work_date?: string }

export async function listPeriods(): Promise<BillingPeriod[]> {
  return (await http.request<{ items: BillingPeriod[] }>(`${BASE}/periods`)).body.items;
}

/** The comparison's filters: one colonia and/or one class ("" = all). */
export interface ComparisonFilters { neighborhood_id: string; property_class: string }
export const NO_FILTERS: ComparisonFilters = { neighborhood_id: "", property_class: "" };

/** "?neighborhood_id=3&property_class=commercial" without the empty ones ("" when none). */
export function filterQuery(f: ComparisonFilters): string {
  const q = new URLSearchParams();
  if (f.neighborhood_id) q.set("neighborhood_id", f.neighborhood_id);
  if (f.property_class) q.set("property_class", f.property_class);
  const text = q.toString();
  return text ? `?${text}` : "";
}

export async function getComparison(period: string, f: ComparisonFilters = NO_FILTERS): Promise<Comparison> {
  return (await http.request<Comparison>(`${BASE}/periods/${period}/comparison${filterQuery(f)}`)).body;
}

export async function listConsumers(period: string, only: ConsumerFilter, page: number): Promise<ConsumerPage> {
  const q = new URLSearchParams({ only, page: String(page), page_size: "25" });
  return (await http.request<ConsumerPage>(`${BASE}/periods/${period}/large-consumers?${q}`)).body;
}

export async function reviewConsumer(period: string, accountId: string, body: ReviewBody): Promise<LargeConsumer> {
  return (await http.request<LargeConsumer>(`${BASE}/periods/${period}/large-consumers/${accountId}/review`, { method: "POST", body })).body;
}

export async function authorizePeriod(period: string, note: string): Promise<BillingPeriod> {
  return (await http.request<BillingPeriod>(`${BASE}/periods/${period}/authorize`, { method: "POST", body: { note: note.trim() || null } })).body;
}

export const comparisonPath = (period: string, kind: "xlsx" | "pdf", f: ComparisonFilters = NO_FILTERS) => `${BASE}/periods/${period}/comparison/${kind}${filterQuery(f)}`;

export interface FlagBody { flagged: boolean; category: string | null; reason: string }
export interface FlagResult { account_id: string; account_number: string; flagged: boolean; category: string | null }

/** Flag or unflag an account (number or id) as a large consumer by hand, with its category and the reason. */
export async function flagAccount(account: string, body: FlagBody): Promise<FlagResult> {
  return (await http.request<FlagResult>(`${BASE}/accounts/${encodeURIComponent(account.trim())}/large-consumer`, { method: "PUT", body })).body;
}
