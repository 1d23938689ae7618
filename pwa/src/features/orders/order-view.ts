/** What the cutter's screens show of an order: cancelled or not (and why), whether it may be confirmed. Pure. */
import { isCut } from "../../domain/order-rules";
import type { OrderRow, StopRow } from "../../domain/types";
import { es } from "../../i18n/es";

type MaybeOrder = Pick<OrderRow, "action" | "status" | "cancel_reason"> | null | undefined;
type MaybeStop = Pick<StopRow, "status"> | null | undefined;

/** Cancelled (a payment, an agreement, the office), or its stop was cancelled: do not execute. */
export function orderCancelled(order: MaybeOrder, stop?: MaybeStop): boolean {
  return order?.status === "cancelled" || order?.status === "executed_after_cancellation" || stop?.status === "cancelled";
}

/** The red banner's words: "NO CORTAR — pagó", "NO CORTAR — firmó convenio", "NO CORTAR — cancelada por la oficina". */
export function cancelBannerText(order: MaybeOrder): string {
  const head = !order || isCut(order.action) ? es.orders.dontCut : es.orders.dontDo;
  const why = order?.cancel_reason ? es.orders.cancelledBecause[order.cancel_reason] ?? es.orders.cancelledBecause.office : es.orders.cancelledBecause.office;
  return `${head} — ${why}`;
}

/** May the cutter confirm this order now? Open (issued, assigned) or tried before without success. */
export function canConfirm(order: MaybeOrder, stop?: MaybeStop): boolean {
  if (!order || orderCancelled(order, stop)) return false;
  return order.status === "issued" || order.status === "assigned" || order.status === "not_executed";
}

/** The confirm button's words for an action ("Confirmar corte", "Registrar inspección"). */
export function confirmLabel(order: MaybeOrder): string {
  return order ? es.orders.confirm[order.action] ?? es.orders.confirm.disconnect : es.orders.confirm.disconnect;
}
