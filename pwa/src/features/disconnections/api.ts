/** Office API of disconnections: cut lists (preview, create, list), orders, cutters' routes, the day's board, cancel. */
import type { Money, OrderAction, OrderStatus } from "../../domain/types";
import { http } from "../../state/session";
import type { SelectionRules } from "../campaigns/api";

export interface CutRules extends SelectionRules {
  formal_notice_min_days: number | null; // null: a served formal notice is not required
  include_public_services: boolean;
  include_breached_agreements: boolean;
  exclude_agreement_in_good_standing: boolean;
  exclude_open_dispute: boolean;
  non_domestic_action: "disconnect" | "restrict";
}

export interface CutPreview {
  as_of: string;
  count: number;
  total_debt: Money;
  by_neighborhood: { neighborhood_id: number; neighborhood: string; sector: string | null; count: number; total_debt: Money }[];
  by_action: Partial<Record<"restrict" | "disconnect", number>>;
  sample: { account_id?: string; account_number: string; holder_name: string; address: string; neighborhood: string; debt: Money; months_past_due: number }[];
  exclusions_not_applied: string[];
}

export interface CutList {
  id: string;
  folio: string;
  name: string;
  rules: Partial<CutRules>;
  order_count: number;
  total_debt: Money;
  created_at?: string;
  orders_by_status?: Partial<Record<OrderStatus, number>>;
  exclusions_not_applied?: string[];
}

export interface OfficeOrder {
  id: string;
  folio: string;
  action: OrderAction;
  status: OrderStatus;
  urgent: boolean;
  account_number: string;
  property_class: string;
  holder_name: string;
  address: string;
  neighborhood: string;
  debt_amount: Money;
  months_past_due: number;
  issued_on: string;
  not_before: string | null;
  cancel_reason: string | null;
  executed_at: string | null;
  not_executed_reason: string | null;
  flags: string[];
}

export interface PlannedRoute {
  id: string;
  name: string;
  worker_id: string | null;
  work_date: string;
  zone: string | null;
}

export interface BoardAlert {
  id: number;
  kind: string;
  order_id: string;
  folio: string;
  account_id: string;
  message: string;
  created_at: string;
}

export interface Board {
  work_date: string;
  workers: { worker_id: string | null; pending: number; executed: number; not_executed: Record<string, number>; cancelled: number; executed_after_cancellation: number }[];
  alerts: BoardAlert[];
}

/** The page envelope of every list endpoint. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
  pages?: number;
}

const BASE = "/api/v1/disconnections";

const qs = (o: Record<string, string | number | null | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined && v !== "") q.set(k, String(v));
  return q.toString();
};

/** What a cut list with these rules would hold (changes nothing). */
export async function previewCutList(rules: CutRules): Promise<CutPreview> {
  return (await http.request<CutPreview>(`${BASE}/cut-lists/preview`, { method: "POST", body: { rules } })).body;
}

/** Create the list: one numbered order per selected account (manager). */
export async function createCutList(body: { name: string; rules: CutRules }): Promise<CutList> {
  return (await http.request<CutList>(`${BASE}/cut-lists`, { method: "POST", body })).body;
}

/** Cut lists, newest first. */
export async function listCutLists(page = 1, page_size = 50): Promise<Page<CutList>> {
  return (await http.request<Page<CutList>>(`${BASE}/cut-lists?${qs({ page, page_size })}`)).body;
}

/** One list with its rules and orders by status. */
export async function getCutList(id: string): Promise<CutList> {
  return (await http.request<CutList>(`${BASE}/cut-lists/${id}`)).body;
}

/** Orders (of a list, by status or action), by colonia and folio. */
export async function listOrders(f: { cut_list_id?: string; status?: string; action?: string; page?: number; page_size?: number }): Promise<Page<OfficeOrder>> {
  return (await http.request<Page<OfficeOrder>>(`${BASE}/orders?${qs({ page_size: 200, ...f })}`)).body;
}

/** One route per cutter for a day over issued orders (manager). */
export async function planCutRoutes(body: { work_date: string; worker_ids: string[]; cut_list_id?: string | null; actions?: OrderAction[] | null; group_by: "neighborhood" | "sector"; max_stops_per_route?: number | null }): Promise<PlannedRoute[]> {
  return (await http.request<PlannedRoute[]>(`${BASE}/routes`, { method: "POST", body })).body;
}

/** Cancel one open order with a reason (manager); its cutter's phone is told at once. */
export async function cancelOrder(id: string, reason: string): Promise<{ id: string; folio: string; status: string; cancel_reason: string | null }> {
  return (await http.request<{ id: string; folio: string; status: string; cancel_reason: string | null }>(`${BASE}/orders/${id}/cancel`, { method: "POST", body: { reason } })).body;
}

/** The day per cutter and the alerts nobody has acknowledged. */
export async function getBoard(work_date?: string): Promise<Board> {
  return (await http.request<Board>(`${BASE}/board?${qs({ work_date })}`)).body;
}

/** "Enterado": the manager has seen the alert. */
export async function acknowledgeAlert(id: number): Promise<void> {
  await http.request(`${BASE}/alerts/${id}/acknowledge`, { method: "POST" });
}

/** Cutters the office may give a route to (the field-work endpoint). */
export interface Cutter {
  id: string;
  username: string;
  full_name: string;
}

export async function listCutters(): Promise<Cutter[]> {
  return (await http.request<{ items: Cutter[] }>("/api/v1/fieldwork/workers?role=cutter")).body.items;
}

/** Where the printable list and its Excel export are (fetched with the bearer token). */
export const cutListSheetPath = (id: string) => `${BASE}/cut-lists/${id}/sheet.pdf`;
export const cutListExportPath = (id: string) => `${BASE}/cut-lists/${id}/export.xlsx`;
