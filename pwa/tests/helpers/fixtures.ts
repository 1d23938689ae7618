/** A day's route as the server would send it: one route, two stops, their notices and accounts. */
import { localDate } from "../../src/domain/time";
import type { VisitRecordArgsV2 } from "../../src/domain/types";
import type { FakeServer } from "./fake-server";

export const IDS = {
  route: "10000000-0000-4000-8000-000000000001",
  stop1: "20000000-0000-4000-8000-000000000001",
  stop2: "20000000-0000-4000-8000-000000000002",
  notice1: "30000000-0000-4000-8000-000000000001",
  notice2: "30000000-0000-4000-8000-000000000002",
  acc1: "40000000-0000-4000-8000-000000000001",
  acc2: "40000000-0000-4000-8000-000000000002",
};

const account = (id: string, n: string, holder: string) => ({
  id,
  account_number: n,
  holder_name: holder,
  address: { street: "Calle 5", exterior_number: "12", interior_number: null, neighborhood: "Centro", locality: "Heroica Caborca", postal_code: "83600", references: null },
  latitude: 30.716,
  longitude: -112.156,
  property_class: "domestic",
  status: "active",
  meter_serial: "M-1",
  debt: { total: "1250.00", principal: "1100.00", accessories: "150.00", by_service: { water: "900.00", sewer: "200.00", sanitation: "150.00", other: "0.00" } },
  months_past_due: 4,
  oldest_unpaid_period: "2026-07-01",
  last_visits: [],
});

/** Put today's route on the fake server. */
export function seedRoute(server: FakeServer, day = localDate()): void {
  server.putRow("route", IDS.route, { id: IDS.route, name: "Ruta 1", work_date: day, status: "planned", zone: "Centro", campaign_id: null });
  server.putRow("account", IDS.acc1, account(IDS.acc1, "0001", "Pérez López Juana"));
  server.putRow("account", IDS.acc2, account(IDS.acc2, "0002", "Ramírez Soto Luis"));
  server.putRow("notice", IDS.notice1, { id: IDS.notice1, folio: "AV-2026-1", kind: "informal", status: "assigned", account_id: IDS.acc1, debt_amount: "1250.00", months_past_due: 4, oldest_period: "2026-07-01", issued_on: day });
  server.putRow("notice", IDS.notice2, { id: IDS.notice2, folio: "AV-2026-2", kind: "formal", status: "assigned", account_id: IDS.acc2, debt_amount: "1250.00", months_past_due: 4, oldest_period: "2026-07-01", issued_on: day });
  server.putRow("stop", IDS.stop1, { id: IDS.stop1, route_id: IDS.route, position: 1, kind: "notice", status: "pending", notice_id: IDS.notice1, account_id: IDS.acc1, cancel_reason: null });
  server.putRow("stop", IDS.stop2, { id: IDS.stop2, route_id: IDS.route, position: 2, kind: "notice", status: "pending", notice_id: IDS.notice2, account_id: IDS.acc2, cancel_reason: null });
}

let v = 0;
/** `visit.record` v2 args for a stop (no photos unless given). */
export function visitArgs(p: Partial<VisitRecordArgsV2> = {}): VisitRecordArgsV2 {
  v += 1;
  return {
    id: `50000000-0000-4000-8000-${String(v).padStart(12, "0")}`,
    stop_id: IDS.stop1,
    notice_id: IDS.notice1,
    outcome: "absent",
    started_at: "2026-11-28T16:00:00.000Z",
    ended_at: "2026-11-28T16:05:00.000Z",
    gps: null,
    gps_error: "timeout",
    address_verification: ["house_number"],
    asked_for: "Juana",
    attended_by: null,
    citatorio: null,
    refusal: null,
    neighbor: null,
    copy_delivered: false,
    signature_refused: false,
    signature: null,
    photos: [],
    notes: null,
    ...p,
  };
}

export const ORDER_IDS = {
  route: "11000000-0000-4000-8000-000000000001",
  stopCut: "21000000-0000-4000-8000-000000000001",
  stopPaid: "21000000-0000-4000-8000-000000000002",
  stopInspect: "21000000-0000-4000-8000-000000000003",
  cut: "60000000-0000-4000-8000-000000000001",
  paid: "60000000-0000-4000-8000-000000000002",
  inspect: "60000000-0000-4000-8000-000000000003",
};

/** A disconnection order row as the server sends it (row type `order`). */
export function orderRow(id: string, p: Record<string, unknown> = {}) {
  return {
    id,
    folio: "OC-2026-1",
    action: "disconnect",
    status: "assigned",
    urgent: false,
    account_id: IDS.acc1,
    debt_amount: "1250.00",
    months_past_due: 4,
    issued_on: "2026-11-20",
    not_before: null,
    source_order_id: null,
    charge_fee: false,
    cancelled_at: null,
    cancel_reason: null,
    cancel_rv: null,
    executed_at: null,
    not_executed_reason: null,
    ...p,
  };
}

/** A cutter's day: a disconnection (urgent), a restriction the customer already paid (cancelled), an inspection. */
export function seedOrders(server: FakeServer, day = localDate()): void {
  server.putRow("route", ORDER_IDS.route, { id: ORDER_IDS.route, name: "Cortes Centro", work_date: day, status: "planned", zone: "Centro", campaign_id: null });
  server.putRow("account", IDS.acc1, account(IDS.acc1, "0001", "Pérez López Juana"));
  server.putRow("account", IDS.acc2, account(IDS.acc2, "0002", "Ramírez Soto Luis"));
  server.putRow("order", ORDER_IDS.cut, orderRow(ORDER_IDS.cut, { folio: "OC-2026-1", action: "disconnect", urgent: true, account_id: IDS.acc1 }));
  server.putRow("order", ORDER_IDS.paid, orderRow(ORDER_IDS.paid, { folio: "OL-2026-2", action: "restrict", account_id: IDS.acc2, status: "cancelled", cancel_reason: "payment", cancelled_at: "2026-11-28T15:00:00Z", cancel_rv: 1 }));
  server.putRow("order", ORDER_IDS.inspect, orderRow(ORDER_IDS.inspect, { folio: "IN-2026-3", action: "inspect", account_id: IDS.acc1 }));
  const stop = (id: string, position: number, order_id: string, account_id: string, status = "pending", cancel_reason: string | null = null) =>
    server.putRow("stop", id, { id, route_id: ORDER_IDS.route, position, kind: "order", status, notice_id: null, order_id, account_id, cancel_reason });
  stop(ORDER_IDS.stopCut, 1, ORDER_IDS.cut, IDS.acc1);
  stop(ORDER_IDS.stopPaid, 2, ORDER_IDS.paid, IDS.acc2, "cancelled", "Pagó: no cortar");
  stop(ORDER_IDS.stopInspect, 3, ORDER_IDS.inspect, IDS.acc1);
}
