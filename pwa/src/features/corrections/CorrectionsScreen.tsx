/**
 * "Correcciones de campo" (office, lazy chunk; `#/correcciones`): registry corrections proposed by
 * notifiers, cutters and social workers, side by side with the record's current value — when the
 * record changed since the proposal was made, both the value the worker saw and the current one;
 * the manager approves (applied and audited) or rejects with a reason, one by one or the selected
 * ones in bulk (one request each, with a progress count). Clerks and the director only see.
 */
import { useState } from "preact/hooks";
import { dateTime } from "../../domain/time";
import { isManager } from "../../state/session";
import { Banner, Pager, Spinner } from "../../ui/components";
import { useDecision } from "../../ui/use-decision";
import { useLoad } from "../../ui/use-load";
import { ReasonPrompt } from "../charges/ReasonPrompt";
import { approveProposal, decideMany, listProposals, rejectProposal, type Proposal, type ProposalStatus } from "./api";
import { SOURCE_LABELS, fieldLabel, valueLabel } from "./labels";

const STATUSES: [ProposalStatus, string][] = [
  ["pending", "Pendientes"],
  ["approved", "Aprobadas"],
  ["rejected", "Rechazadas"],
];

function Values({ p }: { p: Proposal }) {
  if (p.status === "pending" && p.changed_since)
    return (
      <td data-testid="correction-current" data-changed="true">
        <strong class="flag">Cambió desde la propuesta</strong>
        <br />
        Vio: <span data-testid="correction-seen">{valueLabel(p.field, p.seen_value)}</span>
        <br />
        Ahora: <strong data-testid="correction-now">{valueLabel(p.field, p.current_value)}</strong>
      </td>
    );
  return (
    <td data-testid="correction-current" data-changed="false">
      <span data-testid="correction-now">{valueLabel(p.field, p.status === "pending" ? p.current_value : p.seen_value)}</span>
    </td>
  );
}

function RowActions({ p, onDone }: { p: Proposal; onDone: (msg: string) => void }) {
  const { mode, setMode, reason, setReason, busy, error, run } = useDecision<"reject">(onDone);
  return (
    <>
      {mode === "idle" ? (
        <div class="actions">
          <button type="button" disabled={busy} onClick={() => void run(() => approveProposal(p.id), `Corrección aplicada a la cuenta ${p.account_number}.`)} data-testid="correction-approve">
            {busy ? <Spinner label="Aplicando…" /> : "Aprobar"}
          </button>
          <button type="button" class="secondary" disabled={busy} onClick={() => setMode("reject")} data-testid="correction-reject">
            Rechazar
          </button>
        </div>
      ) : (
        <ReasonPrompt
          id={`correction-reason-${p.id}`}
          testid="correction-reject"
          reason={reason}
          onReason={setReason}
          busy={busy}
          confirmLabel="Confirmar rechazo"
          onConfirm={() => void run(() => rejectProposal(p.id, reason.trim()), `Corrección rechazada (cuenta ${p.account_number}).`)}
          onCancel={() => setMode("idle")}
        />
      )}
      {error && <p class="error">{error}</p>}
    </>
  );
}

function Bulk({ ids, onDone }: { ids: string[]; onDone: (msg: string, failed: string[]) => void }) {
  const [mode, setMode] = useState<"idle" | "reject">("idle");
  const [reason, setReason] = useState("");
  const [progress, setProgress] = useState<[number, number] | null>(null);
  const run = async (approve: boolean) => {
    setProgress([0, ids.length]);
    const r = await decideMany(ids, (id) => (approve ? approveProposal(id) : rejectProposal(id, reason.trim())), (d, t) => setProgress([d, t]));
    setProgress(null);
    setMode("idle");
    const verb = approve ? "aprobadas" : "rechazadas";
    onDone(`${r.ok.length} ${verb}${r.failed.length ? `; ${r.failed.length} no se pudieron: ${r.failed.map((f) => f.message).join(" · ")}` : "."}`, r.failed.map((f) => f.id));
  };
  if (progress)
    return (
      <p role="status" aria-live="polite" data-testid="corrections-progress" data-done={progress[0]} data-total={progress[1]}>
        <span class="spinner" aria-hidden="true" /> Procesando {progress[0]} de {progress[1]}…
      </p>
    );
  return (
    <div class="actions" data-testid="corrections-bulk">
      <span>{ids.length} seleccionada(s)</span>
      {mode === "idle" ? (
        <>
          <button type="button" disabled={ids.length === 0} onClick={() => void run(true)} data-testid="corrections-bulk-approve">
            Aprobar seleccionadas
          </button>
          <button type="button" class="secondary" disabled={ids.length === 0} onClick={() => setMode("reject")} data-testid="corrections-bulk-reject">
            Rechazar seleccionadas
          </button>
        </>
      ) : (
        <ReasonPrompt id="corrections-bulk-reason" testid="corrections-bulk-reject" reason={reason} onReason={setReason} busy={false} confirmLabel={`Rechazar ${ids.length}`} onConfirm={() => void run(false)} onCancel={() => setMode("idle")} />
      )}
    </div>
  );
}

export default function CorrectionsScreen() {
  const [status, setStatus] = useState<ProposalStatus>("pending");
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [note, setNote] = useState<string | null>(null);
  const list = useLoad(() => listProposals(status, page), [status, page]);
  const manager = isManager.value;
  const deciding = manager && status === "pending";
  const items = list.data?.items ?? [];
  // "Select all" takes the easy ones: a record that changed since the proposal is ticked by hand.
  const easy = items.filter((p) => !p.changed_since).map((p) => p.id);
  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const n = new Set(s);
      if (on) n.add(id);
      else n.delete(id);
      return n;
    });
  const done = (msg: string, keep: string[] = []) => {
    setNote(msg);
    setSelected(new Set(keep));
    list.reload();
  };
  const ids = items.filter((p) => selected.has(p.id)).map((p) => p.id);
  return (
    <section aria-labelledby="corrections-title" data-testid="corrections-screen">
      <h2 id="corrections-title">Correcciones de campo</h2>
      <p class="hint">Lo que notificadores, cortadores y trabajo social proponen corregir en el padrón. Al aprobar, el cambio se aplica y queda en la bitácora.</p>
      {!manager && <p class="hint" data-testid="corrections-readonly">Solo la encargada aprueba o rechaza correcciones.</p>}
      {note && (
        <Banner kind="info" testid="corrections-note">
          {note}
        </Banner>
      )}
      <div class="actions" role="group" aria-label="Estado">
        {STATUSES.map(([k, l]) => (
          <button
            key={k}
            type="button"
            class={status === k ? "" : "secondary"}
            aria-pressed={status === k}
            onClick={() => {
              setStatus(k);
              setPage(1);
              setSelected(new Set());
            }}
            data-testid={`corrections-tab-${k}`}
          >
            {l}
          </button>
        ))}
      </div>
      {deciding && items.length > 0 && <Bulk ids={ids} onDone={done} />}
      {list.busy && <Spinner />}
      {list.error && <p class="error">{list.error}</p>}
      {list.data && items.length === 0 && <p class="hint" data-testid="corrections-empty">No hay correcciones en esta vista.</p>}
      {items.length > 0 && (
        <div class="table-wrap">
          <table data-testid="corrections-table">
            <thead>
              <tr>
                {deciding && (
                  <th scope="col">
                    <label class="visually-hidden" for="corrections-all">
                      Seleccionar las que no cambiaron
                    </label>
                    <input
                      id="corrections-all"
                      type="checkbox"
                      checked={easy.length > 0 && easy.every((id) => selected.has(id))}
                      onChange={(e) => setSelected((e.currentTarget as HTMLInputElement).checked ? new Set([...selected, ...easy]) : new Set())}
                      data-testid="corrections-select-all"
                    />
                  </th>
                )}
                <th scope="col">Cuenta</th>
                <th scope="col">Campo</th>
                <th scope="col">{status === "pending" ? "Valor actual" : "Valor que vio"}</th>
                <th scope="col">Propuesto</th>
                <th scope="col">Motivo y origen</th>
                <th scope="col">{deciding ? "Decisión" : "Resolución"}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={`${p.id}-${p.status}`} data-testid="correction-row" data-id={p.id} data-changed={String(p.changed_since)} class={p.changed_since ? "changed-since" : undefined}>
                  {deciding && (
                    <td>
                      <label class="visually-hidden" for={`correction-pick-${p.id}`}>
                        Seleccionar la corrección de la cuenta {p.account_number}
                      </label>
                      <input id={`correction-pick-${p.id}`} type="checkbox" checked={selected.has(p.id)} onChange={(e) => toggle(p.id, (e.currentTarget as HTMLInputElement).checked)} data-testid="correction-pick" />
                    </td>
                  )}
                  <td>
                    <a href={`#/cuentas/${encodeURIComponent(p.account_id)}`}>{p.account_number}</a>
                  </td>
                  <td>{fieldLabel(p.field)}</td>
                  <Values p={p} />
                  <td data-testid="correction-proposed">
                    <strong>{valueLabel(p.field, p.proposed_value)}</strong>
                  </td>
                  <td>
                    {p.reason ?? "—"}
                    <br />
                    <span class="hint">
                      {SOURCE_LABELS[p.source] ?? p.source} · {p.proposed_by_name ?? "—"} · {dateTime(p.created_at)}
                    </span>
                  </td>
                  <td>
                    {deciding ? (
                      <RowActions p={p} onDone={(m) => done(m, ids.filter((x) => x !== p.id))} />
                    ) : (
                      <span class="hint">
                        {p.status === "pending" ? "Pendiente" : p.status === "approved" ? "Aprobada" : "Rechazada"} {dateTime(p.decided_at)}
                        {p.decision_reason ? ` · ${p.decision_reason}` : ""}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && <Pager page={page} pages={list.data.pages} onPage={setPage} testid="corrections-pager" />}
    </section>
  );
}
