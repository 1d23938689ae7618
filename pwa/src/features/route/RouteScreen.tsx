/**
 * "Mi ruta" (a notifier's notices) and "Mis órdenes" (a cutter's restrictions, cuts,
 * reconnections and inspections): today's stops in walking order, searchable, with the actions
 * of each stop. A cutter's list asks for a sync when it opens (push is not guaranteed).
 */
import { useEffect, useState } from "preact/hooks";
import { geoLink } from "../../domain/geo";
import { NOTICE_KIND_LABELS, NOTICE_STATUS_LABELS, OUTCOME_LABELS, PROPERTY_CLASS_LABELS, flagLabel } from "../../domain/outcomes";
import { dateTime, hhmm, localDate, money } from "../../domain/time";
import type { Outcome } from "../../domain/types";
import { completeStop } from "../../mutations";
import { es } from "../../i18n/es";
import { fieldDb, requestSync, view } from "../../state/field";
import { StatePill } from "../../ui/components";
import { agreementHref } from "../agreements/links";
import { OrderCard } from "../orders/OrderCard";
import { DiscountStopCard, isDiscountStop } from "../discounts/DiscountStopCard";
import { DebtByService } from "./DebtByService";
import { addressLine, countByStatus, filterStops, isOrderStop, routeDays, stopsForDay, type StopFilter, type StopItem, type StopMode } from "./stops";

const FILTERS: { f: StopFilter; label: string }[] = [
  { f: "pending", label: "Pendientes" },
  { f: "done", label: "Hechas" },
  { f: "cancelled", label: "Canceladas" },
  { f: "all", label: "Todas" },
];

const STOP_STATUS: Record<string, string> = { pending: "Pendiente", done: "Hecha", cancelled: "Cancelada" };

export function RouteScreen({ mode = "notices" }: { mode?: StopMode }) {
  const v = view.value;
  const today = localDate();
  const [q, setQ] = useState("");
  const [filter, setFilter] = useState<StopFilter>("pending");
  const days = v ? routeDays(v) : [];
  const [day, setDay] = useState<string>(today);
  const orders = mode === "orders";
  useEffect(() => {
    if (orders) requestSync("resume"); // the day's list is fetched again when the cutter opens it
  }, [orders]);
  if (!v) return <p>Abriendo los datos del teléfono…</p>;
  const shownDay = days.includes(day) || day === today ? day : days[0] ?? today;
  const items = stopsForDay(v, shownDay, mode);
  const counts = countByStatus(items);
  const shown = filterStops(items, q, filter);
  const routes = v.routes.filter((r) => r.work_date === shownDay && r.status !== "cancelled");

  return (
    <section aria-labelledby="route-title">
      <h2 id="route-title">
        {orders ? es.orders.title : "Mi ruta"} {shownDay === today ? "de hoy" : `del ${shownDay}`}
      </h2>
      {days.length > 1 && (
        <div class="tabs" role="group" aria-label="Día">
          {days.map((d) => (
            <button type="button" key={d} aria-pressed={d === shownDay} onClick={() => setDay(d)} data-testid={`route-day-${d}`}>
              {d === today ? "Hoy" : d === localDate(new Date(), 1) ? "Mañana" : d}
            </button>
          ))}
        </div>
      )}
      {routes.length > 0 && <p class="hint">{routes.map((r) => `${r.name}${r.zone ? ` · ${r.zone}` : ""}`).join(" | ")}</p>}
      <label for="route-search">Buscar (titular, domicilio, cuenta o folio)</label>
      <input id="route-search" type="search" value={q} onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)} data-testid="route-search" autoComplete="off" />
      <div class="tabs" role="group" aria-label="Filtrar paradas">
        {FILTERS.map(({ f, label }) => (
          <button type="button" key={f} aria-pressed={filter === f} onClick={() => setFilter(f)} data-testid={`route-filter-${f}`}>
            {label} ({counts[f]})
          </button>
        ))}
      </div>
      {items.length === 0 ? (
        <p data-testid="route-empty">
          {orders ? es.orders.labels.emptyDay : "No hay paradas para este día en el teléfono. Sincronice para recibir su ruta."}
        </p>
      ) : shown.length === 0 ? (
        <p data-testid="route-none-match">Ninguna parada coincide.</p>
      ) : (
        <ol class="list" data-testid="stop-list">
          {shown.map((it) =>
            isOrderStop(it.stop) ? (
              <OrderCard key={it.stop.id} it={it} />
            ) : isDiscountStop(it.stop) ? (
              <DiscountStopCard key={it.stop.id} stop={it.stop} account={it.account} />
            ) : (
              <StopCard key={it.stop.id} it={it} />
            ),
          )}
        </ol>
      )}
    </section>
  );
}

function StopCard({ it }: { it: StopItem }) {
  const { stop, account: a, notice: n } = it;
  const [busy, setBusy] = useState(false);
  const cancelled = stop.status === "cancelled";
  const done = stop.status === "done";
  const label = a?.holder_name ?? "Cuenta";
  const markDone = async () => {
    if (!confirm(`¿Marcar como hecha la parada de ${label} sin registrar visita?`)) return;
    setBusy(true);
    try {
      await completeStop(fieldDb(), { stop_id: stop.id });
    } finally {
      setBusy(false);
    }
  };
  return (
    <li class={`card ${cancelled ? "is-cancelled" : done ? "is-done" : ""}`} data-testid="stop-item" data-stop-id={stop.id} data-status={stop.status} data-notice-id={stop.notice_id ?? ""}>
      <div class="meta">
        Parada {stop.position} · <span class={`pill ${stop.status}`} data-testid="stop-status">{STOP_STATUS[stop.status] ?? stop.status}</span>{" "}
        {it.syncState && <StatePill state={it.syncState} testid="stop-sync-state" />}
      </div>
      <h3 class="holder">{label}</h3>
      <div>{addressLine(a)}</div>
      {a?.address?.references && <div class="meta">Referencias: {a.address.references}</div>}
      {cancelled && (
        <p class="flag" data-testid="stop-cancelled">
          Cancelada{stop.cancel_reason ? `: ${stop.cancel_reason}` : ""}. No visitar.
        </p>
      )}
      <dl>
        <dt>Cuenta</dt>
        <dd>
          {a?.account_number ?? "—"} · {PROPERTY_CLASS_LABELS[a?.property_class ?? ""] ?? a?.property_class ?? ""}
        </dd>
        {n && (
          <>
            <dt>Aviso</dt>
            <dd>
              {n.folio} · {NOTICE_KIND_LABELS[n.kind] ?? n.kind} · {NOTICE_STATUS_LABELS[n.status] ?? n.status}
            </dd>
          </>
        )}
        <dt>Adeudo</dt>
        <dd>
          <strong>{money(a?.debt?.total ?? n?.debt_amount)}</strong>
          <DebtByService debt={a?.debt} />
        </dd>
        <dt>Meses vencidos</dt>
        <dd>
          {a?.months_past_due ?? n?.months_past_due ?? "—"}
          {a?.oldest_unpaid_period && <span class="meta"> (desde {a.oldest_unpaid_period})</span>}
        </dd>
        {a?.last_visits?.length ? (
          <>
            <dt>Visitas previas</dt>
            <dd>
              {a.last_visits.map((lv, i) => (
                <div key={i}>
                  {dateTime(lv.started_at)} · {OUTCOME_LABELS[lv.outcome as Outcome] ?? lv.outcome} · {lv.worker_name}
                </div>
              ))}
            </dd>
          </>
        ) : null}
      </dl>
      {it.visits.length > 0 && (
        <ul class="list" aria-label="Visitas de hoy">
          {it.visits.map((vv) => (
            <li key={vv.id} data-testid="stop-visit" data-visit-id={vv.id} data-state={vv.state}>
              {hhmm(vv.started_at)} · {OUTCOME_LABELS[vv.outcome as Outcome] ?? vv.outcome} <StatePill state={vv.state} testid="visit-state" />
              {vv.codes.length > 0 && <span class="flag"> {vv.codes.map(flagLabel).join(", ")}</span>}
            </li>
          ))}
        </ul>
      )}
      <div class="actions">
        {!cancelled && n && (
          <a class="button" href={`#/visita/${encodeURIComponent(n.id)}?stop=${encodeURIComponent(stop.id)}`} data-testid="stop-record-visit">
            Registrar visita
          </a>
        )}
        {!cancelled && a && (
          <a class="button secondary" href={agreementHref(a.id, stop.id, "/ruta")} data-testid="make-agreement">
            {es.agreements.make}
          </a>
        )}
        {a?.latitude != null && a?.longitude != null && (
          <a class="button secondary" href={geoLink(a.latitude, a.longitude, `${label} ${addressLine(a)}`)} data-testid="stop-open-maps">
            Abrir en mapas
          </a>
        )}
        {!cancelled && !done && (
          <button type="button" class="secondary" onClick={markDone} disabled={busy} data-testid="stop-complete">
            Marcar hecha
          </button>
        )}
      </div>
    </li>
  );
}
