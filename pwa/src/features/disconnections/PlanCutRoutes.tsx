/**
 * Plan the cutters' routes (manager): a day, the cutters, the issued orders of a cut list
 * and/or of some actions (reconnections and reinspections for example), grouped by colonia or
 * sector; each cutter gets one route in walking order and the orders become assigned.
 */
import { useState } from "preact/hooks";
import type { ApiError } from "../../api/errors";
import { ORDER_ACTIONS, type OrderAction } from "../../domain/types";
import { es } from "../../i18n/es";
import { Banner, Check } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { PlanButton, PlanFields, usePlanDay, WorkerChecks } from "../fieldwork/PlanFields";
import { listCutLists, listCutters, planCutRoutes, type PlannedRoute } from "./api";

export function PlanCutRoutes({ initialList = "" }: { initialList?: string }) {
  const [listId, setListId] = useState(initialList);
  const [actions, setActions] = useState<OrderAction[]>([]);
  const planDay = usePlanDay();
  const { workDate, workers, groupBy, maxStops } = planDay;
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
      <PlanFields prefix="cut-plan" plan={planDay}>
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
      </PlanFields>
      <fieldset>
        <legend>Tipo de órdenes (ninguno = todas las de la lista)</legend>
        {ORDER_ACTIONS.map((a) => (
          <Check key={a} id={`cut-plan-action-${a}`} label={es.orders.actionName[a]} checked={actions.includes(a)} onChange={(on) => setActions(on ? [...actions, a] : actions.filter((x) => x !== a))} testid={`cut-plan-action-${a}`} />
        ))}
      </fieldset>
      <WorkerChecks prefix="cut-plan" plan={planDay} people={cutters} legend="Cortadores" noun="cortadores" empty="No hay cortadores activos." />
      <PlanButton testid="cut-plan-submit" busy={busy} />
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
