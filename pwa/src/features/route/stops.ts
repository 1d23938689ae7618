/** Mi ruta / Mis órdenes as data: the day's stops with their notice or order, account and visits, searched and filtered. */
import { localDate } from "../../domain/time";
import type { AccountRow, NoticeRow, OrderRow, RouteRow, StopRow } from "../../domain/types";
import type { ItemState, LocalView, VisitView } from "../../state/view";

export interface StopItem {
  stop: StopRow;
  route: RouteRow | undefined;
  notice: NoticeRow | undefined;
  order: OrderRow | undefined;
  account: AccountRow | undefined;
  visits: VisitView[];
  syncState: ItemState | null; // a local change of the stop itself (stop.complete)
}

export type StopFilter = "pending" | "done" | "cancelled" | "all";

/** Which stops a screen lists: a notifier's notices ("Mi ruta") or a cutter's orders ("Mis órdenes"). */
export type StopMode = "notices" | "orders";

/** Is this the stop of a disconnection order (restriction, cut, reconnection, inspection)? */
export function isOrderStop(s: StopRow): boolean {
  return s.kind === "order" || !!s.order_id;
}

/** Address in one line: "Calle 5 #123 int 2, Col. Centro". */
export function addressLine(a: AccountRow | undefined): string {
  if (!a) return "";
  const ad = a.address ?? ({} as AccountRow["address"]);
  const num = [ad.exterior_number && `#${ad.exterior_number}`, ad.interior_number && `int. ${ad.interior_number}`].filter(Boolean).join(" ");
  return [[ad.street, num].filter(Boolean).join(" "), ad.neighborhood, ad.locality].filter(Boolean).join(", ");
}

/** The stops of the routes of one day (today by default), in walking order. */
export function stopsForDay(v: LocalView, day: string = localDate(), mode: StopMode | null = null): StopItem[] {
  const routes = v.routes.filter((r) => r.work_date === day && r.status !== "cancelled");
  const routeIds = new Set(routes.map((r) => r.id));
  const byRoute = new Map(routes.map((r) => [r.id, r]));
  return v.stops
    .filter((s) => routeIds.has(s.route_id) && (mode === null || isOrderStop(s) === (mode === "orders")))
    .sort((a, b) => (a.route_id === b.route_id ? a.position - b.position : (byRoute.get(a.route_id)?.name ?? "").localeCompare(byRoute.get(b.route_id)?.name ?? "")))
    .map((s) => ({
      stop: s,
      route: byRoute.get(s.route_id),
      notice: s.notice_id ? v.notices.get(s.notice_id) : undefined,
      order: s.order_id ? v.orders.get(s.order_id) : undefined,
      account: v.accounts.get(s.account_id),
      visits: v.visits.filter(
        (x) => x.stop_id === s.id || (!x.stop_id && ((s.notice_id && x.notice_id === s.notice_id) || (s.order_id && x.order_id === s.order_id))),
      ),
      syncState: v.stopState.get(s.id) ?? null,
    }));
}

/** Days that have routes on the device (today and tomorrow, per the scope). */
export function routeDays(v: LocalView): string[] {
  return [...new Set(v.routes.filter((r) => r.status !== "cancelled").map((r) => r.work_date))].sort();
}

const norm = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

/** Search by holder, address, account number or folio; then filter by status. */
export function filterStops(items: StopItem[], q: string, f: StopFilter): StopItem[] {
  const words = norm(q).split(/\s+/).filter(Boolean);
  return items.filter((it) => {
    if (f !== "all" && it.stop.status !== f) return false;
    if (!words.length) return true;
    const hay = norm([it.account?.holder_name, addressLine(it.account), it.account?.account_number, it.notice?.folio, it.order?.folio].filter(Boolean).join(" "));
    return words.every((w) => hay.includes(w));
  });
}

/** Counts per filter tab. */
export function countByStatus(items: StopItem[]): Record<StopFilter, number> {
  const c = { pending: 0, done: 0, cancelled: 0, all: items.length };
  for (const it of items) c[it.stop.status] += 1;
  return c;
}
