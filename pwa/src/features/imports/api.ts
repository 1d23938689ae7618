/** Office API of imports: upload a file (a dry run starts at once), poll its run, apply it, the error CSV and the history. */
import type { Money } from "../../domain/types";
import { http } from "../../state/session";

export type ImportKind = "registry" | "ledger" | "payments";
export type ImportMode = "dry_run" | "all_or_nothing" | "skip_invalid";
export type RunStatus = "queued" | "running" | "done" | "failed";

export interface RunSummary {
  id: string;
  kind: ImportKind;
  mode: ImportMode;
  status: RunStatus;
  filename: string;
  rows_total: number;
  rows_done: number;
  imported: number;
  errors_count: number;
  preview_of: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface ErrorLine {
  line: number;
  column: string | null;
  message: string;
}

/** One line of a payment file: the account it pays, or why it does not match. */
export interface PaymentMatch {
  line: number;
  matched: boolean;
  account_number: string | null;
  holder_name: string | null;
  balance: Money | null;
  amount: Money | null;
  paid_on: string | null;
  method: string | null;
  reference: string | null;
  reason: string | null;
}

export interface MatchTotals {
  lines: number;
  matched: number;
  matched_amount: Money;
  unmatched: number;
  unmatched_amount: Money;
}

export interface ImportRun extends RunSummary {
  valid: number;
  verdict: string | null;
  errors: ErrorLine[];
  warnings: string[];
  details: Record<string, number>;
  matches: PaymentMatch[];
  totals: MatchTotals | null;
}

export interface RunPage {
  items: RunSummary[];
  total: number;
  page: number;
  page_size: number;
  pages: number;
}

const BASE = "/api/v1/imports";

/** The file and the mode as multipart/form-data (the API client sends a Blob as it is). */
export function multipart(file: Blob, filename: string, mode: ImportMode, boundary = `----cartera${Math.random().toString(16).slice(2)}`): { body: Blob; contentType: string } {
  const safe = filename.replace(/["\r\n]/g, "_");
  const body = new Blob([
    `--${boundary}\r\nContent-Disposition: form-data; name="mode"\r\n\r\n${mode}\r\n`,
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${safe}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    file,
    `\r\n--${boundary}--\r\n`,
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Upload a file and start its import job; `mode` dry_run is the preview. */
export async function startImport(kind: ImportKind, file: File, mode: ImportMode = "dry_run"): Promise<string> {
  const { body, contentType } = multipart(file, file.name, mode);
  const r = await http.request<{ id: string }>(`${BASE}/${kind}`, { method: "POST", body, contentType });
  return r.body.id;
}

export async function getRun(id: string): Promise<ImportRun> {
  return (await http.request<ImportRun>(`${BASE}/${id}`)).body;
}

/** Apply a finished preview for real (a new run on the same stored file). */
export async function applyRun(id: string, mode: "all_or_nothing" | "skip_invalid"): Promise<string> {
  return (await http.request<{ id: string }>(`${BASE}/${id}/apply`, { method: "POST", body: { mode } })).body.id;
}

export async function history(page = 1): Promise<RunPage> {
  return (await http.request<RunPage>(`${BASE}?page=${page}&page_size=10`)).body;
}

export const errorsCsvPath = (id: string) => `${BASE}/${id}/errors.csv`;

