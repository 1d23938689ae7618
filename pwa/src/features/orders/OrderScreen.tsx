/**
 * One order (`#/orden/<order id>?stop=<stop id>`, where a push about it opens): the action in
 * big words, the account, "Confirmar corte" and "No se ejecutó". Before a cut (restriction or
 * disconnection) is confirmed the app tries a quick pull, bounded to ~2.5 s and never blocking
 * offline, then says how old its data is; a cancelled order shows "NO CORTAR — pagó" and its
 * confirm button stays disabled.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { geoLink } from "../../domain/geo";
import { uuid } from "../../domain/ids";
import { dataAgeSeconds, isCut, newOrderDraft, type OrderDraft } from "../../domain/order-rules";
import { flagLabel, OUTCOME_LABELS, PROPERTY_CLASS_LABELS } from "../../domain/outcomes";
import { ago, dateTime, hhmm, money } from "../../domain/time";
import type { Outcome, OrderOutcome } from "../../domain/types";
import { es } from "../../i18n/es";
import { orderDraftKey } from "../../mutations";
import { getDraft, putDraft } from "../../storage/drafts";
import { fieldDb, freshenData, lastSyncAt, view } from "../../state/field";
import { navigate, route } from "../../state/router";
import type { Freshness } from "../../sync/quick-pull";
import { Banner, StatePill } from "../../ui/components";
import { agreementHref } from "../agreements/links";
import { DebtByService } from "../route/DebtByService";
import { addressLine } from "../route/stops";
import { SurveyLauncher } from "../surveys/SurveyLauncher";
import { ActionHeading, CancelledBanner } from "./OrderCard";
import { OrderForm } from "./OrderForm";
import { canConfirm, cancelBannerText, confirmLabel, orderCancelled } from "./order-view";

type Check = { state: "checking" } | { state: "done"; f: Freshness };

const L = es.orders.labels;

/** "Datos de hace 3 min" / "Sin conexión: datos de hace 2 h", from the last complete pull. */
export function dataAgeText(check: Check, lastSync: string | null, now = Date.now()): string {
  const d = es.orders.dataAge;
  if (check.state === "checking") return d.checking;
  const online = check.f === "fresh" || check.f === "other_tab";
  if (!lastSync) return online ? d.never : d.offlineNever;
  const age = ago(lastSync, now);
  if (check.f === "fresh") return d.fresh(age);
  if (check.f === "other_tab") return d.otherTab(age);
  return d.offline(age);
}

export function OrderScreen({ orderId, freshen = freshenData }: { orderId: string; freshen?: () => Promise<Freshness> }) {
  const v = view.value;
  const stopParam = route.value.query.get("stop");
  const confirmAsked = route.value.query.get("confirmar") === "1";
  const [check, setCheck] = useState<Check>({ state: "checking" });
  const [confirming, setConfirming] = useState(false);
  const [draft, setDraft] = useState<OrderDraft | null>(null);
  const [, tick] = useState(0);
  const alive = useRef(true);
  const key = orderDraftKey(orderId);

  // Read the latest local state (a pull may have changed it while we waited).
  const current = () => {
    const vv = view.value;
    const order = vv?.orders.get(orderId);
    // The stop named in the link, if it is this order's; else the order's stop on the device.
    const named = stopParam ? vv?.stops.find((s) => s.id === stopParam && (!s.order_id || s.order_id === orderId)) : undefined;
    const stop = named ?? vv?.stops.find((s) => s.order_id === orderId);
    return { order, stop };
  };

  const runCheck = async (): Promise<void> => {
    setCheck({ state: "checking" });
    const f = await freshen();
    if (alive.current) setCheck({ state: "done", f });
  };

  const openForm = async (outcome: OrderOutcome) => {
    const { stop } = current();
    // No stop on the device: null, and the server finds the cutter's stop of the order.
    const d = newOrderDraft({ order_id: orderId, stop_id: stop?.id ?? null, fact_id: uuid(), now: new Date().toISOString(), outcome, data_age_s: dataAgeSeconds(lastSyncAt.value) });
    await putDraft(fieldDb(), key, "order", d);
    if (alive.current) setDraft(d);
  };

  const startConfirm = async () => {
    const before = current();
    if (!canConfirm(before.order, before.stop)) return;
    if (isCut(before.order?.action)) {
      setConfirming(true);
      await runCheck();
      if (!alive.current) return;
      setConfirming(false);
      const after = current();
      if (!canConfirm(after.order, after.stop)) return; // cancelled meanwhile: the banner shows, the button stays disabled
    }
    await openForm("executed");
  };

  const ready = !!v;
  useEffect(() => {
    alive.current = true;
    if (!ready) return;
    void (async () => {
      const d = await getDraft<OrderDraft>(fieldDb(), key);
      if (!alive.current) return;
      if (d) {
        setDraft(d);
        void runCheck();
      } else if (confirmAsked) {
        // Once: a reload or "back" must not confirm again by itself.
        navigate(`/orden/${encodeURIComponent(orderId)}${stopParam ? `?stop=${encodeURIComponent(stopParam)}` : ""}`, true);
        void startConfirm();
      } else void runCheck();
    })();
    const h = setInterval(() => tick((x) => x + 1), 30000);
    return () => {
      alive.current = false;
      clearInterval(h);
    };
  }, [orderId, ready]);

  if (!v) return <p>{L.opening}</p>;
  const { order, stop } = current();
  const account = v.accounts.get(order?.account_id ?? stop?.account_id ?? "");
  if (!order)
    return (
      <section aria-labelledby="order-title">
        <h2 id="order-title">Orden</h2>
        <Banner kind="bad" testid="order-missing">
          <p>{es.orders.missing}</p>
        </Banner>
        <a class="button secondary" href="#/ordenes">
          {es.orders.form.back}
        </a>
      </section>
    );

  const cancelled = orderCancelled(order, stop);
  const confirmable = canConfirm(order, stop);
  const visits = v.visits.filter((x) => x.order_id === order.id);
  const label = account?.holder_name ?? "Cuenta";
  const ageText = dataAgeText(check, lastSyncAt.value);
  const ageState = check.state === "checking" ? "checking" : check.f === "fresh" || check.f === "other_tab" ? "fresh" : "offline";

  return (
    <section aria-labelledby="order-title" data-testid="order-screen" data-order-id={order.id} data-order-status={order.status} data-action={order.action}>
      <h2 id="order-title" class="visually-hidden">
        Orden {order.folio}
      </h2>
      <div class={`card order-card ${cancelled ? "is-cancelled" : ""}`}>
        <ActionHeading action={order.action} urgent={order.urgent} />
        {cancelled && <CancelledBanner text={cancelBannerText(order)} testid="order-cancelled-banner" />}
        <h3 class="holder">{label}</h3>
        <div>{addressLine(account)}</div>
        {account?.address?.references && <div class="meta">{L.references}: {account.address.references}</div>}
        <dl>
          <dt>{L.account}</dt>
          <dd data-testid="order-account">
            {account?.account_number ?? "—"} · {PROPERTY_CLASS_LABELS[account?.property_class ?? ""] ?? account?.property_class ?? ""}
          </dd>
          <dt>{L.order}</dt>
          <dd>
            {order.folio} · <span data-testid="order-status">{es.orders.status[order.status] ?? order.status}</span>
            {order.action === "reconnect" && <> · {order.charge_fee ? es.orders.reconnectFee : es.orders.reconnectNoFee}</>}
          </dd>
          <dt>{L.debt}</dt>
          <dd>
            <strong data-testid="order-debt">{money(account?.debt?.total ?? order.debt_amount)}</strong>
            <DebtByService debt={account?.debt} />
          </dd>
          <dt>{L.monthsPastDue}</dt>
          <dd>{account?.months_past_due ?? order.months_past_due}</dd>
          {account?.meter_serial && (
            <>
              <dt>{L.meter}</dt>
              <dd>{account.meter_serial}</dd>
            </>
          )}
          {account?.last_visits?.length ? (
            <>
              <dt>{L.previousVisits}</dt>
              <dd>
                {account.last_visits.map((lv, i) => (
                  <div key={i}>
                    {dateTime(lv.started_at)} · {OUTCOME_LABELS[lv.outcome as Outcome] ?? es.orders.status[lv.outcome as OrderOutcome] ?? lv.outcome} · {lv.worker_name}
                  </div>
                ))}
              </dd>
            </>
          ) : null}
        </dl>
        {order.not_before && <p class="hint">{es.orders.notBefore(order.not_before)}</p>}
        {account?.latitude != null && account?.longitude != null && (
          <a class="button secondary" href={geoLink(account.latitude, account.longitude, `${label} ${addressLine(account)}`)} data-testid="stop-open-maps">
            {L.openMaps}
          </a>
        )}
      </div>

      {visits.length > 0 && (
        <ul class="list" aria-label={L.orderRecords}>
          {visits.map((vv) => (
            <li key={vv.id} class="card" data-testid="order-visit" data-visit-id={vv.id} data-state={vv.state}>
              {hhmm(vv.started_at)} · {es.orders.status[vv.outcome as OrderOutcome] ?? vv.outcome} <StatePill state={vv.state} testid="visit-state" />
              {vv.codes.length > 0 && <span class="flag"> {vv.codes.map(flagLabel).join(", ")}</span>}
            </li>
          ))}
        </ul>
      )}

      <p class={`data-age ${ageState}`} role="status" aria-live="polite" data-testid="order-data-age" data-state={ageState} data-age-s={dataAgeSeconds(lastSyncAt.value) ?? ""}>
        {ageText}
      </p>

      {draft ? (
        <OrderForm key={draft.fact_id} order={order} account={account} initial={draft} onClose={() => setDraft(null)} />
      ) : (
        <div class="actions order-actions">
          {order.status === "executed" && <p class="hint">{es.orders.alreadyExecuted}</p>}
          {order.action === "reconnect" && order.status === "executed" && <SurveyLauncher accountId={order.account_id} stopId={stop?.id ?? null} trigger="reconnection" />}
          <button type="button" class="big confirm" onClick={() => void startConfirm()} disabled={!confirmable || confirming} aria-busy={confirming} data-testid="confirm-cut" data-action={order.action}>
            {confirming ? (
              <>
                <span class="spinner" aria-hidden="true" /> {es.orders.checking}
              </>
            ) : (
              confirmLabel(order)
            )}
          </button>
          <button type="button" class="big secondary" onClick={() => void openForm("not_executed")} disabled={!confirmable || confirming} data-testid="order-not-executed">
            {es.orders.notExecuted}
          </button>
          {account && (
            <a class="button secondary" href={agreementHref(account.id, stop?.id ?? null, `/orden/${order.id}${stop ? `?stop=${stop.id}` : ""}`)} data-testid="make-agreement">
              {es.agreements.make}
            </a>
          )}
          <a class="button secondary" href="#/ordenes">
            {es.orders.form.back}
          </a>
        </div>
      )}
    </section>
  );
}
