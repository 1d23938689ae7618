/** Office API of social discounts (server/discounts/routes.py). */
import type { DiscountProgram } from "../../domain/discount-rules";
import type { DiscountApplicationStatus, GpsError, GpsFix, Money } from "../../domain/types";
import { http } from "../../state/session";
import { SYNC_BASE } from "../../sync/protocol";
import type { FieldWorker } from "../fieldwork/api";

const BASE = "/api/v1/discounts";

export const APPLICATION_STATUSES: DiscountApplicationStatus[] = ["submitted", "needs_info", "approved", "rejected", "answered"];

/** What the social worker captured, as the server keeps it (ApplicationOut.record). */
export interface ApplicationRecord {
  documents?: { kind: string; sha256: string }[];
  checklist?: Record<string, boolean>;
  gps?: GpsFix | null;
  gps_error?: GpsError | null;
  signature?: string | null;
  phone?: string | null;
  notes?: string | null;
  started_at?: string | null;
  lives_there?: boolean | null;
}

export interface OfficeApplication {
  id: string;
  program_id: string;
  account_id: string;
  account_number: string;
  holder_name?: string | null;
  beneficiary_type: string;
  beneficiary_name: string;
  curp: string;
  birth_date: string | null;
  status: DiscountApplicationStatus;
  problems: string[];
  problem_labels?: string[];
  record: ApplicationRecord;
  worker_id: string;
  created_at: string;
  decision_note: string | null;
  starts_on: string | null;
  ends_on: string | null;
  other_accounts_with_curp: string[];
  /** Photos or signature not yet on the server. */
  evidence_pending?: boolean;
  renewal_of?: string | null;
  /** The application whose question this one answers (as the device sent it), and that question. */
  answers_request?: string | null;
  answers?: { application_id: string; question: string | null; asked_at: string | null; status: string; status_label?: string } | null;
  status_label?: string;
}

export interface ApplicationPage {
  items: OfficeApplication[];
  total: number;
  page: number;
  page_size: number;
  pages: number;
}

export interface ProgramOut {
  id: string;
  name: string;
  rules: Record<string, unknown>;
  active: boolean;
  approving_act: string | null;
}

/** A program's rules as the server checks them (server/discounts/program_rules.py); a `checklist` passes through. */
export type ProgramRules = Omit<DiscountProgram, "id" | "name"> & Record<string, unknown>;

/** What `POST /programs` and `PUT /programs/<id>` take (manager). */
export interface ProgramBody {
  name: string;
  approving_act: string | null;
  active: boolean;
  rules: ProgramRules;
}

export type Decision = "approve" | "reject" | "needs_info";

export interface PostingResult {
  period: string;
  posted: number;
  total: Money;
}

export interface RenewalsResult {
  as_of?: string;
  routes: number;
  stops: number;
  /** Renewals due that did not fit in the routes (the next run plans them). */
  left_for_later?: number;
  by_worker: { worker_id?: string; worker: string; stops: number; colonias: string[] }[];
}

export interface BeneficiaryFilters {
  month: string;
  type: string;
  neighborhood_id: string;
  q: string;
  page: number;
}

export interface Beneficiary {
  application_id: string;
  account_id: string;
  account_number: string;
  holder: string;
  beneficiary_name: string;
  beneficiary_type: string;
  curp: string;
  neighborhood: string | null;
  starts_on: string | null;
  ends_on: string | null;
  renewal_due: boolean;
  month_discount: Money;
}

export interface BeneficiariesOut {
  month: string;
  items: Beneficiary[];
  total: number;
  page?: number;
  page_size?: number;
  pages?: number;
  summary: { beneficiary_type: string; neighborhood: string | null; beneficiaries: number; month_discount: Money }[];
  totals: { beneficiaries: number; month_discount: Money };
}

export const BENEFICIARIES_PAGE_SIZE = 50;

export async function listPrograms(): Promise<ProgramOut[]> {
  return (await http.request<{ items: ProgramOut[] }>(`${BASE}/programs`)).body.items;
}

/** A new program (manager): 201 with the program; 422 with `rules.<field>` errors. */
export async function createProgram(body: ProgramBody): Promise<ProgramOut> {
  return (await http.request<ProgramOut>(`${BASE}/programs`, { method: "POST", body })).body;
}

/** Change a program (manager): the phones receive it on their next sync. */
export async function updateProgram(id: string, body: ProgramBody): Promise<ProgramOut> {
  return (await http.request<ProgramOut>(`${BASE}/programs/${encodeURIComponent(id)}`, { method: "PUT", body })).body;
}

export async function listApplications(status: string, page: number, pageSize = 25): Promise<ApplicationPage> {
  const q = new URLSearchParams({ page: String(page), page_size: String(pageSize) });
  if (status) q.set("status", status);
  return (await http.request<ApplicationPage>(`${BASE}/applications?${q}`)).body;
}

export async function getApplication(id: string): Promise<OfficeApplication> {
  return (await http.request<OfficeApplication>(`${BASE}/applications/${encodeURIComponent(id)}`)).body;
}

export async function decideApplication(id: string, decision: Decision, note: string): Promise<OfficeApplication> {
  return (await http.request<OfficeApplication>(`${BASE}/applications/${encodeURIComponent(id)}/decide`, { method: "POST", body: { decision, note: note.trim() || null } })).body;
}

export async function postDiscounts(period: string): Promise<PostingResult> {
  return (await http.request<PostingResult>(`${BASE}/postings`, { method: "POST", body: { period } })).body;
}

export async function generateRenewals(asOf: string): Promise<RenewalsResult> {
  return (await http.request<RenewalsResult>(`${BASE}/renewals`, { method: "POST", body: asOf ? { as_of: asOf } : {} })).body;
}

/** What `POST /visits` answers: the route made (none when every account already had a visit pending) and the accounts skipped. */
export interface VisitsResult {
  route_id: string | null;
  route_name: string | null;
  stops: number;
  /** Account numbers that already have a registration visit pending. */
  skipped: string[];
}

/** The declared emergency (GET/PUT /emergency). */
export interface EmergencyState {
  declared: boolean;
  updated_at: string | null;
  updated_by: string | null;
}

/** Active social workers, by name (whom the office sends on registration visits). */
export async function listSocialWorkers(): Promise<FieldWorker[]> {
  return (await http.request<{ items: FieldWorker[] }>("/api/v1/fieldwork/workers?role=social_worker")).body.items;
}

/** Account numbers as the office pastes them: one a line or separated by commas (or semicolons), blanks and repeats left out. */
export function parseAccountNumbers(text: string): string[] {
  return [...new Set(text.split(/[\r\n\t,;]+/).map((n) => n.trim()).filter(Boolean))];
}

/** Send a social worker to register the discount at these accounts (manager, clerk). */
export async function assignVisits(accountNumbers: string[], workerId: string, workDate: string): Promise<VisitsResult> {
  const body = { account_numbers: accountNumbers, worker_id: workerId, ...(workDate ? { work_date: workDate } : {}) };
  return (await http.request<VisitsResult>(`${BASE}/visits`, { method: "POST", body })).body;
}

export async function getEmergency(): Promise<EmergencyState> {
  return (await http.request<EmergencyState>(`${BASE}/emergency`)).body;
}

/** Declare or lift the emergency (manager). */
export async function setEmergency(declared: boolean): Promise<EmergencyState> {
  return (await http.request<EmergencyState>(`${BASE}/emergency`, { method: "PUT", body: { declared } })).body;
}

/** The query string of the beneficiaries' filters (empty ones left out), shared by the list and its Excel. */
export function beneficiariesQuery(f: BeneficiaryFilters, withPage = true): string {
  const q = new URLSearchParams({ month: f.month });
  if (f.type) q.set("type", f.type);
  if (f.neighborhood_id) q.set("neighborhood_id", f.neighborhood_id);
  if (f.q.trim()) q.set("q", f.q.trim());
  if (withPage) {
    q.set("page", String(f.page));
    q.set("page_size", String(BENEFICIARIES_PAGE_SIZE));
  }
  return q.toString();
}

export async function listBeneficiaries(f: BeneficiaryFilters): Promise<BeneficiariesOut> {
  return (await http.request<BeneficiariesOut>(`${BASE}/beneficiaries?${beneficiariesQuery(f)}`)).body;
}

export function beneficiariesXlsxPath(f: BeneficiaryFilters): string {
  return `${BASE}/beneficiaries.xlsx?${beneficiariesQuery(f, false)}`;
}

/** Where a document photo or signature is read (with the token). */
export function blobPath(sha256: string): string {
  return `${SYNC_BASE}/blobs/${sha256}`;
}
