/** "Hoy": each field worker's day, her stops on demand, and reassigning pending stops. */
import { useState } from "preact/hooks";
import { ago, hhmm, localDate } from "../../domain/time";
import type { Role } from "../../domain/types";
import { canWriteOffice } from "../../state/session";
import { Banner, Spinner } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { reassignStops, teamDay, workerDay, type TeamStop, type TeamWorker } from "./api";
import { ROLE_LABELS, STOP_STATUS, t } from "./texts";

/** The role a worker needs to take a stop of each kind (as the server checks it). */
const KIND_ROLE: Record<string, Role> = { notice: "notifier", order: "cutter", inspection: "cutter", renewal: "social_worker", discount_visit: "social_worker" };

/** Who may take all these stops: active, another person, holding every role they need. */
export function candidates(workers: TeamWorker[], from: string, stops: TeamStop[]): TeamWorker[] {
  const needed = new Set(stops.map((s) => KIND_ROLE[s.kind] ?? "notifier"));
  return workers.filter((w) => w.active && w.worker_id !== from && [...needed].every((r) => w.roles.includes(r)));
}

function ReassignDialog(props: { stops: TeamStop[]; options: TeamWorker[]; onDone: (msg: string) => void; onCancel: () => void }) {
  const [to, setTo] = useState(props.options[0]?.worker_id ?? "");
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const submit = async (ev: Event) => {
    ev.preventDefault();
    setBusy(true);
    setError("");
    try {
      const out = await reassignStops(props.stops.map((s) => s.id), to, reason.trim());
      props.onDone(t.moved(out.moved, props.options.find((o) => o.worker_id === to)?.full_name ?? ""));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="team-dialog" role="dialog" aria-label={t.reassignTitle} onSubmit={submit} data-testid="team-reassign-dialog">
      <h4>{t.reassignTitle}</h4>
      <label for="team-reassign-to">{t.reassignTo}</label>
      <select id="team-reassign-to" value={to} onChange={(e) => setTo((e.currentTarget as HTMLSelectElement).value)} data-testid="team-reassign-to">
        {props.options.map((o) => (
          <option value={o.worker_id} key={o.worker_id}>{`${o.full_name} (${o.pending} pendientes)`}</option>
        ))}
      </select>
      <label for="team-reassign-reason">{t.reason}</label>
      <input id="team-reassign-reason" type="text" value={reason} onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)} data-testid="team-reassign-reason" />
      {error && <Banner kind="bad" testid="team-reassign-error">{error}</Banner>}
      <div class="actions">
        <button type="submit" disabled={busy || !to || reason.trim().length < 3} data-testid="team-reassign-confirm">
          {busy ? <Spinner label="Reasignando…" /> : t.confirmReassign}
        </button>
        <button type="button" class="secondary" onClick={props.onCancel}>{t.cancel}</button>
      </div>
    </form>
  );
}

function WorkerStops({ worker, workers, date, onMoved }: { worker: TeamWorker; workers: TeamWorker[]; date: string; onMoved: (msg: string) => void }) {
  const { data, error, busy } = useLoad(() => workerDay(worker.worker_id, date), [worker.worker_id, date]);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState(false);
  if (busy) return <Spinner />;
  if (error || !data) return <Banner kind="bad">{error}</Banner>;
  const chosen = data.stops.filter((s) => picked.has(s.id));
  const toggle = (id: string) => setPicked((p) => { const n = new Set(p); n.has(id) ? n.delete(id) : n.add(id); return n; });
  return (
    <div class="team-stops" data-testid="team-stops">
      <table>
        <thead><tr><th /><th>Ruta</th><th>#</th><th>Cuenta</th><th>Domicilio</th><th>Estado</th></tr></thead>
        <tbody>
          {data.stops.map((s) => (
            <tr key={s.id} data-testid="team-stop" data-id={s.id} data-status={s.status}>
              <td>{canWriteOffice.value && s.status === "pending" && <input type="checkbox" aria-label={`Elegir ${s.account_number}`} checked={picked.has(s.id)} onChange={() => toggle(s.id)} data-testid="team-stop-pick" />}</td>
              <td>{s.route_name}</td>
              <td>{s.position}</td>
              <td>{`${s.account_number} · ${s.holder_name}`}</td>
              <td>{`${s.address}, ${s.neighborhood}`}</td>
              <td>{STOP_STATUS[s.status] ?? s.status}{s.done_at ? ` ${hhmm(s.done_at)}` : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {canWriteOffice.value && (
        <div class="actions">
          <button type="button" disabled={chosen.length === 0} onClick={() => setDialog(true)} data-testid="team-reassign-open">{t.reassign(chosen.length)}</button>
        </div>
      )}
      {dialog && (
        <ReassignDialog stops={chosen} options={candidates(workers, worker.worker_id, chosen)} onCancel={() => setDialog(false)}
          onDone={(msg) => { setDialog(false); setPicked(new Set()); onMoved(msg); }} />
      )}
    </div>
  );
}

export function TodayTab() {
  const [date, setDate] = useState(localDate());
  const [open, setOpen] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const { data, error, busy, reload } = useLoad(() => teamDay(date), [date]);
  return (
    <div data-testid="team-today">
      <label for="team-date">{t.day}</label>
      <input id="team-date" type="date" value={date} onChange={(e) => setDate((e.currentTarget as HTMLInputElement).value)} data-testid="team-date" />
      {note && <Banner kind="info" testid="team-note">{note}</Banner>}
      {busy && <Spinner />}
      {error && <Banner kind="bad">{error}</Banner>}
      {data && data.items.length === 0 && <p>{t.noWorkers}</p>}
      {data && data.items.length > 0 && (
        <table class="team-day" data-testid="team-day">
          <thead><tr><th>{t.worker}</th><th>{t.assigned}</th><th>{t.done}</th><th>{t.pending}</th><th>{t.lastSync}</th><th /></tr></thead>
          <tbody>
            {data.items.map((w) => [
              <tr key={w.worker_id} data-testid="team-row" data-id={w.worker_id}>
                <td>{w.full_name}<br /><small>{w.roles.map((r) => ROLE_LABELS[r]).join(", ")}{w.active ? "" : ` · ${t.inactive}`}</small></td>
                <td data-testid="team-assigned">{w.assigned}</td>
                <td data-testid="team-done">{w.done}</td>
                <td data-testid="team-pending">{w.pending}</td>
                <td data-testid="team-last-sync" title={w.last_sync_at ?? ""}>{ago(w.last_sync_at)}</td>
                <td><button type="button" class="secondary" onClick={() => setOpen(open === w.worker_id ? null : w.worker_id)} data-testid="team-drill">{open === w.worker_id ? t.hideStops : t.seeStops}</button></td>
              </tr>,
              open === w.worker_id && (
                <tr key={`${w.worker_id}-stops`}><td colSpan={6}>
                  <WorkerStops worker={w} workers={data.items} date={date} onMoved={(msg) => { setNote(msg); setOpen(null); reload(); }} />
                </td></tr>
              ),
            ])}
          </tbody>
          <tfoot><tr><th>{t.totals}</th><td>{data.totals.assigned}</td><td>{data.totals.done}</td><td>{data.totals.pending}</td><td /><td /></tr></tfoot>
        </table>
      )}
    </div>
  );
}
