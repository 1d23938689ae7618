/** Office API of the dashboard and reports: figures, the drill-down list, export runs. */
import type { Money } from "../../domain/types";
import { http } from "../../state/session";
import { query } from "./format";

export interface Card {
  key: string;
  label: string;
  unit: "money" | "count" | "ratio";
  value: string | number | null;
  drill: string;
  compare: string | number | null;
  change: string | null;
  done?: number;
}

export interface Dashboard {
  as_of: string;
  computed_at: string;
  stale: boolean;
  cards: Card[];
  trend: { at: string; month: string; arrears: Money }[];
  recovery: { this_month: Money; last_year: Money; change: string | null; from: string; to: string; ly_from: string; ly_to: string };
}

/** A report payload: its shape depends on the report (see server/reports/figures.py). */
export type Report = Record<string, any> & { as_of: string; computed_at: string; stale: boolean };

export interface DrillAccount {
  account_id: string;
  account_number: string;
  holder: string;
  colonia: string;
  property_class: string;
  status: string;
  debt: Money;
  balance: Money;
  months_past_due: number;
  oldest_due: string;
}

export interface DrillPage {
  items: DrillAccount[];
  total: number;
  page: number;
  page_size: number;
  pages: number;
  total_debt: Money;
}

export interface ExportRun {
  id: string;
  report: string;
  format: "xlsx" | "pdf";
  status: "queued" | "running" | "done" | "failed";
  rows_total: number;
  rows_done: number;
  filename: string;
  error: string | null;
  download_url: string | null;
}

const BASE = "/api/v1/reports";

export async function getDashboard(fresh = false): Promise<Dashboard> {
  return (await http.request<Dashboard>(`${BASE}/dashboard${fresh ? "?fresh=true" : ""}`)).body;
}

export async function getReport(key: string, params: Record<string, string>): Promise<Report> {
  return (await http.request<Report>(`${BASE}/${key}${query(params)}`)).body;
}

export async function getAccounts(params: Record<string, string>, page: number): Promise<DrillPage> {
  return (await http.request<DrillPage>(`${BASE}/accounts${query({ ...params, page, page_size: 25 })}`)).body;
}

/** Start a background export; the body carries the report's filters. */
export async function startExport(report: string, format: "xlsx" | "pdf", params: Record<string, string>): Promise<ExportRun> {
  const body: Record<string, string | number> = { report, format };
  for (const k of ["as_of", "from", "to", "property_class", "service", "sector"]) if (params[k]) body[k] = params[k];
  if (params.neighborhood_id) body.neighborhood_id = Number(params.neighborhood_id);
  if (params.top) body.top = Number(params.top);
  return (await http.request<ExportRun>(`${BASE}/exports`, { method: "POST", body })).body;
}

export async function getExport(id: string): Promise<ExportRun> {
  return (await http.request<ExportRun>(`${BASE}/exports/${id}`)).body;
}

/** The finished file as an object URL (it is served behind the token). */
export async function fileUrl(path: string): Promise<string> {
  const resp = await http.raw(path);
  if (!resp.ok) throw new Error(`Error ${resp.status}`);
  return URL.createObjectURL(await resp.blob());
}

export interface Colonia {
  id: number;
  name: string;
  postal_code: string;
}

/** Colonias for the filter (the registry's list). */
export async function getColonias(): Promise<Colonia[]> {
  return (await http.request<Colonia[]>("/api/v1/registry/neighborhoods")).body;
}
