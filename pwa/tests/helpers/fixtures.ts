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
