/** Office API of field work: plan, list, assign, reassign, cancel, progress, visits, evidence. */
import type { Money } from "../../domain/types";
import { http } from "../../state/session";

export type Progress = Partial<Record<"total" | "pending" | "done" | "delivered" | "citatorio" | "refused" | "not_found" | "absent" | "vacant" | "paid" | "completed_without_visit" | "cancelled", number>>;

export interface OfficeRoute {
  id: string;
  name: string;
  campaign_id: string | null;
  worker_id: string | null;
  worker_name: string | null;
  work_date: string;
  status: string;
  zone: string | null;
  progress: Progress;
}

export interface OfficeStop {
  id: string;
  route_id: string;
  position: number;
  kind: string;
  status: string;
  cancel_reason: string | null;
  done_at: string | null;
  notice_id: string | null;
  folio: string | null;
  notice_status: string | null;
  /** A cutter's stop: the order's action and status (null for a notice stop). */
  order_id?: string | null;
  action?: string | null;
  order_status?: string | null;
  account_id: string;
  account_number: string;
  holder_name: string;
  address: string;
  neighborhood: string;
  latitude: number | null;
  longitude: number | null;
  debt_amount: Money | null;
  months_past_due: number | null;
}

export interface RouteDetail extends OfficeRoute {
  stops: OfficeStop[];
}

export interface ProgressReport {
  work_date: string;
  campaign_id: string | null;
  routes: OfficeRoute[];
  by_worker: { worker_id: string | null; worker_name: string | null; routes: number; progress: Progress }[];
  totals: Progress;
}

export interface BlobRef {
  sha256: string;
  url: string;
}

export interface OfficeVisit {
  id: string;
  route_id: string | null;
  stop_id: string | null;
  notice_id: string | null;
  folio: string | null;
  account_id: string;
  account_number: string;
  worker_id: string;
  worker_name: string;
  outcome: string;
  started_at: string;
  ended_at: string | null;
  received_at: string;
  gps: { lat: number; lon: number; accuracy_m: number | null } | null;
  distance_m: number | null;
  flags: string[];
  record: Record<string, unknown>;
  notes: string | null;
  photos: BlobRef[];
  signature: BlobRef | null;
  evidence_pending: boolean;
}

interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pages: number;
}

const qs = (o: Record<string, string | number | boolean | null | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined && v !== "") q.set(k, String(v));
  return q.toString();
};

/** Plan one route per notifier over a campaign's unassigned notices. */
export async function planRoutes(body: { campaign_id: string; work_date: string; worker_ids: string[]; group_by: "neighborhood" | "sector"; max_stops_per_route?: number | null }) {
  return (await http.request<{ routes: OfficeRoute[]; unplanned_notices: number }>("/api/v1/fieldwork/routes/plan", { method: "POST", body })).body;
}

/** Routes with progress. */
export async function listRoutes(f: { work_date?: string; worker_id?: string; campaign_id?: string }): Promise<OfficeRoute[]> {
  return (await http.request<Page<OfficeRoute>>(`/api/v1/fieldwork/routes?${qs({ ...f, page_size: 200 })}`)).body.items;
}

/** A route with its stops. */
export async function getRoute(id: string): Promise<RouteDetail> {
  return (await http.request<RouteDetail>(`/api/v1/fieldwork/routes/${id}`)).body;
}

/** Give a route to a notifier. */
export async function assignRoute(id: string, worker_id: string): Promise<OfficeRoute> {
  return (await http.request<OfficeRoute>(`/api/v1/fieldwork/routes/${id}/assign`, { method: "POST", body: { worker_id } })).body;
}

/** Move a pending stop to another route. */
export async function reassignStop(stopId: string, route_id: string): Promise<OfficeStop> {
  return (await http.request<OfficeStop>(`/api/v1/fieldwork/stops/${stopId}/reassign`, { method: "POST", body: { route_id } })).body;
}

/** Cancel a pending stop with a reason. */
export async function cancelStop(stopId: string, reason: string): Promise<OfficeStop> {
  return (await http.request<OfficeStop>(`/api/v1/fieldwork/stops/${stopId}/cancel`, { method: "POST", body: { reason } })).body;
}

/** Progress per route and notifier for a day. */
export async function getProgress(f: { work_date?: string; campaign_id?: string }): Promise<ProgressReport> {
  return (await http.request<ProgressReport>(`/api/v1/fieldwork/progress?${qs(f)}`)).body;
}

/** Visits with evidence, newest first. */
export async function listVisits(f: { route_id?: string; worker_id?: string; flagged?: boolean; page?: number }): Promise<Page<OfficeVisit>> {
  return (await http.request<Page<OfficeVisit>>(`/api/v1/fieldwork/visits?${qs({ ...f, page_size: 20 })}`)).body;
}

/** A field worker the office may give a route to. */
export interface FieldWorker { id: string; username: string; full_name: string }

/** Active notifiers (every office role may list them), by name. */
export async function listNotifiers(): Promise<FieldWorker[]> {
  return (await http.request<{ items: FieldWorker[] }>("/api/v1/fieldwork/workers?role=notifier")).body.items;
}

/** Bytes behind an authenticated URL (a photo, a signature, the route sheet) as an object URL. */
export async function objectUrl(path: string): Promise<string> {
  const resp = await http.raw(path);
  if (!resp.ok) throw new Error(resp.status === 404 ? "Aún no llega al servidor." : `Error ${resp.status}`);
  return URL.createObjectURL(await resp.blob());
}
