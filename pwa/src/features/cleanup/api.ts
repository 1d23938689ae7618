/** The clean-up API (server/cleanup/routes.py): suspect lists and counts, the Excel, open charges, proposals and their decisions. */
import type { Money } from "../../domain/types";
import { http } from "../../state/session";

const BASE = "/api/v1/cleanup";

/** Suspect kinds with the tab slug of the route (#/depuracion/<slug>). */
export const KINDS: { kind: string; slug: string; label: string }[] = [
  { kind: "vacant_lot_billed_as_built", slug: "lotes", label: "Lotes baldíos facturados como construidos" },
  { kind: "abandoned_house", slug: "deshabitadas", label: "Casas deshabitadas" },
  { kind: "duplicate_holder", slug: "duplicados", label: "Titulares duplicados" },
  { kind: "missing_cadastral_key", slug: "sin-clave", label: "Sin clave catastral" },
  { kind: "no_recent_payment", slug: "sin-pago", label: "Sin pago en 5 años o más" },
  { kind: "past_prescription", slug: "prescritos", label: "Adeudos prescritos" },
];
export const PROPOSALS_SLUG = "propuestas";

export interface Suspect {
  account_id: string;
  account_number: string;
  holder_name: string;
  neighborhood: string;
  property_class: string;
  property_class_label: string;
  status: string;
  status_label: string;
  balance: Money | null;
  months_past_due: number;
  kind: string;
  code: string;
  group_key: string | null;
  detail_date: string | null;
  detail_amount: Money | null;
  detail_n: number | null;
  reason: string;
}

export interface SuspectPage {
  items: Suspect[];
  total: number;
  page: number;
  page_size: number;
  pages: number;
  kind: string;
  kind_label: string;
  as_of: string;
}

export interface Counts {
  as_of: string;
  kinds: { kind: string; label: string; count: number }[];
}

export interface OpenCharge {
  id: number;
  period: string;
  service: string;
  concept: string;
  due_date: string;
  amount: Money;
  open_amount: Money;
}

export type ProposalStatus = "pending" | "approved" | "rejected";

export interface Proposal {
  id: string;
  account_id: string;
  account_number: string;
  holder_name: string;
  kind: "reclassification" | "write_off";
  kind_label: string;
  status: ProposalStatus;
  status_label: string;
  suspect_kind: string | null;
  reason: string;
  changes: Record<string, string>;
  all_open: boolean;
  charge_ids: number[];
  amount: Money | null;
  proposed_by: string;
  proposed_by_name: string | null;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  credit_id: number | null;
  created_at: string;
}

export interface ProposalPage {
  items: Proposal[];
  total: number;
  page: number;
  page_size: number;
  pages: number;
}

export async function suspects(kind: string, page: number, pageSize = 25): Promise<SuspectPage> {
  const q = new URLSearchParams({ kind, page: String(page), page_size: String(pageSize) });
  return (await http.request<SuspectPage>(`${BASE}/suspects?${q}`)).body;
}

export async function counts(): Promise<Counts> {
  return (await http.request<Counts>(`${BASE}/suspects/counts`)).body;
}

export const excelPath = (kind: string): string => `${BASE}/suspects.xlsx?kind=${encodeURIComponent(kind)}`;

export async function openCharges(account: string): Promise<OpenCharge[]> {
  return (await http.request<OpenCharge[]>(`${BASE}/accounts/${encodeURIComponent(account)}/open-charges`)).body;
}

export async function proposals(status: string, mine: boolean, page: number): Promise<ProposalPage> {
  const q = new URLSearchParams({ page: String(page), page_size: "25" });
  if (status) q.set("status", status);
  if (mine) q.set("mine", "true");
  return (await http.request<ProposalPage>(`${BASE}/proposals?${q}`)).body;
}

export interface ReclassBody {
  account: string;
  changes: Record<string, string>;
  reason: string;
  suspect_kind: string | null;
}

export async function proposeReclassification(body: ReclassBody): Promise<Proposal> {
  return (await http.request<Proposal>(`${BASE}/proposals/reclassification`, { method: "POST", body })).body;
}

export interface WriteOffBody {
  account: string;
  charge_ids: number[] | null;
  amount: Money | null;
  reason: string;
  suspect_kind: string | null;
}

export async function proposeWriteOff(body: WriteOffBody): Promise<Proposal> {
  return (await http.request<Proposal>(`${BASE}/proposals/write-off`, { method: "POST", body })).body;
}

export async function approve(id: string): Promise<Proposal> {
  return (await http.request<Proposal>(`${BASE}/proposals/${encodeURIComponent(id)}/approve`, { method: "POST", body: { reason: null } })).body;
}

export async function reject(id: string, reason: string): Promise<Proposal> {
  return (await http.request<Proposal>(`${BASE}/proposals/${encodeURIComponent(id)}/reject`, { method: "POST", body: { reason } })).body;
}
