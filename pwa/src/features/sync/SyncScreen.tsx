/** Sync details: what is pending, sent, waiting for evidence or observed, and what went wrong. */
import { useEffect, useState } from "preact/hooks";
import { flagLabel, OUTCOME_LABELS, PROPOSABLE_FIELD_LABELS } from "../../domain/outcomes";
import { ago, dateTime, money } from "../../domain/time";
import type { NotExecutedReason, OrderOutcome, Outcome, ProposableField } from "../../domain/types";
import { es } from "../../i18n/es";
import type { OutboxEntry } from "../../storage/db";
import { getMeta, type ClientInfo } from "../../storage/meta";
import { listOutbox } from "../../storage/outbox";
import { fieldDb, lastSyncAt, persisted, syncNow, syncStatus, view } from "../../state/field";
import { session } from "../../state/session";
import { Banner, StatePill } from "../../ui/components";
import type { ItemState } from "../../state/view";
import { PushStatus } from "../push/PushStatus";
import { downloadExport } from "./export";

declare const __APP_VERSION__: string;

function describe(e: OutboxEntry): string {
  const a = e.args as Record<string, unknown>;
  if (e.name === "visit.record") return `Visita: ${OUTCOME_LABELS[a.outcome as Outcome] ?? a.outcome}`;
  if (e.name === "stop.complete") return "Parada marcada como hecha";
  if (e.name === "order.execute") {
    const folio = view.value?.orders.get(a.order_id as string)?.folio ?? "";
    const what = es.orders.status[a.outcome as OrderOutcome] ?? String(a.outcome);
    const why = a.reason ? ` (${es.orders.reasons[a.reason as NotExecutedReason] ?? a.reason})` : "";
    return es.orders.journal(folio, `${what}${why}`);
  }
  if (e.name === "agreement.sign") {
    const agr = view.value?.agreements.find((x) => x.id === (a.id as string));
    const who = agr?.holder_name || ((a.customer as { name?: string } | undefined)?.name ?? "");
    const state = agr ? ` · ${es.agreements.status[agr.state]}` : "";
    return `Convenio: ${who} (${money(a.agreed_debt as string)})${state}`;
  }
  if (e.name === "registry.propose_change") return `Corrección al padrón: ${PROPOSABLE_FIELD_LABELS[a.field as ProposableField] ?? a.field}`;
  return e.name;
}

function entryState(e: OutboxEntry): { state: ItemState; codes: string[] } {
  if (e.state === "pending") return { state: "pendiente", codes: [] };
  if (e.result?.status === "rejected") return { state: "observado", codes: [e.result.code ?? "REJECTED"] };
  if (e.result?.status === "flagged") return { state: "observado", codes: e.result.flags ?? [] };
  const vis = e.ref?.t === "visit" ? view.value?.visits.find((v) => v.id === e.ref?.id) : undefined;
  return { state: vis?.state === "evidencia_pendiente" ? "evidencia_pendiente" : "enviado", codes: [] };
}

export function SyncScreen() {
  const [entries, setEntries] = useState<OutboxEntry[]>([]);
  const [client, setClient] = useState<ClientInfo | null>(null);
  const v = view.value;
  const st = syncStatus.value;
  useEffect(() => {
    let alive = true;
    const db = fieldDb();
    void listOutbox(db).then((l) => alive && setEntries(l.reverse()));
    void getMeta(db, "client").then((c) => alive && setClient(c ?? null));
    return () => {
      alive = false;
    };
  }, [v]);

  return (
    <section aria-labelledby="sync-title">
      <h2 id="sync-title">Sincronización</h2>
      {st?.stopped === "client_state_lost" && (
        <Banner kind="bad" testid="sync-client-lost">
          <p>{st.lastError?.message}</p>
          <button type="button" onClick={() => void downloadExport(fieldDb(), session.value?.user.username ?? "usuario")} data-testid="sync-export">
            Exportar bandeja de salida
          </button>
        </Banner>
      )}
      {st?.stopped && st.stopped !== "client_state_lost" && (
        <Banner kind="bad" testid="sync-stopped">
          <p>{st.lastError?.message}</p>
          {st.stopped === "session_expired" && (
            <a class="button" href="#/login">
              Iniciar sesión
            </a>
          )}
        </Banner>
      )}
      {st?.updateRequired && (
        <Banner kind="warn">
          <p>Esta versión de la app ya no recibe datos nuevos. Sus registros se siguen enviando; actualice la app.</p>
        </Banner>
      )}
      <div class="figures">
        <div class="figure">
          Pendientes <span class="v" data-testid="sync-screen-pending">{v?.pending ?? 0}</span>
        </div>
        <div class="figure">
          Evidencia pendiente <span class="v">{v?.evidencePending ?? 0}</span>
        </div>
        <div class="figure">
          Observados <span class="v">{v?.observed ?? 0}</span>
        </div>
      </div>
      <p>
        Última sincronización: <strong>{ago(lastSyncAt.value)}</strong>
        {lastSyncAt.value && <> ({dateTime(lastSyncAt.value)})</>}
      </p>
      {st?.lastError && !st.stopped && (
        <p class="hint" data-testid="sync-retry">
          Último error: {st.lastError.message}
          {st.nextRetryAt && <> · reintento automático en {Math.max(1, Math.round((st.nextRetryAt - Date.now()) / 1000))} s</>}
        </p>
      )}
      <button type="button" class="big" onClick={() => void syncNow()} disabled={st?.running} data-testid="sync-screen-button">
        {st?.running ? "Sincronizando…" : "Sincronizar"}
      </button>
      <h3>Registros de este teléfono</h3>
      {entries.length === 0 ? (
        <p data-testid="sync-journal-empty">Aún no hay registros.</p>
      ) : (
        <ul class="list" data-testid="sync-journal">
          {entries.map((e) => {
            const s = entryState(e);
            return (
              <li class="card" key={e.seq} data-testid="sync-journal-item" data-seq={e.seq} data-state={s.state}>
                <StatePill state={s.state} /> <strong>{describe(e)}</strong>
                <div class="meta">
                  #{e.seq} · {dateTime(e.created_at)}
                  {s.codes.length > 0 && <span class="flag"> · {s.codes.map(flagLabel).join(", ")}</span>}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <h3>Este teléfono</h3>
      <dl class="card">
        <PushStatus />
        <dt>Almacenamiento persistente</dt>
        <dd>{persisted.value === null ? "desconocido" : persisted.value ? "sí" : "no (el navegador podría borrar datos si falta espacio)"}</dd>
        <dt>Versión de la app</dt>
        <dd data-testid="app-version">{__APP_VERSION__}</dd>
        <dt>Cliente de sincronización</dt>
        <dd>
          <code>{client?.client_id ?? "—"}</code>
        </dd>
      </dl>
      <button type="button" class="secondary" onClick={() => void downloadExport(fieldDb(), session.value?.user.username ?? "usuario")}>
        Exportar bandeja de salida (archivo)
      </button>
    </section>
  );
}
