/** Field corrections (server/registry/routes.py): proposals by status with the current value, approve, reject. */
import { http } from "../../state/session";

const BASE = "/api/v1/registry/proposals";

export type ProposalStatus = "pending" | "approved" | "rejected";

export interface Proposal {
  id: string;
  account_id: string;
  account_number: string;
  field: string;
  seen_value: string | null;
  proposed_value: string | null;
  current_value: string | null;
  /** The record changed since the worker saw it (pending proposals only). */
  changed_since: boolean;
  reason: string | null;
  source: string;
  status: ProposalStatus;
  proposed_by: string | null;
  proposed_by_name?: string | null;
  created_at: string;
  decided_at: string | null;
  decision_reason: string | null;
}

export interface ProposalPage {
  items: Proposal[];
  total: number;
  page: number;
  page_size: number;
  pages: number;
}

export async function listProposals(status: ProposalStatus, page: number, pageSize = 50): Promise<ProposalPage> {
  const q = new URLSearchParams({ status, page: String(page), page_size: String(pageSize) });
  return (await http.request<ProposalPage>(`${BASE}?${q}`)).body;
}

export async function approveProposal(id: string, reason: string | null = null): Promise<Proposal> {
  return (await http.request<Proposal>(`${BASE}/${encodeURIComponent(id)}/approve`, { method: "POST", body: { reason } })).body;
}

export async function rejectProposal(id: string, reason: string): Promise<Proposal> {
  return (await http.request<Proposal>(`${BASE}/${encodeURIComponent(id)}/reject`, { method: "POST", body: { reason } })).body;
}

/** Decide many, one request each, in order; `onProgress(done, total)` after each; failures keep their Spanish message. */
export async function decideMany(ids: string[], decide: (id: string) => Promise<unknown>, onProgress: (done: number, total: number) => void): Promise<{ ok: string[]; failed: { id: string; message: string }[] }> {
  const ok: string[] = [];
  const failed: { id: string; message: string }[] = [];
  for (const id of ids) {
    try {
      await decide(id);
      ok.push(id);
    } catch (e) {
      failed.push({ id, message: (e as Error).message || "No se pudo guardar." });
    }
    onProgress(ok.length + failed.length, ids.length);
  }
  return { ok, failed };
}
