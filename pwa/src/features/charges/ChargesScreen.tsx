/**
 * "Cargos extraordinarios" (office, lazy chunk; `#/cargos`): the operations department's charges
 * by status (propuestos, autorizados, rechazados) with account, kind, amount, work reference,
 * description, who proposed them and when; the month's total of authorized ones; the manager
 * authorizes (the charge reaches the statement) or rejects with a reason; clerks and the manager
 * propose; the director only sees. Each charge shows its photos (thumbnails that open large;
 * "Foto pendiente" until uploaded) so the manager sees the evidence before deciding.
 */
import { useState } from "preact/hooks";
import { dateTime, localDate } from "../../domain/time";
import { canWriteOffice, isManager } from "../../state/session";
import { Banner, Pager, Spinner } from "../../ui/components";
import { useDecision } from "../../ui/use-decision";
import { useLoad } from "../../ui/use-load";
import { dayLabel, pesos } from "../counter/form";
import { CHARGE_STATUSES, KINDS, SERVICES, STATUS_LABEL, authorizeCharge, listCharges, rejectCharge, type ChargeStatus, type ExtraordinaryCharge } from "./api";
import { ChargeThumbs } from "./ChargePhotos";
import { ProposeChargeForm } from "./ProposeChargeForm";
import { ReasonPrompt } from "./ReasonPrompt";

const MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"];
const label = (options: [string, string][], k: string) => options.find(([v]) => v === k)?.[1] ?? k;

/** "2026-12" → "diciembre de 2026". */
export function monthLabel(ym: string): string {
  const m = Number(ym.slice(5, 7));
  return m >= 1 && m <= 12 ? `${MONTHS[m - 1]} de ${ym.slice(0, 4)}` : ym;
}

function Decide({ c, onDone }: { c: ExtraordinaryCharge; onDone: (msg: string) => void }) {
  const { mode, setMode, reason, setReason, busy, error, run } = useDecision<"authorize" | "reject">(onDone);
  return (
    <div data-testid="charge-decide">
      {mode === "idle" && (
        <div class="actions">
          <button type="button" onClick={() => setMode("authorize")} data-testid="charge-authorize">
            Autorizar
          </button>
          <button type="button" class="secondary" onClick={() => setMode("reject")} data-testid="charge-reject">
            Rechazar
          </button>
        </div>
      )}
      {mode === "authorize" && (
        <div class="actions">
          <span>
            ¿Autorizar {pesos(c.amount)} a la cuenta {c.account_number}? Llegará a su estado de cuenta.
          </span>
          <button type="button" disabled={busy} onClick={() => void run(() => authorizeCharge(c.id, null), `Cargo autorizado: ${pesos(c.amount)} a la cuenta ${c.account_number}.`)} data-testid="charge-authorize-confirm">
            {busy ? <Spinner label="Autorizando…" /> : "Confirmar autorización"}
          </button>
          <button type="button" class="secondary" onClick={() => setMode("idle")}>
            Cancelar
          </button>
        </div>
      )}
      {mode === "reject" && (
        <ReasonPrompt
          id={`charge-reason-${c.id}`}
          testid="charge-reject"
          reason={reason}
          onReason={setReason}
          busy={busy}
          confirmLabel="Confirmar rechazo"
          onConfirm={() => void run(() => rejectCharge(c.id, reason.trim()), `Cargo rechazado (cuenta ${c.account_number}).`)}
          onCancel={() => setMode("idle")}
        />
      )}
      {error && <p class="error">{error}</p>}
    </div>
  );
}

function Row({ c, manager, onDone }: { c: ExtraordinaryCharge; manager: boolean; onDone: (msg: string) => void }) {
  return (
    <tr data-testid="charge-row" data-id={c.id} data-status={c.status}>
      <td>
        <a href={`#/cuentas/${encodeURIComponent(c.account_id)}`}>{c.account_number ?? c.account_id}</a>
      </td>
      <td>
        {label(KINDS, c.kind)}
        <br />
        <span class="hint">{label(SERVICES, c.service)}</span>
      </td>
      <td class="num">{pesos(c.amount)}</td>
      <td>{c.work_reference ?? "—"}</td>
      <td>
        {c.description}
        {c.due_date && <span class="hint"> · vence {dayLabel(c.due_date)}</span>}
        {c.photos && <ChargeThumbs photos={c.photos} />}
      </td>
      <td>
        {c.proposed_by_name ?? "—"}
        <br />
        <span class="hint">{dateTime(c.created_at)}</span>
      </td>
      <td>
        <span class={`badge ${c.status}`}>{STATUS_LABEL[c.status]}</span>
        {c.status !== "proposed" && (
          <span class="hint">
            <br />
            {c.decided_by_name ?? ""} {dateTime(c.decided_at)}
          </span>
        )}
        {c.rejection_reason && <p class="hint">Motivo: {c.rejection_reason}</p>}
        {c.status === "proposed" && manager && <Decide c={c} onDone={onDone} />}
      </td>
    </tr>
  );
}

export default function ChargesScreen() {
  const [status, setStatus] = useState<ChargeStatus | "">("proposed");
  const [page, setPage] = useState(1);
  const [month, setMonth] = useState(localDate().slice(0, 7));
  const [proposing, setProposing] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const byMonth = status === "authorized" ? month : null;
  const list = useLoad(() => listCharges(status, page, byMonth), [status, page, byMonth]);
  const manager = isManager.value;
  const done = (msg: string) => {
    setNote(msg);
    list.reload();
  };
  const total = list.data?.month_total;
  return (
    <section aria-labelledby="charges-title" data-testid="charges-screen">
      <h2 id="charges-title">Cargos extraordinarios</h2>
      <p class="hint">Ampliaciones, rehabilitaciones, instalación de medidor, derechos y multas que propone Operación. Solo los autorizados llegan al estado de cuenta.</p>
      {!manager && <p class="hint" data-testid="charges-readonly">Solo la encargada autoriza o rechaza cargos.</p>}
      {note && (
        <Banner kind="info" testid="charges-note">
          {note}
        </Banner>
      )}
      {total && (
        <div class="figures">
          <div class="figure" data-testid="charges-month-total" data-month={total.month} data-total={total.total} data-count={total.count}>
            Autorizados en {monthLabel(total.month)} <span class="v">{pesos(total.total)}</span> <span class="hint">({total.count})</span>
          </div>
        </div>
      )}
      <div class="actions" role="group" aria-label="Estado">
        {[...CHARGE_STATUSES, ["", "Todos"] as [ChargeStatus | "", string]].map(([k, l]) => (
          <button
            key={k || "all"}
            type="button"
            class={status === k ? "" : "secondary"}
            aria-pressed={status === k}
            onClick={() => {
              setStatus(k);
              setPage(1);
            }}
            data-testid={`charges-tab-${k || "all"}`}
          >
            {l}
          </button>
        ))}
        {status === "authorized" && (
          <span>
            <label for="charges-month">Mes</label>{" "}
            <input id="charges-month" type="month" value={month} onInput={(e) => setMonth((e.currentTarget as HTMLInputElement).value || localDate().slice(0, 7))} data-testid="charges-month" />
          </span>
        )}
        {canWriteOffice.value && !proposing && (
          <button type="button" onClick={() => setProposing(true)} data-testid="charges-propose">
            Proponer cargo
          </button>
        )}
      </div>
      {proposing && (
        <ProposeChargeForm
          onCancel={() => setProposing(false)}
          onDone={(c) => {
            setProposing(false);
            done(`Cargo propuesto: ${pesos(c.amount)}. Queda pendiente de autorización.`);
          }}
        />
      )}
      {list.busy && <Spinner />}
      {list.error && <p class="error">{list.error}</p>}
      {list.data && list.data.items.length === 0 && <p class="hint" data-testid="charges-empty">No hay cargos en esta vista.</p>}
      {list.data && list.data.items.length > 0 && (
        <div class="table-wrap">
          <table data-testid="charges-table">
            <thead>
              <tr>
                <th scope="col">Cuenta</th>
                <th scope="col">Tipo</th>
                <th scope="col" class="num">
                  Importe
                </th>
                <th scope="col">Obra</th>
                <th scope="col">Descripción</th>
                <th scope="col">Propuso</th>
                <th scope="col">Estado</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((c) => (
                <Row key={`${c.id}-${c.status}`} c={c} manager={manager} onDone={done} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && <Pager page={page} pages={list.data.pages} onPage={setPage} testid="charges-pager" />}
    </section>
  );
}
