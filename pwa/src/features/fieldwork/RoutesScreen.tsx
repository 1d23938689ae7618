/** Route planning (office): campaign, day, notifiers, grouping, max stops → routes; then the day's routes. */
import { useState } from "preact/hooks";
import type { ApiError } from "../../api/errors";
import { localDate } from "../../domain/time";
import { route as currentRoute } from "../../state/router";
import { canWriteOffice } from "../../state/session";
import { Banner, Check, Spinner, TextField } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { listCampaigns } from "../campaigns/api";
import { listRoutes, listNotifiers, planRoutes } from "./api";
import { doneOfTotal, ROUTE_STATUS_LABELS } from "./labels";

export default function RoutesScreen() {
  const [campaignId, setCampaignId] = useState(currentRoute.value.query.get("campaign") ?? "");
  const [workDate, setWorkDate] = useState(localDate(new Date(), 1));
  const [workers, setWorkers] = useState<string[]>([]);
  const [groupBy, setGroupBy] = useState<"neighborhood" | "sector">("neighborhood");
  const [maxStops, setMaxStops] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: "info" | "bad"; text: string } | null>(null);
  const campaigns = useLoad(() => listCampaigns("active"), []);
  const users = useLoad(() => listNotifiers(), []);
  const routes = useLoad(() => listRoutes({ work_date: workDate, campaign_id: campaignId || undefined }), [workDate, campaignId]);
  const notifiers = users.data ?? [];

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
          <div class="grid2">
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
            <TextField id="plan-date" type="date" label="Día de trabajo" value={workDate} onInput={setWorkDate} testid="plan-date" />
            <div>
              <label for="plan-group">Agrupar por</label>
              <select id="plan-group" value={groupBy} onChange={(e) => setGroupBy((e.currentTarget as HTMLSelectElement).value as "neighborhood" | "sector")} data-testid="plan-group-by">
                <option value="neighborhood">Colonia</option>
                <option value="sector">Sector</option>
              </select>
            </div>
            <TextField id="plan-max" type="number" label="Máximo de paradas por ruta (opcional)" value={maxStops} onInput={setMaxStops} testid="plan-max-stops" inputMode="numeric" />
          </div>
          <fieldset>
            <legend>Notificadores</legend>
            {users.busy && <Spinner label="Cargando personal…" />}
            {users.error && <p class="error">No se pudo obtener la lista de notificadores: {users.error}</p>}
            {notifiers.map((u) => (
              <Check
                key={u.id}
                id={`plan-w-${u.id}`}
                label={`${u.full_name} (${u.username})`}
                checked={workers.includes(u.id)}
                onChange={(on) => setWorkers(on ? [...workers, u.id] : workers.filter((x) => x !== u.id))}
                testid={`plan-worker-${u.username}`}
              />
            ))}
          </fieldset>
          <div class="actions">
            <button type="submit" disabled={busy} data-testid="plan-routes">
              {busy ? <Spinner label="Planeando…" /> : "Planear rutas"}
            </button>
          </div>
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
