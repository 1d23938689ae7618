/**
 * The record of one order: executed (seal, meter reading, photos before and after; for an
 * inspection "¿Se encontró reconectada?") or not executed (a reason in big choices, the
 * receipt's number when the customer paid on the spot, a detail). GPS is asked at once and never
 * blocks saving; the start time is when the cutter confirmed. Saving is one mutation
 * (order.execute v1) written with its local effects in one IndexedDB transaction.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { distanceMeters } from "../../domain/geo";
import { buildOrderArgs, dataAgeSeconds, needsSeal, validateOrder, type OrderDraft, type OrderErrors } from "../../domain/order-rules";
import { hhmm } from "../../domain/time";
import { CUT_ACTIONS, NOT_EXECUTED_REASONS, type AccountRow, type NotExecutedReason, type OrderOutcome, type OrderRow } from "../../domain/types";
import { es } from "../../i18n/es";
import { executeOrder, orderDraftKey } from "../../mutations";
import { deleteDraftBlob } from "../../storage/blobs";
import { deleteDraft, putDraft } from "../../storage/drafts";
import { fieldDb, lastSyncAt } from "../../state/field";
import { say } from "../../state/flash";
import { navigate } from "../../state/router";
import { TextField } from "../../ui/components";
import { GPS_ERROR_LABELS, gpsFields, useGps } from "../visit/gps";
import { PhotoField } from "./PhotoField";

const t = es.orders.form;

export function OrderForm({ order, account, initial, onClose }: { order: OrderRow; account: AccountRow | undefined; initial: OrderDraft; onClose: () => void }) {
  const [draft, setDraft] = useState<OrderDraft>(initial);
  const [errors, setErrors] = useState<OrderErrors>({});
  const [gps, refreshGps] = useGps();
  const [busy, setBusy] = useState<string | null>(null);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const key = orderDraftKey(order.id);
  const action = order.action;
  const executed = draft.outcome === "executed";

  useEffect(() => {
    return () => {
      if (saveTimer.current) clearTimeout(saveTimer.current);
    };
  }, []);

  const update = (patch: Partial<OrderDraft> | ((d: OrderDraft) => Partial<OrderDraft>)) => {
    setDraft((d) => {
      const next = { ...d, ...(typeof patch === "function" ? patch(d) : patch) };
      if (saveTimer.current) clearTimeout(saveTimer.current);
      saveTimer.current = setTimeout(() => void putDraft(fieldDb(), key, "order", next), 300);
      return next;
    });
  };

  const distance = useMemo(() => {
    if (gps.kind !== "fix" || account?.latitude == null || account?.longitude == null) return null;
    return Math.round(distanceMeters({ lat: gps.fix.lat, lon: gps.fix.lon }, { lat: account.latitude, lon: account.longitude }));
  }, [gps, account?.latitude, account?.longitude]);

  const pickOutcome = (o: OrderOutcome) => {
    update({ outcome: o });
    setErrors({});
  };

  const save = async () => {
    const e = validateOrder(draft, action);
    setErrors(e);
    if (Object.keys(e).length) {
      requestAnimationFrame(() => (document.querySelector("[aria-invalid='true'], .field-error") as HTMLElement | null)?.scrollIntoView?.({ block: "center" }));
      return;
    }
    setBusy(t.saving);
    try {
      if (saveTimer.current) clearTimeout(saveTimer.current);
      const args = buildOrderArgs(draft, action, {
        ended_at: new Date().toISOString(),
        ...gpsFields(gps),
        data_age_s: dataAgeSeconds(lastSyncAt.value),
      });
      await executeOrder(fieldDb(), args, { account_id: order.account_id, order_status: order.status });
      say(t.saved);
      // A reconnection done: stay on the order, where the satisfaction survey is offered.
      if (action === "reconnect" && executed) onClose();
      else navigate("/ordenes");
    } catch (err) {
      setErrors({ save: es.orders.errors.save((err as Error).message) });
    } finally {
      setBusy(null);
    }
  };

  const discard = async () => {
    if (!confirm(es.orders.labels.discardConfirm)) return;
    if (saveTimer.current) clearTimeout(saveTimer.current);
    for (const sha of [...draft.photos_before, ...draft.photos_after]) await deleteDraftBlob(fieldDb(), sha);
    await deleteDraft(fieldDb(), key);
    onClose();
  };

  const photoProps = (which: "photos_before" | "photos_after") => ({
    shas: draft[which],
    onAdd: (added: string[]) => update((d) => ({ [which]: [...new Set([...d[which], ...added])] }) as Partial<OrderDraft>),
    onRemove: (sha: string) => update((d) => ({ [which]: d[which].filter((p) => p !== sha) }) as Partial<OrderDraft>),
    onBusy: setBusy,
    error: errors[which],
  });

  const errorList = Object.values(errors).filter(Boolean);
  const sealLabel = needsSeal(action, "executed") ? t.seal : t.sealOptional;

  return (
    <section class="order-form" aria-labelledby="order-form-title" data-testid="order-form" data-fact-id={draft.fact_id} data-outcome={draft.outcome ?? ""}>
      <h3 id="order-form-title">{executed ? t.executedTitle : t.notExecutedTitle}</h3>
      <p class="meta" data-testid="order-started">
        {t.started(hhmm(draft.started_at))}
      </p>
      <div class="tabs" role="group" aria-label="Resultado">
        <button type="button" aria-pressed={executed} onClick={() => pickOutcome("executed")} data-testid="order-outcome-executed">
          {es.orders.confirm[action]}
        </button>
        <button type="button" aria-pressed={draft.outcome === "not_executed"} onClick={() => pickOutcome("not_executed")} data-testid="order-outcome-not_executed">
          {es.orders.notExecuted}
        </button>
      </div>
      {errors.outcome && <p class="field-error">{errors.outcome}</p>}

      {executed && (
        <>
          {action === "inspect" && (
            <fieldset aria-invalid={errors.self_reconnection ? true : undefined}>
              <legend>{t.selfReconnection}</legend>
              <div class="outcomes">
                <button type="button" aria-pressed={draft.self_reconnection === true} onClick={() => update({ self_reconnection: true })} data-testid="order-self-reconnection-yes">
                  {t.yes}
                </button>
                <button type="button" aria-pressed={draft.self_reconnection === false} onClick={() => update({ self_reconnection: false })} data-testid="order-self-reconnection-no">
                  {t.no}
                </button>
              </div>
              {errors.self_reconnection && <p class="field-error">{errors.self_reconnection}</p>}
            </fieldset>
          )}
          {(CUT_ACTIONS.has(action) || action === "reconnect" || draft.seal_number) && (
            <TextField id="order-seal" label={sealLabel} value={draft.seal_number} onInput={(x) => update({ seal_number: x })} error={errors.seal_number} testid="order-seal" />
          )}
          <TextField id="order-meter" type="text" inputMode="numeric" label={t.meter} value={draft.meter_reading} onInput={(x) => update({ meter_reading: x.replace(/\s/g, "") })} error={errors.meter_reading} testid="order-meter" />
          <PhotoField id="order-photo-before" legend={t.photosBefore} testid="order-photos-before" {...photoProps("photos_before")} />
          <PhotoField id="order-photo-after" legend={t.photosAfter} testid="order-photos-after" {...photoProps("photos_after")} />
        </>
      )}

      {draft.outcome === "not_executed" && (
        <>
          <fieldset aria-invalid={errors.reason ? true : undefined}>
            <legend>{t.reason}</legend>
            <div class="choices" role="radiogroup" aria-label={t.reason}>
              {NOT_EXECUTED_REASONS.map((r) => (
                <label class={`choice ${draft.reason === r ? "is-on" : ""}`} key={r} for={`reason-${r}`}>
                  <input id={`reason-${r}`} type="radio" name="order-reason" value={r} checked={draft.reason === r} onChange={() => update({ reason: r as NotExecutedReason })} data-testid={`order-reason-${r}`} />
                  <span>{es.orders.reasons[r]}</span>
                </label>
              ))}
            </div>
            {errors.reason && <p class="field-error">{errors.reason}</p>}
          </fieldset>
          {draft.reason === "paid_on_spot" && (
            <TextField id="order-receipt" label={t.receipt} value={draft.receipt_number} onInput={(x) => update({ receipt_number: x })} error={errors.receipt_number} testid="order-receipt" />
          )}
          <TextField
            id="order-reason-detail"
            label={draft.reason === "other" ? t.detail : t.detailOptional}
            value={draft.reason_detail}
            onInput={(x) => update({ reason_detail: x })}
            error={errors.reason_detail}
            testid="order-reason-detail"
            multiline
          />
          <PhotoField id="order-photo-before" legend={es.orders.labels.photos} testid="order-photos-before" {...photoProps("photos_before")} />
        </>
      )}

      <TextField id="order-notes" label={t.notes} value={draft.notes} onInput={(x) => update({ notes: x })} error={errors.notes} testid="order-notes" multiline />

      <p class="hint" data-testid="order-gps-status" data-state={gps.kind}>
        {t.gps}{" "}
        {gps.kind === "searching" ? t.gpsSearching : gps.kind === "fix" ? t.gpsFix(Math.round(gps.fix.accuracy_m), distance) : t.gpsError(GPS_ERROR_LABELS[gps.error])}
        {gps.kind === "error" && (
          <button type="button" class="link" onClick={() => void refreshGps()}>
            {t.retry}
          </button>
        )}
      </p>

      {errorList.length > 0 && (
        <div class="banner bad" role="alert" data-testid="order-errors">
          <p>
            {t.missing} {errorList.join(" ")}
          </p>
        </div>
      )}
      <div class="sticky-save actions">
        <button type="button" class="big" onClick={() => void save()} disabled={!!busy} data-testid="order-save">
          {busy ?? t.save}
        </button>
        <button type="button" class="secondary" onClick={() => void discard()} data-testid="order-discard">
          {t.discard}
        </button>
      </div>
    </section>
  );
}
