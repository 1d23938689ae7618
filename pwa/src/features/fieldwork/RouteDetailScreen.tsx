/** A route (office): its stops; reassign a stop, cancel a stop, assign the route, print the sheet. */
import { useState } from "preact/hooks";
import type { ApiError } from "../../api/errors";
import { NOTICE_STATUS_LABELS } from "../../domain/outcomes";
import { money } from "../../domain/time";
import { es } from "../../i18n/es";
import { canWriteOffice } from "../../state/session";
import { Banner, Spinner } from "../../ui/components";
import { CancelReason } from "../../ui/cancel-reason";
import { useLoad } from "../../ui/use-load";
import { assignRoute, cancelStop, getRoute, listRoutes, listNotifiers, objectUrl, reassignStop, type OfficeStop } from "./api";
import { doneOfTotal, ROUTE_STATUS_LABELS, STOP_STATUS_LABELS } from "./labels";

const ORDER_TEXT = es.orders;

export default function RouteDetailScreen({ id }: { id: string }) {
  const route = useLoad(() => getRoute(id), [id]);
  const r = route.data;
  const siblings = useLoad(() => (r ? listRoutes({ work_date: r.work_date }) : Promise.resolve([])), [r?.work_date]);
  const users = useLoad(() => (canWriteOffice.value ? listNotifiers() : Promise.resolve([])), []);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: "info" | "bad"; text: string } | null>(null);

  const act = async (label: string, fn: () => Promise<unknown>, ok: string) => {
    setBusy(label);
    setMessage(null);
    try {
      await fn();
      setMessage({ kind: "info", text: ok });
      route.reload();
    } catch (e) {
      setMessage({ kind: "bad", text: (e as ApiError).message });
    } finally {
      setBusy(null);
    }
  };

  const openSheet = async () => {
    setBusy("sheet");
    try {
      const url = await objectUrl(`/api/v1/fieldwork/routes/${id}/sheet.pdf`);
      const a = document.createElement("a");
      a.href = url;
      a.target = "_blank";
      a.rel = "noopener";
      a.download = `hoja-de-ruta-${r?.name ?? id}.pdf`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    } catch (e) {
      setMessage({ kind: "bad", text: (e as Error).message });
    } finally {
      setBusy(null);
    }
  };

  if (route.busy && !r) return <Spinner />;
  if (route.error) return <p class="error">{route.error}</p>;
  if (!r) return null;
  const others = (siblings.data ?? []).filter((x) => x.id !== r.id && x.status !== "cancelled");
  const notifiers = users.data ?? [];

  return (
    <section aria-labelledby="route-detail-title" data-testid="route-detail" data-route-id={r.id}>
      <p>
        <a href="#/rutas">← Rutas</a>
      </p>
      <h2 id="route-detail-title">{r.name}</h2>
      <p class="meta">
        {r.work_date} · {r.worker_name ?? "Sin notificador"} · {r.zone ?? ""} · {ROUTE_STATUS_LABELS[r.status] ?? r.status} · hechas {doneOfTotal(r.progress)}
      </p>
      <div class="actions">
        <button type="button" class="secondary" onClick={() => void openSheet()} disabled={busy === "sheet"} data-testid="route-sheet">
          {busy === "sheet" ? <Spinner label="Generando PDF…" /> : "Hoja de ruta (PDF)"}
        </button>
        {canWriteOffice.value && notifiers.length > 0 && (
          <>
            <label class="visually-hidden" for="assign-worker">
              Asignar a
            </label>
            <select
              id="assign-worker"
              data-testid="route-assign"
              value={r.worker_id ?? ""}
              onChange={(e) => {
                const w = (e.currentTarget as HTMLSelectElement).value;
                if (w && w !== r.worker_id) void act("assign", () => assignRoute(r.id, w), "Ruta asignada.");
              }}
              style={{ width: "auto" }}
            >
              <option value="">— asignar a —</option>
              {notifiers.map((u) => (
                <option value={u.id} key={u.id}>
                  {u.full_name}
                </option>
              ))}
            </select>
          </>
        )}
      </div>
      {busy && busy !== "sheet" && <Spinner label="Guardando…" />}
      {message && (
        <Banner kind={message.kind} testid="route-message">
          <p>{message.text}</p>
        </Banner>
      )}
      <ol class="list" data-testid="route-stops">
        {r.stops.map((s) => (
          <StopRow key={s.id} s={s} others={others} busy={busy !== null} act={act} />
        ))}
      </ol>
    </section>
  );
}

function StopRow({ s, others, busy, act }: { s: OfficeStop; others: { id: string; name: string; worker_name: string | null }[]; busy: boolean; act: (l: string, fn: () => Promise<unknown>, ok: string) => Promise<void> }) {
  const [target, setTarget] = useState("");
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState("");
  const pending = s.status === "pending";
  return (
    <li class={`card ${s.status === "cancelled" ? "is-cancelled" : s.status === "done" ? "is-done" : ""}`} data-testid="route-stop" data-stop-id={s.id} data-status={s.status}>
      <div class="meta">
        {s.position}. <span class={`pill ${s.status}`}>{STOP_STATUS_LABELS[s.status] ?? s.status}</span> {s.folio ?? ""} {s.notice_status ? `· ${NOTICE_STATUS_LABELS[s.notice_status] ?? s.notice_status}` : ""}
        {s.action ? (
          <span data-testid="route-stop-action" data-action={s.action}>
            {` · ${ORDER_TEXT.actionName[s.action as keyof typeof ORDER_TEXT.actionName] ?? s.action}`}
            {s.order_status ? ` (${ORDER_TEXT.status[s.order_status as keyof typeof ORDER_TEXT.status] ?? s.order_status})` : ""}
          </span>
        ) : null}
      </div>
      <strong class="holder">{s.holder_name}</strong> · {s.account_number}
      <div>
        {s.address}, {s.neighborhood}
      </div>
      <div class="meta">
        Adeudo {money(s.debt_amount)} · {s.months_past_due ?? "—"} meses {s.cancel_reason ? `· Cancelada: ${s.cancel_reason}` : ""}
      </div>
      {canWriteOffice.value && pending && (
        <div class="actions">
          <label class="visually-hidden" for={`re-${s.id}`}>
            Pasar a otra ruta
          </label>
          <select id={`re-${s.id}`} value={target} onChange={(e) => setTarget((e.currentTarget as HTMLSelectElement).value)} data-testid="stop-reassign-select" style={{ width: "auto" }}>
            <option value="">— pasar a otra ruta —</option>
            {others.map((o) => (
              <option value={o.id} key={o.id}>
                {o.name} ({o.worker_name ?? "sin notificador"})
              </option>
            ))}
          </select>
          <button type="button" class="secondary" disabled={!target || busy} onClick={() => void act("reassign", () => reassignStop(s.id, target), "Parada reasignada.")} data-testid="stop-reassign">
            Reasignar
          </button>
          {!cancelling ? (
            <button type="button" class="danger" disabled={busy} onClick={() => setCancelling(true)} data-testid="stop-cancel">
              Cancelar parada
            </button>
          ) : (
            <>
              <CancelReason id={`reason-${s.id}`} testid="stop-cancel" reason={reason} onReason={setReason} busy={busy} onConfirm={() => void act("cancel", () => cancelStop(s.id, reason.trim()), "Parada cancelada.")} />
            </>
          )}
        </div>
      )}
    </li>
  );
}
