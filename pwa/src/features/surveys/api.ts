/** Office API of surveys (server/surveys/routes.py, /api/v1/surveys): forms, versions, assigning, results, complaints. */
import type { SurveyQuestion, SurveyTriggers } from "../../domain/survey-rules";
import { http } from "../../state/session";
import type { FieldWorker } from "../fieldwork/api";

const BASE = "/api/v1/surveys";

export interface FormListItem {
  form_key: string;
  title: string;
  latest_published_version: number | null;
  has_draft: boolean;
  status: string;
  responses: number;
  /** Complaints of its answers still open. */
  open_complaints?: number;
  triggers: SurveyTriggers;
}

/** One version of a form as the office sees it (a draft too). */
export interface FormVersion {
  id: string;
  form_key: string;
  version: number;
  title: string;
  description: string | null;
  status: "draft" | "published" | "retired";
  questions: SurveyQuestion[];
  triggers: SurveyTriggers;
  complaint_threshold: number;
  published_at: string | null;
}

export interface FormDetail {
  form_key: string;
  draft: FormVersion | null;
  versions: FormVersion[];
}

/** What the editor sends (POST /forms, PUT /forms/<key>/draft). */
export interface FormBody {
  title: string;
  description: string | null;
  questions: SurveyQuestion[];
  triggers: SurveyTriggers;
  complaint_threshold: number;
}

export interface AssignBody {
  route_ids: string[];
  mode: "every" | "sample";
  /** Only with mode "sample" (1–100). */
  sample_percent?: number;
}

export interface ResultCount {
  value: string | number | boolean;
  label: string;
  count: number;
  percent: number | string;
}

export interface QuestionResult {
  id: string;
  kind: string;
  label: string;
  answered: number;
  skipped: number;
  counts: ResultCount[];
  average: number | string | null;
  min: number | string | null;
  max: number | string | null;
  texts: { text: string; at: string; account_number: string | null }[];
  texts_total: number;
}

export interface Results {
  form_key: string;
  version: number | null;
  title: string;
  responses: number;
  questions: QuestionResult[];
}

export interface ResultFilters {
  version?: number | string | null;
  from?: string | null;
  to?: string | null;
  neighborhood_id?: number | string | null;
  worker_id?: string | null;
}

export interface Complaint {
  id: string;
  account_number: string | null;
  holder: string | null;
  form_title: string;
  summary: string;
  created_at: string;
  status: "open" | "closed";
}

const enc = encodeURIComponent;

/** The filters as a query string ("version=2&from=2026-11-01"), empty ones left out. */
export function filterQuery(f: ResultFilters): string {
  const q = new URLSearchParams();
  for (const k of ["version", "from", "to", "neighborhood_id", "worker_id"] as const) {
    const v = f[k];
    if (v !== null && v !== undefined && v !== "") q.set(k, String(v));
  }
  return q.toString();
}

export async function listForms(): Promise<FormListItem[]> {
  const body = (await http.request<FormListItem[] | { items: FormListItem[] }>(`${BASE}/forms`)).body;
  return Array.isArray(body) ? body : body.items;
}

export async function createForm(body: FormBody): Promise<FormVersion> {
  return (await http.request<FormVersion>(`${BASE}/forms`, { method: "POST", body })).body;
}

export async function getForm(formKey: string): Promise<FormDetail> {
  return (await http.request<FormDetail>(`${BASE}/forms/${enc(formKey)}`)).body;
}

export async function saveDraft(formKey: string, body: FormBody): Promise<FormVersion> {
  return (await http.request<FormVersion>(`${BASE}/forms/${enc(formKey)}/draft`, { method: "PUT", body })).body;
}

export async function publishForm(formKey: string): Promise<FormVersion> {
  return (await http.request<FormVersion>(`${BASE}/forms/${enc(formKey)}/publish`, { method: "POST" })).body;
}

export async function retireForm(formKey: string): Promise<unknown> {
  return (await http.request(`${BASE}/forms/${enc(formKey)}/retire`, { method: "POST" })).body;
}

export async function assignForm(formKey: string, body: AssignBody): Promise<{ requests_created: number; stops_considered: number }> {
  return (await http.request<{ requests_created: number; stops_considered: number }>(`${BASE}/forms/${enc(formKey)}/assign`, { method: "POST", body })).body;
}

export async function getResults(formKey: string, f: ResultFilters): Promise<Results> {
  const q = filterQuery(f);
  return (await http.request<Results>(`${BASE}/forms/${enc(formKey)}/results${q ? `?${q}` : ""}`)).body;
}

/** The path of the results' Excel file with the same filters (downloaded with the token). */
export function resultsXlsxPath(formKey: string, f: ResultFilters): string {
  const q = filterQuery(f);
  return `${BASE}/forms/${enc(formKey)}/results.xlsx${q ? `?${q}` : ""}`;
}

/** The inbox, newest first (one page of 100), with how many there are in all. */
export async function listComplaints(status: "open" | "closed"): Promise<{ items: Complaint[]; total: number }> {
  const body = (await http.request<Complaint[] | { items: Complaint[]; total?: number }>(`${BASE}/complaints?status=${status}&page_size=100`)).body;
  return Array.isArray(body) ? { items: body, total: body.length } : { items: body.items, total: body.total ?? body.items.length };
}

export async function closeComplaint(id: string, note: string): Promise<Complaint> {
  return (await http.request<Complaint>(`${BASE}/complaints/${enc(id)}/close`, { method: "POST", body: { note } })).body;
}

/** Every active field worker (notifiers, cutters, social workers), by name: the results' filter. */
export async function listFieldWorkers(): Promise<FieldWorker[]> {
  const roles = ["notifier", "cutter", "social_worker"];
  const lists = await Promise.all(roles.map((r) => http.request<{ items: FieldWorker[] }>(`/api/v1/fieldwork/workers?role=${r}`).then((x) => x.body.items)));
  const byId = new Map<string, FieldWorker>();
  for (const w of lists.flat()) byId.set(w.id, w);
  return [...byId.values()].sort((a, b) => a.full_name.localeCompare(b.full_name, "es"));
}
