/** Extraordinary charges (server/ledger/routes.py): list by status with the month's authorized total, propose (with photos), authorize, reject. */
import type { Money } from "../../domain/types";
import { http } from "../../state/session";

const BASE = "/api/v1/ledger/extraordinary-charges";

export type ChargeStatus = "proposed" | "authorized" | "rejected";
export const CHARGE_STATUSES: [ChargeStatus, string][] = [
  ["proposed", "Propuestos"],
  ["authorized", "Autorizados"],
  ["rejected", "Rechazados"],
];
export const STATUS_LABEL: Record<ChargeStatus, string> = { proposed: "Propuesto", authorized: "Autorizado", rejected: "Rechazado" };
export const KINDS: [string, string][] = [
  ["extension", "Ampliación"],
  ["rehabilitation", "Rehabilitación"],
  ["meter_installation", "Instalación de medidor"],
  ["fee", "Derecho / trámite"],
  ["fine", "Multa"],
  ["other", "Otro"],
];
export const SERVICES: [string, string][] = [
  ["other", "Otros"],
  ["water", "Agua"],
  ["sewer", "Drenaje"],
  ["sanitation", "Saneamiento"],
];

export interface ExtraordinaryCharge {
  id: string;
  account_id: string;
  account_number?: string;
  kind: string;
  service: string;
  concept: string;
  amount: Money;
  description: string;
  work_reference: string | null;
  due_date: string | null;
  status: ChargeStatus;
  rejection_reason: string | null;
  charge_id: number | null;
  created_at: string;
  decided_at: string | null;
  proposed_by_name?: string | null;
  decided_by_name?: string | null;
  /** Evidence of the work; `uploaded` is false until the photo's bytes reach the server. */
  photos?: ChargePhoto[];
}

export interface ChargePhoto {
  sha256: string;
  uploaded: boolean;
  /** Where the bytes are read with the token (`/api/sync/v1/blobs/<sha256>`). */
  url: string;
}

export interface ChargePage {
  items: ExtraordinaryCharge[];
  total: number;
  page: number;
  page_size: number;
  pages: number;
  month_total: { month: string; count: number; total: Money };
}

export interface ChargeProposal {
  account: string;
  kind: string;
  service: string;
  amount: Money;
  work_reference: string | null;
  description: string;
  due_date: string | null;
  /** SHA-256 of the photos (uploaded as blobs), at most 6. */
  photos: string[];
}

/** One page by status; `month` ("AAAA-MM") narrows to the authorized ones that reached the ledger that month. */
export async function listCharges(status: ChargeStatus | "", page: number, month: string | null, pageSize = 25): Promise<ChargePage> {
  const q = new URLSearchParams({ page: String(page), page_size: String(pageSize) });
  if (status) q.set("status", status);
  if (month) q.set("month", month);
  return (await http.request<ChargePage>(`${BASE}?${q}`)).body;
}

export async function proposeCharge(body: ChargeProposal): Promise<ExtraordinaryCharge> {
  return (await http.request<ExtraordinaryCharge>(BASE, { method: "POST", body })).body;
}

export async function authorizeCharge(id: string, reason: string | null): Promise<ExtraordinaryCharge> {
  return (await http.request<ExtraordinaryCharge>(`${BASE}/${encodeURIComponent(id)}/authorize`, { method: "POST", body: { reason } })).body;
}

export async function rejectCharge(id: string, reason: string): Promise<ExtraordinaryCharge> {
  return (await http.request<ExtraordinaryCharge>(`${BASE}/${encodeURIComponent(id)}/reject`, { method: "POST", body: { reason } })).body;
}
