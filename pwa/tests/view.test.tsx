import { render } from "preact";
import { describe, expect, it } from "vitest";
import { RouteScreen } from "../src/features/route/RouteScreen";
import { filterStops, stopsForDay } from "../src/features/route/stops";
import { completeStop, recordVisit } from "../src/mutations";
import { listBlobs } from "../src/storage/blobs";
import { listOutbox } from "../src/storage/outbox";
import { listOverlay } from "../src/storage/overlay";
import { allRows } from "../src/storage/rows";
import { applyPullPage, applyPushResults } from "../src/storage/transactions";
import { view } from "../src/state/field";
import { buildView } from "../src/state/view";
import { freshDb } from "./helpers/env";
import { FakeServer } from "./helpers/fake-server";
import { IDS, seedRoute, visitArgs } from "./helpers/fixtures";

async function seeded() {
  const db = freshDb();
  const server = new FakeServer();
  seedRoute(server);
  const patch = [...server.rows.values()].map((r) => ({ op: "put" as const, t: r.t, id: r.id, rv: r.rv, d: r.d }));
  await applyPullPage(db, { cookie: "c", reset: false, has_more: false, last_seq: 0, patch });
  const load = async () => buildView(await allRows(db), await listOverlay(db), await listOutbox(db), await listBlobs(db));
  return { db, load };
}

describe("Mi ruta", () => {
  it("lists today's stops in order, searchable and filtered, with local changes laid over", async () => {
    const { db, load } = await seeded();
    await completeStop(db, { stop_id: IDS.stop2 });
    const a = visitArgs({ stop_id: IDS.stop1, notice_id: IDS.notice1 });
    await recordVisit(db, a, { account_id: IDS.acc1 });
    const v = await load();
    const items = stopsForDay(v);
    expect(items.map((i) => i.stop.position)).toEqual([1, 2]);
    expect(items[0].visits.map((x) => [x.id, x.state, x.local])).toEqual([[a.id, "pendiente", true]]);
    expect(v.notices.get(IDS.notice1)?.status).toBe("absent"); // notice status overlaid
    expect(filterStops(items, "perez", "all").map((i) => i.stop.id)).toEqual([IDS.stop1]);
    expect(filterStops(items, "", "pending")).toHaveLength(0);
    expect(filterStops(items, "AV-2026-2", "done").map((i) => i.stop.id)).toEqual([IDS.stop2]);

    await applyPushResults(db, [{ seq: 1, status: "applied" }, { seq: 2, status: "flagged", flags: ["NO_GPS"] }]);
    const v2 = await load();
    expect(v2.visits[0]).toMatchObject({ state: "observado", codes: ["NO_GPS"] });
    expect(v2.observed).toBe(1);
  });

  it("renders stop cards with their test ids and cancelled stops as cancelled", async () => {
    const { db, load } = await seeded();
    await applyPullPage(db, { cookie: "c2", reset: false, has_more: false, patch: [{ op: "put", t: "stop", id: IDS.stop2, rv: 99, d: { id: IDS.stop2, route_id: IDS.route, position: 2, kind: "notice", status: "cancelled", notice_id: IDS.notice2, account_id: IDS.acc2, cancel_reason: "Pagó en caja" } }] });
    view.value = await load();
    const root = document.createElement("div");
    document.body.appendChild(root);
    render(<RouteScreen />, root);
    const all = root.querySelector('[data-testid="route-filter-all"]') as HTMLButtonElement;
    all.click();
    await new Promise((r) => setTimeout(r, 0));
    const cards = root.querySelectorAll('[data-testid="stop-item"]');
    expect(cards).toHaveLength(2);
    expect(cards[0].querySelector('[data-testid="stop-record-visit"]')?.getAttribute("href")).toBe(`#/visita/${IDS.notice1}?stop=${IDS.stop1}`);
    expect(cards[0].querySelector('[data-testid="stop-open-maps"]')?.getAttribute("href")).toMatch(/^geo:30.716,-112.156\?q=/);
    expect(cards[1].getAttribute("data-status")).toBe("cancelled");
    expect(cards[1].querySelector('[data-testid="stop-cancelled"]')?.textContent).toContain("Pagó en caja");
    expect(cards[1].querySelector('[data-testid="stop-record-visit"]')).toBeNull();
    render(null, root);
  });
});
