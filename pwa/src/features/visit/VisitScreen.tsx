/**
 * "Registrar visita": the legal service record of a notice. Start time is set when the form
 * opens, end time on save; GPS is asked at once and never blocks saving. Saving is one
 * mutation (visit.record v2) written with its local effects in one IndexedDB transaction.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { distanceMeters } from "../../domain/geo";
import { uuid } from "../../domain/ids";
import { ADDRESS_CHECK_LABELS, NOTICE_KIND_LABELS, OUTCOME_LABELS, PROPOSABLE_FIELD_LABELS } from "../../domain/outcomes";
import { hhmm, localDate, money } from "../../domain/time";
import { ADDRESS_CHECKS, OUTCOMES, type AddressCheck, type Outcome, type ProposableField } from "../../domain/types";
import { buildVisitArgs, fieldsFor, newDraft, validateVisit, type DraftErrors, type VisitDraft } from "../../domain/visit-rules";
import { recordVisit, visitDraftKey } from "../../mutations";
import { deleteDraftBlob, putBlob } from "../../storage/blobs";
import { deleteDraft, getDraft, putDraft } from "../../storage/drafts";
import { fieldDb, view } from "../../state/field";
import { say } from "../../state/flash";
import { navigate, route } from "../../state/router";
import { Banner, Check, StatePill, TextField } from "../../ui/components";
import { agreementHref } from "../agreements/links";
import { PhotoField } from "../orders/PhotoField";
import { es } from "../../i18n/es";
import { addressLine } from "../route/stops";
import { SurveyLauncher } from "../surveys/SurveyLauncher";
import { GPS_ERROR_LABELS, gpsFields, useGps } from "./gps";
import { canvasPng } from "./photo";
import { ProposeChange } from "./ProposeChange";
import { SignatureField, type SignatureHandle } from "./SignatureField";

const RELATIONSHIPS = ["Titular", "Cónyuge", "Hijo(a)", "Padre o madre", "Otro familiar", "Inquilino(a)", "Empleado(a)", "Encargado(a)", "Vecino(a)"];

export function VisitScreen({ noticeId }: { noticeId: string }) {
  const v = view.value;
  const stopId = route.value.query.get("stop");
  const notice = v?.notices.get(noticeId);
  const account = notice ? v?.accounts.get(notice.account_id) : undefined;
  const [draft, setDraft] = useState<VisitDraft | null>(null);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [gps, refreshGps] = useGps();
  const [hasInk, setHasInk] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [showPropose, setShowPropose] = useState(false);
  const sig = useRef<SignatureHandle | null>(null);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const key = visitDraftKey(noticeId);

  // Open (or resume) the draft; the start time is when the form first opened.
  useEffect(() => {
    let alive = true;
    void (async () => {
      const db = fieldDb();
      let d = await getDraft<VisitDraft>(db, key);
      if (!d) {
        d = newDraft({ notice_id: noticeId, stop_id: stopId, visit_id: uuid(), now: new Date().toISOString(), holder: account?.holder_name ?? "" });
        await putDraft(db, key, "visit", d);
      }
      if (alive) setDraft(d);
    })();
    return () => {
      alive = false;
    };
  }, [noticeId]);

  const update = (patch: Partial<VisitDraft> | ((d: VisitDraft) => Partial<VisitDraft>)) => {
    setDraft((d) => {
      if (!d) return d;
      const next = { ...d, ...(typeof patch === "function" ? patch(d) : patch) };
      if (saveTimer.current) clearTimeout(saveTimer.current);
      saveTimer.current = setTimeout(() => void putDraft(fieldDb(), key, "visit", next), 300);
      return next;
    });
  };

  const distance = useMemo(() => {
    if (gps.kind !== "fix" || account?.latitude == null || account?.longitude == null) return null;
    return Math.round(distanceMeters({ lat: gps.fix.lat, lon: gps.fix.lon }, { lat: account.latitude, lon: account.longitude }));
  }, [gps, account?.latitude, account?.longitude]);

  if (!v || !draft) return <p>Abriendo…</p>;
  if (!notice) return <Banner kind="bad">No se encontró el aviso en el teléfono. Sincronice e intente de nuevo.</Banner>;

  const f = fieldsFor(draft.outcome);

  const pickOutcome = (o: Outcome) => {
    const patch: Partial<VisitDraft> = { outcome: o };
    if (o === "delivered_holder" && !draft.attended_name) patch.attended_name = account?.holder_name ?? "";
    if (o === "delivered_holder" && !draft.attended_relationship) patch.attended_relationship = "Titular";
    if (o === "delivered_other" && draft.attended_relationship === "Titular") {
      patch.attended_relationship = "";
      patch.attended_name = "";
    }
    if (o === "citatorio_left" && !draft.citatorio_date) patch.citatorio_date = localDate(new Date(), 1);
    if (o === "refused") patch.copy_delivered = false;
    update(patch);
    setErrors({});
  };

  const toggleCheck = (c: AddressCheck, on: boolean) => {
    update({ address_verification: on ? [...new Set([...draft.address_verification, c])] : draft.address_verification.filter((x) => x !== c) });
  };

  const save = async () => {
    // Ask the pad itself: a tap on "Guardar" right after the last stroke can come before
    // the re-render that carries `hasInk`.
    const ink = sig.current ? !sig.current.isEmpty() : hasInk;
    const e = validateVisit(draft, ink);
    setErrors(e);
    if (Object.keys(e).length) {
      requestAnimationFrame(() => (document.querySelector("[aria-invalid='true'], .field-error") as HTMLElement | null)?.scrollIntoView({ block: "center" }));
      return;
    }
    setBusy("Guardando…");
    try {
      let signature: string | null = null;
      const canvas = sig.current?.canvas();
      if (f.signature && canvas && sig.current && !sig.current.isEmpty() && !draft.signature_refused) {
        const png = await canvasPng(canvas);
        await putBlob(fieldDb(), { sha256: png.sha256, type: png.type, size: png.bytes.byteLength, kind: "signature", bytes: png.bytes });
        signature = png.sha256;
      }
      if (saveTimer.current) clearTimeout(saveTimer.current);
      const args = buildVisitArgs(draft, {
        ended_at: new Date().toISOString(),
        ...gpsFields(gps),
        signature,
      });
      await recordVisit(fieldDb(), args, { account_id: notice.account_id });
      say("Visita guardada en el teléfono. Se enviará al sincronizar.");
      navigate("/ruta");
    } catch (err) {
      setErrors({ save: `No se pudo guardar: ${(err as Error).message}` });
    } finally {
      setBusy(null);
    }
  };

  const discard = async () => {
    if (!confirm("¿Descartar esta visita? Se borrarán sus fotos.")) return;
    if (saveTimer.current) clearTimeout(saveTimer.current);
    for (const sha of draft.photos) await deleteDraftBlob(fieldDb(), sha);
    await deleteDraft(fieldDb(), key);
    navigate("/ruta");
  };

  const errorList = Object.values(errors).filter(Boolean);

  return (
    <section aria-labelledby="visit-title" data-testid="visit-form" data-visit-id={draft.visit_id}>
      <h2 id="visit-title">Registrar visita</h2>
      <div class="card">
        <strong>{account?.holder_name}</strong>
        <div>{addressLine(account)}</div>
        <div class="meta">
          {notice.folio} · {NOTICE_KIND_LABELS[notice.kind] ?? notice.kind} · adeudo {money(notice.debt_amount)} · {notice.months_past_due} meses
        </div>
        <div class="meta" data-testid="visit-started">
          Inicio: {hhmm(draft.started_at)}
        </div>
        {account && (
          <div class="actions">
            <a class="button secondary" href={agreementHref(account.id, stopId, `/visita/${noticeId}${stopId ? `?stop=${stopId}` : ""}`)} data-testid="make-agreement">
              {es.agreements.make}
            </a>
          </div>
        )}
        {account && <SurveyLauncher accountId={account.id} stopId={stopId} trigger="route" />}
      </div>

      <fieldset>
        <legend>Resultado</legend>
        <div class="outcomes" role="group" aria-label="Resultado de la visita">
          {OUTCOMES.map((o) => (
            <button type="button" key={o} aria-pressed={draft.outcome === o} onClick={() => pickOutcome(o)} data-testid={`visit-outcome-${o}`}>
              {OUTCOME_LABELS[o]}
            </button>
          ))}
        </div>
        {errors.outcome && <p class="field-error">{errors.outcome}</p>}
      </fieldset>

      {draft.outcome && (
        <>
          <fieldset aria-invalid={errors.address_verification ? true : undefined}>
            <legend>¿Cómo verificó el domicilio? (al menos una)</legend>
            {ADDRESS_CHECKS.map((c) => (
              <Check key={c} id={`verify-${c}`} label={ADDRESS_CHECK_LABELS[c]} checked={draft.address_verification.includes(c)} onChange={(on) => toggleCheck(c, on)} testid={`visit-verify-${c}`} />
            ))}
            {errors.address_verification && <p class="field-error">{errors.address_verification}</p>}
          </fieldset>

          <TextField id="asked-for" label="¿Por quién preguntó?" value={draft.asked_for} onInput={(x) => update({ asked_for: x })} error={errors.asked_for} testid="visit-asked-for" />

          {f.person && (
            <fieldset>
              <legend>{draft.outcome === "citatorio_left" ? "¿Quién recibió el citatorio?" : "¿Quién recibió?"}</legend>
              <TextField id="attended-name" label="Nombre" value={draft.attended_name} onInput={(x) => update({ attended_name: x })} error={errors.attended_name} testid="visit-attended-name" />
              <label for="attended-rel">Parentesco o relación con el titular</label>
              <input
                id="attended-rel"
                type="text"
                list="relationships"
                value={draft.attended_relationship}
                onInput={(e) => update({ attended_relationship: (e.currentTarget as HTMLInputElement).value })}
                data-testid="visit-attended-relationship"
                aria-invalid={errors.attended_relationship ? true : undefined}
              />
              <datalist id="relationships">
                {RELATIONSHIPS.map((r) => (
                  <option value={r} key={r} />
                ))}
              </datalist>
              {errors.attended_relationship && <p class="field-error">{errors.attended_relationship}</p>}
              <TextField id="attended-id" label="Identificación que mostró (tipo y número)" value={draft.attended_id_shown} onInput={(x) => update({ attended_id_shown: x })} error={errors.attended_id_shown} testid="visit-attended-id" />
              <TextField id="attended-desc" label="Media filiación (si no mostró identificación)" value={draft.attended_description} onInput={(x) => update({ attended_description: x })} testid="visit-attended-description" multiline />
            </fieldset>
          )}

          {f.neighbor && (
            <fieldset>
              <legend>Vecino</legend>
              <Check id="is-neighbor" label="Se atendió con un vecino" checked={draft.is_neighbor} onChange={(x) => update({ is_neighbor: x })} testid="visit-is-neighbor" />
              {draft.is_neighbor && (
                <>
                  <TextField id="neighbor-house" label="Casa del vecino (domicilio o número)" value={draft.neighbor_house} onInput={(x) => update({ neighbor_house: x })} error={errors.neighbor_house} testid="visit-neighbor-house" />
                  <TextField id="neighbor-why" label="¿Por qué es vecino?" value={draft.neighbor_why} onInput={(x) => update({ neighbor_why: x })} error={errors.neighbor_why} testid="visit-neighbor-why" />
                </>
              )}
            </fieldset>
          )}

          {f.citatorio && (
            <fieldset>
              <legend>Citatorio: cuándo esperar al titular</legend>
              <div class="grid2">
                <TextField id="cit-date" type="date" label="Fecha" value={draft.citatorio_date} onInput={(x) => update({ citatorio_date: x })} error={errors.citatorio_date} testid="visit-citatorio-date" />
                <TextField id="cit-time" type="time" label="Hora" value={draft.citatorio_time} onInput={(x) => update({ citatorio_time: x })} error={errors.citatorio_time} testid="visit-citatorio-time" />
              </div>
            </fieldset>
          )}

          {f.refusal && (
            <TextField id="fixed-where" label="¿Dónde fijó el aviso? (lugar visible)" value={draft.fixed_where} onInput={(x) => update({ fixed_where: x })} error={errors.fixed_where} testid="visit-fixed-where" />
          )}

          {f.copy && <Check id="copy" label="Se entregó copia" checked={draft.copy_delivered} onChange={(x) => update({ copy_delivered: x })} testid="visit-copy-delivered" />}

          <PhotoField
            id="photo-input"
            legend="Fotos"
            shas={draft.photos}
            onAdd={(added) => update((d) => ({ photos: [...new Set([...d.photos, ...added])] }))}
            onRemove={(sha) => update((d) => ({ photos: d.photos.filter((p) => p !== sha) }))}
            onBusy={setBusy}
            error={errors.photos}
            onError={(message) => setErrors((x) => ({ ...x, photos: message }))}
            testid="visit-photos"
            inputTestid="visit-photo-input"
            alt="Foto de la visita"
            removeLabel="Quitar foto"
          />

          {f.signature && (
            <fieldset>
              <legend>Firma de quien recibe</legend>
              <SignatureField handle={sig} onChange={setHasInk} disabled={draft.signature_refused} error={errors.signature} />
              <Check id="sig-refused" label="Se negó a firmar" checked={draft.signature_refused} onChange={(x) => update({ signature_refused: x })} testid="visit-signature-refused" />
            </fieldset>
          )}

          <TextField id="notes" label="Observaciones" value={draft.notes} onInput={(x) => update({ notes: x })} testid="visit-notes" multiline />
        </>
      )}

      <p class="hint" data-testid="visit-gps-status" data-state={gps.kind}>
        Ubicación:{" "}
        {gps.kind === "searching"
          ? "buscando… (puede guardar sin esperar)"
          : gps.kind === "fix"
            ? `±${Math.round(gps.fix.accuracy_m)} m${distance !== null ? ` · a ${distance} m del domicilio` : ""}`
            : `sin GPS (${GPS_ERROR_LABELS[gps.error]}); se guardará sin ubicación`}
        {gps.kind === "error" && (
          <button type="button" class="link" onClick={() => void refreshGps()}>
            Reintentar
          </button>
        )}
      </p>

      {errorList.length > 0 && (
        <div class="banner bad" role="alert" data-testid="visit-errors">
          <p>Falta: {errorList.join(" ")}</p>
        </div>
      )}
      <div class="sticky-save actions">
        <button type="button" class="big" onClick={() => void save()} disabled={!!busy} data-testid="visit-save">
          {busy ?? "Guardar visita"}
        </button>
        <button type="button" class="secondary" onClick={() => void discard()} data-testid="visit-discard">
          Descartar
        </button>
        <a class="button secondary" href="#/ruta">
          Volver a la ruta
        </a>
      </div>

      {account && (
        <div>
          {!showPropose ? (
            <button type="button" class="secondary" onClick={() => setShowPropose(true)} data-testid="propose-open">
              Proponer corrección al padrón
            </button>
          ) : (
            <ProposeChange
              account={account}
              onDone={(msg) => {
                say(msg);
                setShowPropose(false);
              }}
            />
          )}
          {(v.proposals ?? [])
            .filter((p) => p.account_id === account.id)
            .map((p) => (
              <p class="hint" key={p.id} data-testid="propose-item" data-state={p.state}>
                Corrección propuesta ({PROPOSABLE_FIELD_LABELS[p.field as ProposableField] ?? p.field}): <StatePill state={p.state} testid="propose-state" />
              </p>
            ))}
        </div>
      )}
    </section>
  );
}
