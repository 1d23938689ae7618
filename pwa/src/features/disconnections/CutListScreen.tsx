/** A cut list (office): its totals, PDF and Excel, its orders with their status and flags; the manager cancels an open order with a reason. */
import { useState } from "preact/hooks";
import type { ApiError } from "../../api/errors";
import { flagLabel, PROPERTY_CLASS_LABELS } from "../../domain/outcomes";
import { dateTime, money } from "../../domain/time";
import { ORDER_ACTIONS, type OrderStatus } from "../../domain/types";
import { es } from "../../i18n/es";
import { isManager } from "../../state/session";
import { Banner, Spinner } from "../../ui/components";
import { CancelReason } from "../../ui/cancel-reason";
import { useLoad } from "../../ui/use-load";
import { cancelOrder, getCutList, listOrders, type OfficeOrder } from "./api";
import { CutListFiles, statusLine } from "./CutsScreen";

const OPEN: ReadonlySet<OrderStatus> = new Set(["issued", "assigned"]);

export default function CutListScreen({ id }: { id: string }) {
  const list = useLoad(() => getCutList(id), [id]);
  const [status, setStatus] = useState("");
  const [action, setAction] = useState("");
  const orders = useLoad(() => listOrders({ cut_list_id: id, status: status || undefined, action: action || undefined }), [id, status, action]);
  const [message, setMessage] = useState<{ kind: "info" | "bad"; text: string } | null>(null);
  const l = list.data;

  const onCancelled = (o: OfficeOrder) => {
    setMessage({ kind: "info", text: `Orden ${o.folio} cancelada. El teléfono del cortador recibe el aviso al momento.` });
    orders.reload();
    list.reload();
  };

  return (
    <section aria-labelledby="cut-list-title" data-testid="cut-list-detail" data-cut-list-id={id}>
      <p>
        <a href="#/cortes?tab=listas">← Listas de corte</a>
      </p>
      {list.busy && !l && <Spinner />}
      {list.error && <p class="error">{list.error}</p>}
      {l && (
        <>
          <h2 id="cut-list-title">
            {l.folio} · {l.name}
          </h2>
          <p class="meta">
            {l.order_count} órdenes · {money(l.total_debt)}
            {l.created_at && <> · creada {dateTime(l.created_at)}</>}
            {l.orders_by_status && <> · {statusLine(l.orders_by_status)}</>}
          </p>
          <div class="actions">
            <CutListFiles list={l} />
            {isManager.value && (
              <a class="button secondary" href={`#/cortes?tab=rutas&lista=${l.id}`} data-testid="cut-list-plan">
                Planear rutas
              </a>
            )}
          </div>
        </>
      )}
      {message && (
        <Banner kind={message.kind} testid="cut-list-message">
          <p>{message.text}</p>
        </Banner>
      )}
      <div class="grid2">
        <div>
          <label for="cut-orders-status">Estado</label>
          <select id="cut-orders-status" value={status} onChange={(e) => setStatus((e.currentTarget as HTMLSelectElement).value)} data-testid="cut-orders-status">
            <option value="">Todos</option>
            {Object.entries(es.orders.status).map(([k, label]) => (
              <option value={k} key={k}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="cut-orders-action">Acción</label>
          <select id="cut-orders-action" value={action} onChange={(e) => setAction((e.currentTarget as HTMLSelectElement).value)} data-testid="cut-orders-action">
            <option value="">Todas</option>
            {ORDER_ACTIONS.map((a) => (
              <option value={a} key={a}>
                {es.orders.actionName[a]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {orders.busy && !orders.data && <Spinner />}
      {orders.error && <p class="error">{orders.error}</p>}
      {orders.data && orders.data.items.length === 0 && <p data-testid="cut-orders-empty">Ninguna orden coincide.</p>}
      {orders.data && orders.data.items.length > 0 && (
        <>
          <p class="hint">
            {orders.data.items.length} de {orders.data.total} órdenes
          </p>
          <ol class="list" data-testid="cut-orders">
            {orders.data.items.map((o) => (
              <OrderItem key={o.id} o={o} onCancelled={onCancelled} onError={(text) => setMessage({ kind: "bad", text })} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function OrderItem({ o, onCancelled, onError }: { o: OfficeOrder; onCancelled: (o: OfficeOrder) => void; onError: (text: string) => void }) {
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const severe = o.status === "executed_after_cancellation";
  const cancel = async () => {
    setBusy(true);
    try {
      await cancelOrder(o.id, reason.trim());
      setCancelling(false);
      onCancelled(o);
    } catch (e) {
      onError((e as ApiError).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li class={`card ${o.status === "cancelled" ? "is-cancelled" : o.status === "executed" ? "is-done" : ""} ${severe ? "severe" : ""}`} data-testid="cut-order" data-order-id={o.id} data-status={o.status}>
      <div class="meta">
        {o.folio} · <strong>{es.orders.actionName[o.action] ?? o.action}</strong> · <span class={`pill ${severe ? "observado" : ""}`}>{es.orders.status[o.status] ?? o.status}</span>
        {o.urgent && <span class="badge urgent"> {es.orders.urgent}</span>}
      </div>
      <strong class="holder">{o.holder_name}</strong> · {o.account_number} · {PROPERTY_CLASS_LABELS[o.property_class] ?? o.property_class}
      <div>
        {o.address}, {o.neighborhood}
      </div>
      <div class="meta">
        Adeudo {money(o.debt_amount)} · {o.months_past_due} meses · emitida {o.issued_on}
        {o.cancel_reason && <> · cancelada: {es.orders.cancelledBecause[o.cancel_reason as keyof typeof es.orders.cancelledBecause] ?? o.cancel_reason}</>}
        {o.executed_at && <> · ejecutada {dateTime(o.executed_at)}</>}
        {o.not_executed_reason && <> · {es.orders.reasons[o.not_executed_reason as keyof typeof es.orders.reasons] ?? o.not_executed_reason}</>}
      </div>
      {o.flags.length > 0 && (
        <p class="flag" data-testid="cut-order-flags">
          {o.flags.map(flagLabel).join(" · ")}
        </p>
      )}
      {isManager.value && OPEN.has(o.status) && (
        <div class="actions">
          {!cancelling ? (
            <button type="button" class="danger" onClick={() => setCancelling(true)} data-testid="order-cancel">
              Cancelar orden
            </button>
          ) : (
            <>
              <CancelReason id={`cancel-${o.id}`} testid="order-cancel" reason={reason} onReason={setReason} busy={busy} busyLabel="Cancelando…" onConfirm={() => void cancel()} />
              <button type="button" class="secondary" onClick={() => setCancelling(false)} disabled={busy}>
                No cancelar
              </button>
            </>
          )}
        </div>
      )}
    </li>
  );
}
