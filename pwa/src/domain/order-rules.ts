/**
 * What the cutter must record when an order is executed or not (checked on the device before
 * saving; the server checks again): a seal for every executed restriction or disconnection, a
 * reason when it was not executed, the receipt's number when the customer says he paid on the
 * spot, and for an inspection whether the connection was found reconnected.
 */
import { es } from "../i18n/es";
import { CUT_ACTIONS, type GpsError, type GpsFix, type NotExecutedReason, type OrderAction, type OrderExecuteArgsV1, type OrderOutcome } from "./types";

export const MAX_PHOTOS = 10;
export const SEAL_MAX = 40;
export const RECEIPT_MAX = 40;
export const DETAIL_MAX = 500;
export const NOTES_MAX = 2000;
export const METER_MAX = 99_999_999;

/** What the order form holds while the cutter fills it (also saved as a draft). */
export interface OrderDraft {
  order_id: string;
  stop_id: string | null;
  fact_id: string; // the id of the fact (order.execute `id`), made when the form first opens
  started_at: string;
  outcome: OrderOutcome | null;
  reason: NotExecutedReason | null;
  reason_detail: string;
  receipt_number: string;
  seal_number: string;
  meter_reading: string;
  self_reconnection: boolean | null;
  photos_before: string[];
  photos_after: string[];
  notes: string;
  /** Seconds since the last complete pull when the cutter confirmed (null: unknown, then taken at save). */
  data_age_s: number | null;
}

export type OrderErrors = Partial<Record<string, string>>;

/** A fresh draft: the start time is when the form opens. */
export function newOrderDraft(p: { order_id: string; stop_id: string | null; fact_id: string; now: string; outcome?: OrderOutcome | null; data_age_s?: number | null }): OrderDraft {
  return {
    order_id: p.order_id,
    stop_id: p.stop_id,
    fact_id: p.fact_id,
    started_at: p.now,
    outcome: p.outcome ?? null,
    reason: null,
    reason_detail: "",
    receipt_number: "",
    seal_number: "",
    meter_reading: "",
    self_reconnection: null,
    photos_before: [],
    photos_after: [],
    notes: "",
    data_age_s: p.data_age_s ?? null,
  };
}

/** Restrictions and disconnections need a seal number once executed. */
export function needsSeal(action: OrderAction, outcome: OrderOutcome | null): boolean {
  return outcome === "executed" && CUT_ACTIONS.has(action);
}

/** A cut (restriction or disconnection): the app checks with the server before confirming it. */
export function isCut(action: OrderAction | undefined | null): boolean {
  return !!action && CUT_ACTIONS.has(action);
}

const METER_RE = /^\d{1,8}$/;

/** Spanish messages for what is missing or wrong; an empty object means it can be saved. */
export function validateOrder(d: OrderDraft, action: OrderAction): OrderErrors {
  const e: OrderErrors = {};
  const m = es.orders.errors;
  if (!d.outcome) {
    e.outcome = m.outcome;
    return e;
  }
  if (d.outcome === "executed") {
    const seal = d.seal_number.trim();
    if (needsSeal(action, d.outcome) && !seal) e.seal_number = m.seal;
    if (seal.length > SEAL_MAX) e.seal_number = m.tooLong(SEAL_MAX);
    const reading = d.meter_reading.trim();
    if (reading && (!METER_RE.test(reading) || Number(reading) > METER_MAX)) e.meter_reading = m.meter;
    if (action === "inspect" && d.self_reconnection === null) e.self_reconnection = m.selfReconnection;
    if (d.photos_after.length > MAX_PHOTOS) e.photos_after = m.tooManyPhotos;
  } else {
    if (!d.reason) e.reason = m.reason;
    if (d.reason === "paid_on_spot" && !d.receipt_number.trim()) e.receipt_number = m.receipt;
    if (d.receipt_number.trim().length > RECEIPT_MAX) e.receipt_number = m.tooLong(RECEIPT_MAX);
    if (d.reason === "other" && !d.reason_detail.trim()) e.reason_detail = m.detail;
    if (d.reason_detail.trim().length > DETAIL_MAX) e.reason_detail = m.tooLong(DETAIL_MAX);
  }
  if (d.photos_before.length > MAX_PHOTOS) e.photos_before = m.tooManyPhotos;
  if (d.notes.trim().length > NOTES_MAX) e.notes = m.tooLong(NOTES_MAX);
  return e;
}

const nz = (s: string): string | null => (s.trim() ? s.trim() : null);

/**
 * `order.execute` v1 args from a completed draft: only what its outcome asks (seal, reading and
 * photos after for an execution; reason, detail and the receipt — only when paid on the spot —
 * for a non-execution; "¿reconectada?" only for an inspection). `data_age_s` is the draft's
 * (taken when the cutter confirmed), else `extra`'s.
 */
export function buildOrderArgs(
  d: OrderDraft,
  action: OrderAction,
  extra: { ended_at: string; gps: GpsFix | null; gps_error: GpsError | null; data_age_s: number | null },
): OrderExecuteArgsV1 {
  if (!d.outcome) throw new Error("outcome required");
  const executed = d.outcome === "executed";
  const reason = executed ? null : d.reason;
  const reading = d.meter_reading.trim();
  return {
    id: d.fact_id,
    order_id: d.order_id,
    stop_id: d.stop_id,
    outcome: d.outcome,
    reason,
    reason_detail: executed ? null : nz(d.reason_detail),
    receipt_number: reason === "paid_on_spot" ? nz(d.receipt_number) : null,
    seal_number: executed ? nz(d.seal_number) : null,
    meter_reading: executed && reading ? Number(reading) : null,
    self_reconnection: executed && action === "inspect" ? d.self_reconnection : null,
    started_at: d.started_at,
    ended_at: extra.ended_at,
    gps: extra.gps,
    gps_error: extra.gps ? null : extra.gps_error ?? "unavailable",
    photos_before: [...d.photos_before],
    photos_after: executed ? [...d.photos_after] : [],
    data_age_s: d.data_age_s ?? extra.data_age_s,
    notes: nz(d.notes),
  };
}

/** Seconds from the last complete pull to `now` (null when the device never synced). */
export function dataAgeSeconds(lastSyncAt: string | null | undefined, now: Date = new Date()): number | null {
  if (!lastSyncAt) return null;
  const t = Date.parse(lastSyncAt);
  if (!Number.isFinite(t)) return null;
  return Math.max(0, Math.round((now.getTime() - t) / 1000));
}
