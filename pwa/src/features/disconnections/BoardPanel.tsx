/**
 * "Tablero del día" (office): the alerts nobody has acknowledged on top — a cut executed after
 * its order was cancelled first, in red — each with "Enterado" (manager); then per cutter:
 * pending, executed, not executed by reason, cancelled.
 */
import { useState } from "preact/hooks";
import type { ApiError } from "../../api/errors";
import { dateTime, localDate } from "../../domain/time";
import { es } from "../../i18n/es";
import { isManager } from "../../state/session";
import { Banner, Spinner, TextField } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { acknowledgeAlert, getBoard, listCutters, type BoardAlert } from "./api";

/** Alerts of a cut made after its cancellation: the customer paid and is without water. */
const SEVERE = new Set(["CROSSED_IN_FLIGHT", "IGNORED_CANCELLATION", "EXECUTED_AFTER_CANCELLATION"]);

/** Severe alerts first, then newest first. */
export function sortAlerts(alerts: BoardAlert[]): BoardAlert[] {
  return [...alerts].sort((a, b) => Number(SEVERE.has(b.kind)) - Number(SEVERE.has(a.kind)) || (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));
}

export function BoardPanel() {
  const [day, setDay] = useState(localDate());
  const board = useLoad(() => getBoard(day), [day]);
  const cutters = useLoad(() => listCutters().catch(() => []), []);
  const [acked, setAcked] = useState<Set<number>>(new Set());
  const [busy, setBusy] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const manager = isManager.value;
  const names = new Map((cutters.data ?? []).map((c) => [c.id, c.full_name]));
  const alerts = sortAlerts((board.data?.alerts ?? []).filter((a) => !acked.has(a.id)));

  const ack = async (a: BoardAlert) => {
    setBusy(a.id);
    setMessage(null);
    try {
      await acknowledgeAlert(a.id);
      setAcked((s) => new Set([...s, a.id]));
    } catch (e) {
      setMessage((e as ApiError).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="board-title" data-testid="cut-board">
      <h3 id="board-title">Tablero del día</h3>
      <div class="grid2">
        <TextField id="cut-board-date" type="date" label="Día" value={day} onInput={(x) => x && setDay(x)} testid="cut-board-date" />
        <div class="actions" style={{ alignItems: "flex-end" }}>
          <button type="button" class="secondary" onClick={board.reload} data-testid="cut-board-reload">
            Actualizar
          </button>
        </div>
      </div>
      {message && (
        <Banner kind="bad" testid="cut-board-message">
          <p>{message}</p>
        </Banner>
      )}
      {board.busy && !board.data && <Spinner />}
      {board.error && <p class="error">{board.error}</p>}
      {alerts.length > 0 && (
        <ul class="list" data-testid="cut-alerts" aria-label="Alertas">
          {alerts.map((a) => (
            <li key={a.id} class={`banner ${SEVERE.has(a.kind) ? "bad severe" : "warn"}`} role={SEVERE.has(a.kind) ? "alert" : undefined} data-testid="cut-alert" data-alert-id={a.id} data-kind={a.kind}>
              <p>
                <strong>{es.orders.flags[a.kind as keyof typeof es.orders.flags] ?? a.kind}</strong> · {a.folio}
                <br />
                {a.message}
                <br />
                <span class="meta">{dateTime(a.created_at)}</span>
              </p>
              {manager && (
                <button type="button" onClick={() => void ack(a)} disabled={busy === a.id} data-testid="cut-alert-ack">
                  Enterado
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {board.data && (
        <div class="table-wrap">
          {board.data.workers.length === 0 ? (
            <p data-testid="cut-board-empty">No hay órdenes en rutas para este día.</p>
          ) : (
            <table data-testid="cut-board-workers">
              <thead>
                <tr>
                  <th scope="col">Cortador</th>
                  <th scope="col" class="num">
                    Pendientes
                  </th>
                  <th scope="col" class="num">
                    Ejecutadas
                  </th>
                  <th scope="col">No ejecutadas</th>
                  <th scope="col" class="num">
                    Canceladas
                  </th>
                  <th scope="col" class="num">
                    Ejecutadas tras cancelar
                  </th>
                </tr>
              </thead>
              <tbody>
                {board.data.workers.map((w) => {
                  const notDone = Object.entries(w.not_executed ?? {});
                  return (
                    <tr key={w.worker_id ?? "none"} data-testid="cut-board-worker" data-worker-id={w.worker_id ?? ""}>
                      <td>{w.worker_id ? names.get(w.worker_id) ?? w.worker_id : "Sin cortador"}</td>
                      <td class="num" data-key="pending">
                        {w.pending}
                      </td>
                      <td class="num" data-key="executed">
                        {w.executed}
                      </td>
                      <td data-key="not_executed">{notDone.length ? notDone.map(([r, n]) => `${es.orders.reasons[r as keyof typeof es.orders.reasons] ?? r}: ${n}`).join(" · ") : "0"}</td>
                      <td class="num" data-key="cancelled">
                        {w.cancelled}
                      </td>
                      <td class={`num ${w.executed_after_cancellation ? "flag" : ""}`} data-key="executed_after_cancellation">
                        {w.executed_after_cancellation}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
