/** Office API of agreements (server/agreements/routes.py) and of promotions (campaigns). */
import type { AgreementSignArgsV1, Money, PromotionRow } from "../../domain/types";
import { http } from "../../state/session";
import { SYNC_BASE } from "../../sync/protocol";

export type AgreementStatusCode = "pending_review" | "active" | "late" | "breached" | "completed" | "annulled" | "restructured";
export const AGREEMENT_STATUSES: AgreementStatusCode[] = ["pending_review", "active", "late", "breached", "completed", "annulled", "restructured"];

export interface AgreementItem {
  id: string;
  folio: string;
  status: AgreementStatusCode;
  account_id: string;
  account_number: string;
  holder_name: string;
  agreed_debt: Money;
  down_payment: Money;
  installments: number;
  waived_total: Money;
  paid: Money;
  next_due: string | null;
  signed_at: string;
  origin: string;
  flags: string[];
  policy_version: number;
}

export interface AgreementPart {
  number: number;
  kind: "down_payment" | "installment";
  amount: Money;
  due_date: string;
  paid: Money;
  paid_on: string | null;
}

export interface AgreementDetail extends AgreementItem {
  terms: Record<string, unknown> & { problems?: { code: string; field: string; message: string }[]; customer?: { name: string; phone: string | null; id_shown: string | null } };
  terms_hash: string;
  verification_code: string;
  debt_snapshot: Money;
  debt_at_arrival: Money;
  review_note: string | null;
  /** SHA-256 of the scanned paper signed with a pen (a blob), or null. */
  scanned_copy?: string | null;
  replaces_id: string | null;
  /** The agreement that restructured this one (the server follows the chain). */
  replaced_by?: { id: string; folio: string; status: string } | null;
  parts: AgreementPart[];
}

export interface AgreementPage {
  items: AgreementItem[];
  total: number;
  page: number;
  page_size: number;
  pages: number;
}

export interface Summary {
  as_of: string;
  by_status: Record<string, number>;
  compliance_rate: number | null;
  recovered: Money;
  upcoming: { folio: string; account_number: string; number: number; amount: Money; due_date: string }[];
}

export interface Quote {
  account_id: string;
  account_number: string;
  as_of: string;
  lines: { service: string; concept: string; amount: Money; discount: Money; net: Money }[];
  by_service: Record<string, Money>;
  total: Money;
  discount_total: Money;
  promotions: string[];
  valid_until: string;
  offered: PromotionRow[];
}

export interface PolicyOut {
  version: number;
  rules: {
    classes: Record<string, { down_payment_min_pct: string; max_installments: number; grace_days: number }>;
    waivable_concepts: string[];
    waiver_limits: Record<string, string | null>;
    reinstate_waived_on_breach: boolean;
  };
  note: string | null;
  created_at: string;
}

export interface AccountHit {
  id: string;
  account_number: string;
  status: string;
  property_class: string;
  holder_name: string;
  address: string;
  neighborhood: string;
}

export interface PromotionOut extends PromotionRow {
  campaign_id: string | null;
  created_at: string;
}

const BASE = "/api/v1/agreements";

export async function listAgreements(status: string, page: number, pageSize = 25): Promise<AgreementPage> {
  const q = new URLSearchParams({ page: String(page), page_size: String(pageSize) });
  if (status) q.set("status", status);
  return (await http.request<AgreementPage>(`${BASE}?${q}`)).body;
}

export async function agreementSummary(): Promise<Summary> {
  return (await http.request<Summary>(`${BASE}/summary`)).body;
}

export async function getAgreement(id: string): Promise<AgreementDetail> {
  return (await http.request<AgreementDetail>(`${BASE}/${encodeURIComponent(id)}`)).body;
}

export function agreementPdfPath(id: string): string {
  return `${BASE}/${encodeURIComponent(id)}/document.pdf`;
}

export async function reviewAgreement(id: string, decision: "approve" | "annul", note: string): Promise<AgreementDetail> {
  return (await http.request<AgreementDetail>(`${BASE}/${encodeURIComponent(id)}/review`, { method: "POST", body: { decision, note } })).body;
}

export async function verifyCode(code: string): Promise<AgreementItem> {
  return (await http.request<AgreementItem>(`${BASE}/verify/${encodeURIComponent(code.trim().toUpperCase())}`)).body;
}

export async function getQuote(accountId: string): Promise<Quote> {
  return (await http.request<Quote>(`${BASE}/quote/${encodeURIComponent(accountId)}`)).body;
}

export async function getPolicy(): Promise<PolicyOut> {
  return (await http.request<PolicyOut>(`${BASE}/policy`)).body;
}

export async function putPolicy(rules: unknown, note: string): Promise<PolicyOut> {
  return (await http.request<PolicyOut>(`${BASE}/policy`, { method: "PUT", body: { rules, note } })).body;
}

/** Sign at the counter: the same args as the field's agreement.sign v1. */
export async function signAtCounter(args: AgreementSignArgsV1): Promise<AgreementDetail> {
  return (await http.request<AgreementDetail>(BASE, { method: "POST", body: args })).body;
}

/** The statuses an agreement can be restructured from (server/agreements/service.py). */
export const RESTRUCTURABLE: AgreementStatusCode[] = ["active", "late", "breached", "pending_review"];

/** Restructure: a new agreement from the current debt (same args as signing) replacing `id`. */
export async function restructureAgreement(id: string, args: AgreementSignArgsV1): Promise<AgreementDetail> {
  return (await http.request<AgreementDetail>(`${BASE}/${encodeURIComponent(id)}/restructure`, { method: "POST", body: args })).body;
}

/** Attach the scanned paper (already uploaded as a blob) to the agreement. */
export async function attachScannedCopy(id: string, sha256: string): Promise<AgreementDetail> {
  return (await http.request<AgreementDetail>(`${BASE}/${encodeURIComponent(id)}/scanned-copy`, { method: "POST", body: { sha256 } })).body;
}

/** Where a blob's bytes are read (with the token). */
export function blobPath(sha256: string): string {
  return `${SYNC_BASE}/blobs/${sha256}`;
}

/** A file the API serves behind the token (a blob), as bytes with their type. */
export async function readBlob(path: string): Promise<Blob> {
  const resp = await http.raw(path);
  if (!resp.ok) throw new Error(resp.status === 404 ? "El archivo aún no está en el servidor." : `Error ${resp.status}`);
  return resp.blob();
}

/** PUT the bytes of a file by their SHA-256 (200 already held, 201 new; 413/415/422 refuse it). */
export async function putBlobBytes(sha256: string, bytes: ArrayBuffer, type: string): Promise<void> {
  await http.request(blobPath(sha256), { method: "PUT", body: bytes, contentType: type, proto: true });
}

/** The registry's account (for its property class, which sets the policy's terms). */
export async function getRegistryAccount(id: string): Promise<{ id: string; account_number: string; property_class: string | null }> {
  return (await http.request<{ id: string; account_number: string; property_class: string | null }>(`/api/v1/registry/accounts/${encodeURIComponent(id)}`)).body;
}

/** Upload a signature (PNG) by its SHA-256, as the phones' blob queue does (HEAD, then PUT). */
export async function uploadSignature(sha256: string, bytes: ArrayBuffer, type: string): Promise<void> {
  const url = `${SYNC_BASE}/blobs/${sha256}`;
  const head = await http.raw(url, { method: "HEAD" });
  if (head.status === 200 && !(head.headers.get("Content-Type") ?? "").includes("text/html")) return;
  await http.request(url, { method: "PUT", body: bytes, contentType: type, proto: true });
}

export async function searchAccounts(term: string): Promise<{ items: AccountHit[]; total: number; total_is_lower_bound?: boolean }> {
  return (await http.request<{ items: AccountHit[]; total: number; total_is_lower_bound?: boolean }>(`/api/v1/registry/accounts?q=${encodeURIComponent(term)}&page_size=20`)).body;
}

export async function listPromotions(): Promise<PromotionOut[]> {
  return (await http.request<{ items: PromotionOut[] }>("/api/v1/campaigns/promotions")).body.items;
}

export async function createPromotion(body: Record<string, unknown>): Promise<PromotionOut> {
  return (await http.request<PromotionOut>("/api/v1/campaigns/promotions", { method: "POST", body })).body;
}

export async function deactivatePromotion(id: string): Promise<PromotionOut> {
  return (await http.request<PromotionOut>(`/api/v1/campaigns/promotions/${encodeURIComponent(id)}/deactivate`, { method: "POST" })).body;
}
