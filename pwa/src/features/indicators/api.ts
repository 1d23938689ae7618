/** Indicators API: live values of a month, snapshots (take, list, compare), PIGOO, and the two reports. */
import { http } from "../../state/session";

const BASE = "/api/v1/indicators";

export interface Values {
  period: string;
  measures: Record<string, string | number | null>;
  indicators: Record<string, string | null>;
  formulas: Record<string, { numerator: string; denominator: string; label?: string }>;
  catalogue: { measures: Record<string, { kind: string; label: string; unit: string }>; indicators: Record<string, string> };
}

export interface SnapshotSummary {
  id: number;
  period: string;
  version: number;
  as_of: string;
  taken_at: string;
  note: string | null;
  duration_ms: number;
  indicators: Record<string, string | null>;
}

export interface DiffRow { kind: string; key: string; label: string; stored: string | null; live: string | null; difference: string | null; changed: boolean }

export interface StrategyRow {
  strategy: string; label: string; actions: number; accounts: number;
  responded_15: number; responded_30: number; responded_60: number;
  rate_15: string | null; rate_30: string | null; rate_60: string | null;
  amount_15: string; amount_30: string; amount_60: string;
}

export interface ProductivityRow {
  worker_id: string | null; worker: string; day: string; assigned: number; done: number; pending: number;
  visits: number; far: number; outcomes: Record<string, number>; sync_delay_avg_min: number | null; sync_delay_max_min: number | null;
}

export interface Report<R> { date_from: string; date_to: string; rows: R[]; totals: Record<string, string | number> }

export interface Filters { from: string; to: string; property_class?: string; service?: string }

export const query = (f: Filters) => new URLSearchParams(Object.entries(f).filter(([, v]) => v) as [string, string][]).toString();

export async function liveValues(period: string): Promise<Values> {
  return (await http.request<Values>(`${BASE}/values?period=${period}`)).body;
}

export async function takeSnapshot(period: string): Promise<SnapshotSummary> {
  return (await http.request<SnapshotSummary>(`${BASE}/snapshots`, { method: "POST", body: { period } })).body;
}

export async function snapshots(year: number): Promise<SnapshotSummary[]> {
  return (await http.request<{ items: SnapshotSummary[] }>(`${BASE}/snapshots?year=${year}&page_size=200`)).body.items;
}

export async function compare(id: number): Promise<DiffRow[]> {
  return (await http.request<{ rows: DiffRow[] }>(`${BASE}/snapshots/${id}/compare`)).body.rows;
}

export async function strategies(f: Filters): Promise<Report<StrategyRow>> {
  return (await http.request<Report<StrategyRow>>(`${BASE}/strategies?${query(f)}`)).body;
}

export async function productivity(f: Filters): Promise<Report<ProductivityRow>> {
  return (await http.request<Report<ProductivityRow>>(`${BASE}/productivity?${query({ from: f.from, to: f.to })}`)).body;
}

export const pigooPath = (year: number) => `${BASE}/pigoo.xlsx?year=${year}`;
export const reportPath = (kind: "strategies" | "productivity", fmt: "xlsx" | "pdf", f: Filters) => `${BASE}/${kind}.${fmt}?${query(f)}`;

/** A ratio string ("0.5995") as a percentage "59.9 %"; null as a dash. */
export function pct(s: string | null | undefined): string {
  if (s === null || s === undefined) return "—";
  return `${(Number(s) * 100).toLocaleString("es-MX", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`;
}
