/** Route planning (office): campaign, day, notifiers, grouping, max stops → routes; then the day's routes. */
import { useState } from "preact/hooks";
import type { ApiError } from "../../api/errors";
import { route as currentRoute } from "../../state/router";
import { canWriteOffice } from "../../state/session";
import { Banner, Spinner, TextField } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { listCampaigns } from "../campaigns/api";
import { listRoutes, listNotifiers, planRoutes } from "./api";
import { doneOfTotal, ROUTE_STATUS_LABELS } from "./labels";
import { PlanButton, PlanFields, usePlanDay, WorkerChecks } from "./PlanFields";

export default function RoutesScreen() {
  const [campaignId, setCampaignId] = useState(currentRoute.value.query.get("campaign") ?? "");
  const planDay = usePlanDay();
  const { workDate, setWorkDate, workers, groupBy, maxStops } = planDay;
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: "info" | "bad"; text: string } | null>(null);
  const campaigns = useLoad(() => listCampaigns("active"), []);
  const users = useLoad(() => listNotifiers(), []);
  const routes = useLoad(() => listRoutes({ work_date: workDate, campaign_id: campaignId || undefined }), [workDate, campaignId]);

  const plan = async (ev: Event) => {
    ev.preventDefault();
    setMessage(null);
    if (!campaignId) return setMessage({ kind: "bad", text: "Elija una campaña." });
    if (!workers.length) return setMessage({ kind: "bad", text: "Elija al menos un notificador." });
    const max = maxStops.trim() ? Number(maxStops) : null;
    if (max !== null && (!Number.isInteger(max) || max < 1)) return setMessage({ kind: "bad", text: "El máximo de paradas debe ser un entero positivo." });
    setBusy(true);
    try {
      const out = await planRoutes({ campaign_id: campaignId, work_date: workDate, worker_ids: workers, group_by: groupBy, max_stops_per_route: max });
      setMessage({ kind: "info", text: `Se planearon ${out.routes.length} ruta(s). Avisos sin ruta: ${out.unplanned_notices}.` });
      routes.reload();
    } catch (e) {
      setMessage({ kind: "bad", text: (e as ApiError).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="routes-title">
      <h2 id="routes-title">Rutas</h2>
      {canWriteOffice.value && (
        <form onSubmit={plan} data-testid="plan-form">
          <h3>Planear rutas</h3>
          <PlanFields prefix="plan" plan={planDay}>
            <div>
              <label for="plan-campaign">Campaña</label>
              <select id="plan-campaign" value={campaignId} onChange={(e) => setCampaignId((e.currentTarget as HTMLSelectElement).value)} data-testid="plan-campaign">
                <option value="">— elija —</option>
                {(campaigns.data ?? []).map((c) => (
                  <option value={c.id} key={c.id}>
                    {c.folio} · {c.name} ({c.notice_count} avisos)
                  </option>
                ))}
              </select>
            </div>
          </PlanFields>
          <WorkerChecks prefix="plan" plan={planDay} people={users} legend="Notificadores" noun="notificadores" />
          <PlanButton testid="plan-routes" busy={busy} />
        </form>
      )}
      {message && (
        <Banner kind={message.kind} testid="plan-message">
          <p>{message.text}</p>
        </Banner>
      )}
      <h3>Rutas del {workDate}</h3>
      {!canWriteOffice.value && (
        <>
          <TextField id="routes-date" type="date" label="Día" value={workDate} onInput={setWorkDate} testid="routes-date" />
        </>
      )}
      {routes.busy && <Spinner />}
      {routes.error && <p class="error">{routes.error}</p>}
      {routes.data && routes.data.length === 0 && <p data-testid="route-list-empty">No hay rutas para este día.</p>}
      {routes.data && routes.data.length > 0 && (
        <ul class="list" data-testid="route-list">
          {routes.data.map((r) => (
            <li class="card" key={r.id} data-testid="route-item" data-route-id={r.id}>
              <h3>
                <a href={`#/rutas/${r.id}`}>{r.name}</a>
              </h3>
              <div class="meta">
                {r.worker_name ?? "Sin notificador"} · {r.zone ?? ""} · {ROUTE_STATUS_LABELS[r.status] ?? r.status} · hechas {doneOfTotal(r.progress)}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
