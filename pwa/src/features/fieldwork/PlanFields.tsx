/**
 * What the notifiers' and the cutters' route planning share (office, lazy chunks only): the day,
 * the grouping, the stop limit and the people to plan for. Element ids and test ids start with
 * the screen's prefix (`plan-…`, `cut-plan-…`).
 */
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { localDate } from "../../domain/time";
import { Check, Spinner, TextField } from "../../ui/components";
import type { Loaded } from "../../ui/use-load";

export type GroupBy = "neighborhood" | "sector";

/** The form's day (tomorrow at first), chosen people, grouping and stop limit (as typed). */
export function usePlanDay() {
  const [workDate, setWorkDate] = useState(localDate(new Date(), 1));
  const [workers, setWorkers] = useState<string[]>([]);
  const [groupBy, setGroupBy] = useState<GroupBy>("neighborhood");
  const [maxStops, setMaxStops] = useState("");
  return { workDate, setWorkDate, workers, setWorkers, groupBy, setGroupBy, maxStops, setMaxStops };
}

export type PlanDay = ReturnType<typeof usePlanDay>;

/** The two-column grid: `children` (what to plan from) first, then day, grouping and stop limit. */
export function PlanFields({ prefix, plan, children }: { prefix: string; plan: PlanDay; children: ComponentChildren }) {
  return (
    <div class="grid2">
      {children}
      <TextField id={`${prefix}-date`} type="date" label="Día de trabajo" value={plan.workDate} onInput={plan.setWorkDate} testid={`${prefix}-date`} />
      <div>
        <label for={`${prefix}-group`}>Agrupar por</label>
        <select id={`${prefix}-group`} value={plan.groupBy} onChange={(e) => plan.setGroupBy((e.currentTarget as HTMLSelectElement).value as GroupBy)} data-testid={`${prefix}-group-by`}>
          <option value="neighborhood">Colonia</option>
          <option value="sector">Sector</option>
        </select>
      </div>
      <TextField id={`${prefix}-max`} type="number" label="Máximo de paradas por ruta (opcional)" value={plan.maxStops} onInput={plan.setMaxStops} testid={`${prefix}-max-stops`} inputMode="numeric" />
    </div>
  );
}

/** "Planear rutas" (a spinner while planning). */
export function PlanButton({ testid, busy }: { testid: string; busy: boolean }) {
  return (
    <div class="actions">
      <button type="submit" disabled={busy} data-testid={testid}>
        {busy ? <Spinner label="Planeando…" /> : "Planear rutas"}
      </button>
    </div>
  );
}

/** A check per person (`…-worker-<username>`); `legend` and `noun` name them ("Cortadores", "cortadores"). */
export function WorkerChecks(props: {
  prefix: string;
  plan: PlanDay;
  people: Loaded<{ id: string; username: string; full_name: string }[]>;
  legend: string;
  noun: string;
  /** Shown when the list came back empty. */
  empty?: string;
}) {
  const { prefix, plan, people } = props;
  const chosen = plan.workers;
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {people.busy && <Spinner label="Cargando personal…" />}
      {people.error && (
        <p class="error">
          No se pudo obtener la lista de {props.noun}: {people.error}
        </p>
      )}
      {props.empty && people.data && people.data.length === 0 && <p class="hint">{props.empty}</p>}
      {(people.data ?? []).map((u) => (
        <Check
          key={u.id}
          id={`${prefix}-w-${u.id}`}
          label={`${u.full_name} (${u.username})`}
          checked={chosen.includes(u.id)}
          onChange={(on) => plan.setWorkers(on ? [...chosen, u.id] : chosen.filter((x) => x !== u.id))}
          testid={`${prefix}-worker-${u.username}`}
        />
      ))}
    </fieldset>
  );
}
