/**
 * What the screens show: server rows with this worker's pending mutations laid over them, and
 * the sync state of each item (pendiente, enviado, evidencia pendiente, observado). Pure.
 */
import { latestPolicy } from "../domain/agreement-rows";
import type { AccountRow, AgreementPolicyRow, AgreementRow, AgreementSignArgsV1, NoticeRow, OrderRow, PromotionRow, RouteRow, StopRow, VisitRow } from "../domain/types";
import type { BlobRecord, OutboxEntry, OverlayEntry, RowRecord } from "../storage/db";

export type ItemState = "pendiente" | "enviado" | "evidencia_pendiente" | "observado";

export const ITEM_STATE_LABELS: Record<ItemState, string> = {
  pendiente: "Pendiente",
  enviado: "Enviado",
  evidencia_pendiente: "Evidencia pendiente",
  observado: "Observado",
};

export interface VisitView extends VisitRow {
  local: boolean; // only in the overlay (not yet reflected by a pull)
  state: ItemState;
  codes: string[]; // flags or rejection code
}

/** What became of an agreement signed on this device: pending, then the server's answer. */
export type AgreementState = "pending" | "sent" | "active" | "review" | "rejected";

export interface AgreementView extends AgreementRow {
  state: AgreementState;
  /** The server's flags (review) or rejection code. */
  codes: string[];
  /** Its outbox seq (null once the outbox entry is gone). */
  seq: number | null;
  args: AgreementSignArgsV1 | null;
}

export interface LocalView {
  routes: RouteRow[];
  stops: StopRow[];
  notices: Map<string, NoticeRow>;
  orders: Map<string, OrderRow>;
  accounts: Map<string, AccountRow>;
  visits: VisitView[];
  proposals: { id: string; account_id: string; field: string; state: ItemState; codes: string[] }[];
  /** Agreements signed on this device, newest first. */
  agreements: AgreementView[];
  /** The highest agreement policy version the device holds. */
  policy: AgreementPolicyRow | null;
  promotions: PromotionRow[];
  stopState: Map<string, ItemState>; // a stop completed on the device
  pending: number;
  evidencePending: number;
  observed: number;
  outboxEmpty: boolean;
}

type Table = Map<string, Record<string, unknown>>;

/** Server rows by type with the overlay applied in seq order (put replaces, patch merges). */
export function mergeRows(rows: RowRecord[], overlay: OverlayEntry[]): { tables: Map<string, Table>; localIds: Set<string> } {
  const tables = new Map<string, Table>();
  const table = (t: string) => {
    let m = tables.get(t);
    if (!m) tables.set(t, (m = new Map()));
    return m;
  };
  for (const r of rows) table(r.t).set(r.id, r.d as Record<string, unknown>);
  const localIds = new Set<string>();
  for (const o of [...overlay].sort((a, b) => a.seq - b.seq)) {
    const m = table(o.t);
    const cur = m.get(o.id);
    if (o.op === "put") {
      if (!cur) localIds.add(`${o.t}:${o.id}`);
      m.set(o.id, { ...(cur ?? {}), ...o.d });
    } else if (cur) {
      m.set(o.id, { ...cur, ...o.d });
    }
  }
  return { tables, localIds };
}

function resultState(e: OutboxEntry | undefined): { state: ItemState | null; codes: string[] } {
  if (!e) return { state: null, codes: [] };
  if (e.state === "pending") return { state: "pendiente", codes: [] };
  const r = e.result;
  if (r?.status === "rejected") return { state: "observado", codes: [r.code ?? "REJECTED"] };
  if (r?.status === "flagged") return { state: "observado", codes: r.flags ?? [] };
  return { state: "enviado", codes: [] };
}

/** Compose the local view from the stores' contents. */
export function buildView(rows: RowRecord[], overlay: OverlayEntry[], outbox: OutboxEntry[], blobs: BlobRecord[]): LocalView {
  const { tables, localIds } = mergeRows(rows, overlay);
  const vals = <T>(t: string) => [...(tables.get(t)?.values() ?? [])] as unknown as T[];
  const byRef = new Map<string, OutboxEntry>();
  for (const e of outbox) if (e.ref) byRef.set(`${e.ref.t}:${e.ref.id}`, e);
  const blobState = new Map(blobs.map((b) => [b.sha256, b.state]));

  const visits: VisitView[] = vals<VisitRow>("visit").map((v) => {
    const e = byRef.get(`visit:${v.id}`);
    const rs = resultState(e);
    const serverFlags = Array.isArray(v.flags) ? v.flags : [];
    let state: ItemState;
    let codes = rs.codes;
    if (rs.state === "pendiente") state = "pendiente";
    else if (rs.state === "observado" || serverFlags.length) {
      state = "observado";
      codes = [...new Set([...codes, ...serverFlags])];
    } else {
      const localMissing = (e?.blobs ?? []).some((sha) => blobState.get(sha) === "queued" || blobState.get(sha) === "failed");
      const serverPending = !localIds.has(`visit:${v.id}`) && v.evidence_pending === true;
      state = localMissing || serverPending ? "evidencia_pendiente" : "enviado";
    }
    return { ...v, flags: serverFlags, local: localIds.has(`visit:${v.id}`), state, codes };
  });
  visits.sort((a, b) => (a.started_at < b.started_at ? 1 : -1));

  const stopState = new Map<string, ItemState>();
  for (const e of outbox) {
    if (e.ref?.t === "stop") {
      const rs = resultState(e);
      if (rs.state) stopState.set(e.ref.id, rs.state);
    }
  }
  const proposals = outbox
    .filter((e) => e.name === "registry.propose_change")
    .map((e) => {
      const a = e.args as { id: string; account_id: string; field: string };
      const rs = resultState(e);
      return { id: a.id, account_id: a.account_id, field: a.field, state: rs.state ?? "enviado", codes: rs.codes };
    });

  const agreements = agreementViews(tables.get("agreement"), outbox);

  const pending = outbox.filter((e) => e.state === "pending").length;
  const evidencePending = blobs.filter((b) => b.state === "queued").length;
  const observedIds = new Set<string>();
  for (const v of visits) if (v.state === "observado") observedIds.add(v.id);
  for (const e of outbox) if (resultState(e).state === "observado") observedIds.add(e.ref?.id ?? e.id);
  return {
    routes: vals<RouteRow>("route"),
    stops: vals<StopRow>("stop").sort((a, b) => a.position - b.position),
    notices: (tables.get("notice") ?? new Map()) as unknown as Map<string, NoticeRow>,
    orders: (tables.get("order") ?? new Map()) as unknown as Map<string, OrderRow>,
    accounts: (tables.get("account") ?? new Map()) as unknown as Map<string, AccountRow>,
    visits,
    proposals,
    agreements,
    policy: latestPolicy(vals<AgreementPolicyRow>("agreement_policy")),
    promotions: vals<PromotionRow>("promotion"),
    stopState,
    pending,
    evidencePending,
    observed: observedIds.size,
    outboxEmpty: pending === 0,
  };
}

/** The agreement's state from its outbox entry (what the server answered to agreement.sign). */
export function agreementState(e: OutboxEntry | undefined): { state: AgreementState; codes: string[] } {
  if (!e) return { state: "sent", codes: [] };
  if (e.state === "pending") return { state: "pending", codes: [] };
  const r = e.result;
  if (r?.status === "rejected") return { state: "rejected", codes: [r.code ?? "REJECTED"] };
  if (r?.status === "flagged") return { state: "review", codes: r.flags ?? [] };
  if (r?.status === "applied") return { state: "active", codes: [] };
  return { state: "sent", codes: [] };
}

/** Agreements made on this device: from their outbox entries, with the local row's context. */
function agreementViews(rows: Table | undefined, outbox: OutboxEntry[]): AgreementView[] {
  const out = new Map<string, AgreementView>();
  for (const e of outbox) {
    if (e.name !== "agreement.sign") continue;
    const a = e.args as AgreementSignArgsV1;
    const local = rows?.get(a.id) as Partial<AgreementRow> | undefined;
    // The code is the hash's first 12 hex digits (agreement-rules verificationCode, computed when
    // signing); the rules stay out of the main bundle.
    const code = local?.verification_code ?? "";
    out.set(a.id, {
      id: a.id,
      account_id: a.account_id,
      stop_id: local?.stop_id ?? null,
      holder_name: local?.holder_name ?? a.customer?.name ?? "",
      customer_name: a.customer?.name ?? "",
      agreed_debt: a.agreed_debt,
      down_payment: a.down_payment,
      installments: a.installments,
      signed_at: a.signed_at,
      verification_code: code,
      ...agreementState(e),
      seq: e.seq,
      args: a,
    });
  }
  for (const [id, d] of rows ?? []) {
    if (!out.has(id)) out.set(id, { ...(d as unknown as AgreementRow), state: "sent", codes: [], seq: null, args: null });
  }
  return [...out.values()].sort((x, y) => (x.signed_at < y.signed_at ? 1 : x.signed_at > y.signed_at ? -1 : 0));
}
