/** One order of "Mis órdenes": the action in big words, the account, the debt, and a red "NO CORTAR" banner once cancelled. */
import { geoLink } from "../../domain/geo";
import { flagLabel, PROPERTY_CLASS_LABELS } from "../../domain/outcomes";
import { hhmm, money } from "../../domain/time";
import { es } from "../../i18n/es";
import { navigate } from "../../state/router";
import { StatePill } from "../../ui/components";
import { addressLine, type StopItem } from "../route/stops";
import { canConfirm, cancelBannerText, confirmLabel, orderCancelled } from "./order-view";

const L = es.orders.labels;

/** The red banner of a cancelled order (shared by the card and the order screen). */
export function CancelledBanner({ text, testid }: { text: string; testid: string }) {
  return (
    <div class="dont-cut" role="alert" data-testid={testid}>
      <strong>{text}</strong>
      <span>{es.orders.cancelledHint}</span>
    </div>
  );
}

/** The action in big words and the urgent badge. */
export function ActionHeading({ action, urgent }: { action: keyof typeof es.orders.actionWord | undefined; urgent: boolean }) {
  return (
    <div class="order-head">
      <span class={`action-word ${action ?? ""}`} data-testid="order-action" data-action={action ?? ""}>
        {action ? es.orders.actionWord[action] : "ORDEN"}
      </span>
      {urgent && (
        <span class="badge urgent" data-testid="order-urgent">
          {es.orders.urgent}
        </span>
      )}
    </div>
  );
}

export function OrderCard({ it }: { it: StopItem }) {
  const { stop, account: a, order: o } = it;
  const cancelled = orderCancelled(o, stop);
  const label = a?.holder_name ?? "Cuenta";
  const orderId = o?.id ?? stop.order_id ?? "";
  const href = `/orden/${encodeURIComponent(orderId)}?stop=${encodeURIComponent(stop.id)}`;
  return (
    <li
      class={`card order-card ${cancelled ? "is-cancelled" : stop.status === "done" ? "is-done" : ""}`}
      data-testid="stop-item"
      data-stop-id={stop.id}
      data-status={stop.status}
      data-order-id={orderId}
      data-order-status={o?.status ?? ""}
      data-action={o?.action ?? ""}
    >
      <div class="meta">
        {L.stop} {stop.position} · <span class={`pill ${stop.status}`} data-testid="stop-status">{L.stopStatus[stop.status as keyof typeof L.stopStatus] ?? stop.status}</span>{" "}
        {it.syncState && <StatePill state={it.syncState} testid="stop-sync-state" />}
      </div>
      <ActionHeading action={o?.action} urgent={!!o?.urgent} />
      {cancelled && <CancelledBanner text={cancelBannerText(o)} testid="order-cancelled-banner" />}
      <h3 class="holder">{label}</h3>
      <div>{addressLine(a)}</div>
      {a?.address?.references && <div class="meta">{L.references}: {a.address.references}</div>}
      <dl>
        <dt>{L.account}</dt>
        <dd data-testid="order-account">
          {a?.account_number ?? "—"} · {PROPERTY_CLASS_LABELS[a?.property_class ?? ""] ?? a?.property_class ?? ""}
        </dd>
        {o && (
          <>
            <dt>{L.order}</dt>
            <dd>
              {o.folio} · <span data-testid="order-status">{es.orders.status[o.status] ?? o.status}</span>
            </dd>
          </>
        )}
        <dt>{L.debt}</dt>
        <dd>
          <strong data-testid="order-debt">{money(a?.debt?.total ?? o?.debt_amount)}</strong>
        </dd>
        <dt>{L.monthsPastDue}</dt>
        <dd>{a?.months_past_due ?? o?.months_past_due ?? "—"}</dd>
      </dl>
      {it.visits.length > 0 && (
        <ul class="list" aria-label={L.todayRecords}>
          {it.visits.map((vv) => (
            <li key={vv.id} data-testid="stop-visit" data-visit-id={vv.id} data-state={vv.state}>
              {hhmm(vv.started_at)} · {es.orders.status[vv.outcome as "executed"] ?? vv.outcome} <StatePill state={vv.state} testid="visit-state" />
              {vv.codes.length > 0 && <span class="flag"> {vv.codes.map(flagLabel).join(", ")}</span>}
            </li>
          ))}
        </ul>
      )}
      <div class="actions">
        <button type="button" class="big" disabled={!canConfirm(o, stop)} onClick={() => navigate(`${href}&confirmar=1`)} data-testid="order-confirm">
          {confirmLabel(o)}
        </button>
        <a class="button secondary" href={`#${href}`} data-testid="order-open">
          {es.orders.open}
        </a>
        {a?.latitude != null && a?.longitude != null && (
          <a class="button secondary" href={geoLink(a.latitude, a.longitude, `${label} ${addressLine(a)}`)} data-testid="stop-open-maps">
            {L.openMaps}
          </a>
        )}
      </div>
    </li>
  );
}
