/**
 * Plan the cutters' routes (manager): a day, the cutters, the issued orders of a cut list
 * and/or of some actions (reconnections and reinspections for example), grouped by colonia or
 * sector; each cutter gets one route in walking order and the orders become assigned.
 */
import { useState } from "preact/hooks";
import type { ApiError } from "../../api/errors";
import { localDate } from "../../domain/time";
import { ORDER_ACTIONS, type OrderAction } from "../../domain/types";
import { es } from "../../i18n/es";
import { Banner, Check, Spinner, TextField } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { listCutLists, listCutters, planCutRoutes, type PlannedRoute } from "./api";

export function PlanCutRoutes({ initialList = "" }: { initialList?: string }) {
  const [listId, setListId] = useState(initialList);
  const [actions, setActions] = useState<OrderAction[]>([]);
  const [workDate, setWorkDate] = useState(localDate(new Date(), 1));
  const [workers, setWorkers] = useState<string[]>([]);
  const [groupBy, setGroupBy] = useState<"neighborhood" | "sector">("neighborhood");
  const [maxStops, setMaxStops] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: "info" | "bad"; text: string } | null>(null);
  const [planned, setPlanned] = useState<PlannedRoute[] | null>(null);
  const lists = useLoad(() => listCutLists(1, 100), []);
  const cutters = useLoad(listCutters, []);
  const names = new Map((cutters.data ?? []).map((c) => [c.id, c.full_name]));

  const plan = async (ev: Event) => {
    ev.preventDefault();
    setMessage(null);
    if (!listId && !actions.length) return setMessage({ kind: "bad", text: "Elija una lista de cortes o el tipo de órdenes." });
    if (!workers.length) return setMessage({ kind: "bad", text: "Elija al menos un cortador." });
    if (!workDate) return setMessage({ kind: "bad", text: "Elija el día de trabajo." });
    const max = maxStops.trim() ? Number(maxStops) : null;
    if (max !== null && (!Number.isInteger(max) || max < 1 || max > 300)) return setMessage({ kind: "bad", text: "El máximo de paradas debe ser un entero de 1 a 300." });
    setBusy(true);
    try {
      const out = await planCutRoutes({ work_date: workDate, worker_ids: workers, cut_list_id: listId || null, actions: actions.length ? actions : null, group_by: groupBy, max_stops_per_route: max });
      setPlanned(out);
      setMessage({ kind: "info", text: out.length ? `Se planearon ${out.length} ruta(s).` : "No había órdenes emitidas por asignar con esos datos." });
    } catch (e) {
      setMessage({ kind: "bad", text: (e as ApiError).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={plan} data-testid="cut-plan-form" aria-labelledby="cut-plan-title">
      <h3 id="cut-plan-title">Planear rutas de cortadores</h3>
      <div class="grid2">
        <div>
          <label for="cut-plan-list">Lista de cortes</label>
          <select id="cut-plan-list" value={listId} onChange={(e) => setListId((e.currentTarget as HTMLSelectElement).value)} data-testid="cut-plan-list">
            <option value="">— ninguna (solo por tipo de orden) —</option>
            {(lists.data?.items ?? []).map((l) => (
              <option value={l.id} key={l.id}>
                {l.folio} · {l.name} ({l.order_count} órdenes)
              </option>
            ))}
          </select>
        </div>
        <TextField id="cut-plan-date" type="date" label="Día de trabajo" value={workDate} onInput={setWorkDate} testid="cut-plan-date" />
        <div>
          <label for="cut-plan-group">Agrupar por</label>
          <select id="cut-plan-group" value={groupBy} onChange={(e) => setGroupBy((e.currentTarget as HTMLSelectElement).value as "neighborhood" | "sector")} data-testid="cut-plan-group-by">
            <option value="neighborhood">Colonia</option>
            <option value="sector">Sector</option>
          </select>
        </div>
        <TextField id="cut-plan-max" type="number" label="Máximo de paradas por ruta (opcional)" value={maxStops} onInput={setMaxStops} testid="cut-plan-max-stops" inputMode="numeric" />
      </div>
      <fieldset>
        <legend>Tipo de órdenes (ninguno = todas las de la lista)</legend>
        {ORDER_ACTIONS.map((a) => (
          <Check key={a} id={`cut-plan-action-${a}`} label={es.orders.actionName[a]} checked={actions.includes(a)} onChange={(on) => setActions(on ? [...actions, a] : actions.filter((x) => x !== a))} testid={`cut-plan-action-${a}`} />
        ))}
      </fieldset>
      <fieldset>
        <legend>Cortadores</legend>
        {cutters.busy && <Spinner label="Cargando personal…" />}
        {cutters.error && <p class="error">No se pudo obtener la lista de cortadores: {cutters.error}</p>}
        {cutters.data && cutters.data.length === 0 && <p class="hint">No hay cortadores activos.</p>}
        {(cutters.data ?? []).map((u) => (
          <Check key={u.id} id={`cut-plan-w-${u.id}`} label={`${u.full_name} (${u.username})`} checked={workers.includes(u.id)} onChange={(on) => setWorkers(on ? [...workers, u.id] : workers.filter((x) => x !== u.id))} testid={`cut-plan-worker-${u.username}`} />
        ))}
      </fieldset>
      <div class="actions">
        <button type="submit" disabled={busy} data-testid="cut-plan-submit">
          {busy ? <Spinner label="Planeando…" /> : "Planear rutas"}
        </button>
      </div>
      {message && (
        <Banner kind={message.kind} testid="cut-plan-message">
          <p>{message.text}</p>
        </Banner>
      )}
      {planned && planned.length > 0 && (
        <ul class="list" data-testid="cut-plan-routes">
          {planned.map((r) => (
            <li class="card" key={r.id} data-testid="cut-plan-route" data-route-id={r.id}>
              <strong>
                <a href={`#/rutas/${r.id}`}>{r.name}</a>
              </strong>
              <div class="meta">
                {r.work_date} · {r.worker_id ? names.get(r.worker_id) ?? r.worker_id : "Sin cortador"} · {r.zone ?? ""}
              </div>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
