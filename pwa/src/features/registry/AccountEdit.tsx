/**
 * "Editar cuenta" (`#/cuentas/<id>/editar`, clerk and manager): class (subtype, business line),
 * status, services, holder (corrected, or changed to a new titular: the server keeps the history,
 * shown here), premises (street, numbers, colonia, cadastral key, coordinates), meter (the
 * current one corrected, or changed for a new one: the old one stays retired with its readings;
 * an account without a meter gets its first one). Only the changed fields are sent, with the
 * required reason; the server's 422 errors appear by their field. A class change shows the
 * estimated effect on the monthly water bill. After saving, back to the account page, which
 * reloads the dossier (the audit trail shows the change).
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../../api/errors";
import { money } from "../../domain/time";
import { canWriteOffice } from "../../state/session";
import { Banner, Check, Spinner, TextField } from "../../ui/components";
import { fmtDate } from "../agreements/labels";
import { loadAccountDetail, loadClassEffect, loadNeighborhoods, patchAccount, type AccountDetail, type ClassEffect, type Neighborhood } from "./api";
import { MIN_REASON, currentMeter, formFromAccount, patchFromForm, serverErrors, type EditForm, type FieldErrors, type FormValue } from "./edit-form";
import { ACCOUNT_STATUS_LABELS, METER_STATE_LABELS, PROPERTY_CLASS_LABELS } from "./labels";

const SUBTYPE_LABELS: Record<string, string> = { popular: "Popular", medium: "Medio", residential: "Residencial" };
/** A meter in service can be working, broken or missing; "removed" comes only from a change. */
const LIVE_METER_STATES = Object.fromEntries(Object.entries(METER_STATE_LABELS).filter(([k]) => k !== "removed"));
const BASIS_TEXT = {
  consumo: "Mismo consumo promedio al precio promedio por m³ de la clase nueva",
  cuota: "Cuota fija promedio de la clase nueva",
};

function Select(props: { id: string; label: string; value: string; options: Record<string, string>; onChange: (v: string) => void; error?: string; empty?: string }) {
  const errId = `${props.id}-err`;
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        data-testid={props.id}
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? errId : undefined}
        onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {props.empty !== undefined && <option value="">{props.empty}</option>}
        {Object.entries(props.options).map(([k, v]) => (
          <option key={k} value={k}>
            {v}
          </option>
        ))}
      </select>
      {props.error && (
        <p class="field-error" id={errId}>
          {props.error}
        </p>
      )}
    </div>
  );
}

function ClassEffectBox({ accountId, propertyClass }: { accountId: string; propertyClass: string }) {
  const [effect, setEffect] = useState<ClassEffect | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    const ctl = new AbortController();
    setEffect(null);
    setError("");
    loadClassEffect(accountId, propertyClass, ctl.signal).then(setEffect, (e) => !ctl.signal.aborted && setError((e as Error).message));
    return () => ctl.abort();
  }, [accountId, propertyClass]);
  return (
    <section class="class-effect" aria-labelledby="edit-effect" aria-live="polite" data-testid="class-effect">
      <h4 id="edit-effect">Efecto estimado en la tarifa</h4>
      {!effect && !error && <Spinner label="Calculando el efecto estimado…" />}
      {error && <Banner kind="warn">{error}</Banner>}
      {effect && (
        <>
          <dl class="facts">
            <dt>Promedio mensual actual ({PROPERTY_CLASS_LABELS[effect.current_class] ?? effect.current_class})</dt>
            <dd data-testid="effect-current">{money(effect.current_avg_monthly)}</dd>
            <dt>Promedio mensual estimado ({PROPERTY_CLASS_LABELS[effect.new_class] ?? effect.new_class})</dt>
            <dd data-testid="effect-estimated">{money(effect.estimated_avg_monthly)}</dd>
            <dt>Diferencia estimada</dt>
            <dd data-testid="effect-difference">
              {Number(effect.difference) > 0 ? "+" : ""}
              {money(effect.difference)}
            </dd>
          </dl>
          <p class="muted">
            Estimado, no es una tarifa: {BASIS_TEXT[effect.basis]} (últimos 3 periodos facturados), contra los últimos {effect.months} meses facturados de agua de la cuenta.
          </p>
        </>
      )}
    </section>
  );
}

export function AccountEdit({ accountId }: { accountId: string }) {
  const [account, setAccount] = useState<AccountDetail | null>(null);
  const [hoods, setHoods] = useState<Neighborhood[]>([]);
  const [initial, setInitial] = useState<EditForm>({});
  const [form, setForm] = useState<EditForm>({});
  const [reason, setReason] = useState("");
  const [changeHolder, setChangeHolder] = useState(false);
  const [changeMeter, setChangeMeter] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [loadError, setLoadError] = useState("");
  const [saving, setSaving] = useState(false);
  const reasonRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let alive = true;
    Promise.all([loadAccountDetail(accountId), loadNeighborhoods()]).then(
      ([a, h]) => {
        if (!alive) return;
        const f = formFromAccount(a);
        setAccount(a);
        setHoods(h);
        setInitial(f);
        setForm(f);
      },
      (e) => alive && setLoadError((e as Error).message),
    );
    return () => {
      alive = false;
    };
  }, [accountId]);

  const back = `#/cuentas/${encodeURIComponent(accountId)}`;
  if (!canWriteOffice.value) return <Banner kind="warn">Su usuario solo puede consultar la cuenta; no puede modificarla.</Banner>;
  if (loadError) return <Banner kind="bad">{loadError}</Banner>;
  if (!account) return <Spinner label="Cargando la cuenta…" />;

  const set = (key: string) => (v: FormValue) => setForm((f) => ({ ...f, [key]: v }));
  const str = (key: string) => String(form[key] ?? "");
  const text = (key: string, label: string, extra: { required?: boolean; inputMode?: "decimal"; type?: string } = {}) => (
    <TextField id={`edit-${key.replace(".", "-")}`} testid={`edit-${key}`} label={label} value={str(key)} onInput={set(key)} error={errors[key]} {...extra} />
  );
  const classChanged = form["account.property_class"] !== initial["account.property_class"];

  const save = async (e: Event) => {
    e.preventDefault();
    const { body, errors: errs } = patchFromForm(initial, form, reason, changeHolder, changeMeter);
    setErrors(errs);
    if (!body) {
      if (errs.reason) reasonRef.current?.querySelector("textarea")?.focus();
      return;
    }
    setSaving(true);
    try {
      await patchAccount(accountId, body);
      location.hash = back;
    } catch (err) {
      const fromServer = err instanceof ApiError && err.status === 422 ? serverErrors(err.body, changeHolder) : {};
      if (!Object.keys(fromServer).length) fromServer.form = (err as Error).message;
      else if (!fromServer.form && err instanceof ApiError) fromServer.form = err.message;
      setErrors(fromServer);
    } finally {
      setSaving(false);
    }
  };

  const meter = currentMeter(account);
  const hoodOptions = Object.fromEntries(hoods.map((h) => [String(h.id), `${h.name} (${h.postal_code})`]));
  return (
    <section aria-labelledby="edit-title" class="account-edit">
      <p>
        <a href={back} data-testid="edit-back">
          ← Volver a la cuenta
        </a>
      </p>
      <h2 id="edit-title">
        Editar cuenta {account.account_number} · {account.holder.name}
      </h2>
      <form onSubmit={save} noValidate data-testid="account-edit-form">
        <div class="edit-reason" ref={reasonRef}>
          <TextField id="edit-reason" testid="edit-reason" label="Motivo del cambio (obligatorio, queda en la bitácora)" value={reason} onInput={setReason} error={errors.reason} required multiline />
          <p class="muted">Al menos {MIN_REASON} caracteres. Solo se envían los campos que cambie.</p>
        </div>
        {errors.form && (
          <Banner kind="bad" testid="edit-error">
            {errors.form}
          </Banner>
        )}
        <fieldset>
          <legend>Clase y estado</legend>
          <Select id="edit-account.property_class" label="Clase de uso" value={str("account.property_class")} options={PROPERTY_CLASS_LABELS} onChange={set("account.property_class")} error={errors["account.property_class"]} />
          <Select id="edit-account.class_subtype" label="Subtipo (doméstico)" value={str("account.class_subtype")} options={SUBTYPE_LABELS} empty="Sin subtipo" onChange={set("account.class_subtype")} error={errors["account.class_subtype"]} />
          {text("account.business_line", "Giro")}
          <Select id="edit-account.status" label="Estado de la cuenta" value={str("account.status")} options={ACCOUNT_STATUS_LABELS} onChange={set("account.status")} error={errors["account.status"]} />
          {classChanged && <ClassEffectBox accountId={accountId} propertyClass={str("account.property_class")} />}
        </fieldset>
        <fieldset>
          <legend>Servicios</legend>
          <Check id="edit-water" testid="edit-account.has_water" label="Agua" checked={form["account.has_water"] === true} onChange={set("account.has_water")} />
          <Check id="edit-sewer" testid="edit-account.has_sewer" label="Drenaje" checked={form["account.has_sewer"] === true} onChange={set("account.has_sewer")} />
          <Check id="edit-sanitation" testid="edit-account.has_sanitation" label="Saneamiento" checked={form["account.has_sanitation"] === true} onChange={set("account.has_sanitation")} />
        </fieldset>
        <fieldset>
          <legend>Titular</legend>
          <Check id="edit-change-holder" testid="edit-change-holder" label="Cambio de titular (el anterior queda en el historial)" checked={changeHolder} onChange={setChangeHolder} />
          {changeHolder ? (
            <>
              {text("new_holder.name", "Nombre del nuevo titular", { required: true })}
              {text("new_holder.phone", "Teléfono")}
              {text("new_holder.email", "Correo electrónico")}
              {text("new_holder.rfc", "RFC")}
              {text("new_holder.curp", "CURP")}
            </>
          ) : (
            <>
              {text("holder.name", "Nombre (corrección)", { required: true })}
              {text("holder.phone", "Teléfono")}
              {text("holder.email", "Correo electrónico")}
              {text("holder.rfc", "RFC")}
              {text("holder.curp", "CURP")}
            </>
          )}
          <h4>Historial de titulares</h4>
          <ul data-testid="edit-holder-history">
            {account.holder_history.map((h) => (
              <li key={`${h.customer_id}-${h.valid_from}`}>
                {h.name}: desde {fmtDate(h.valid_from)}
                {h.valid_to ? ` hasta ${fmtDate(h.valid_to)}` : " (actual)"}
                {h.reason ? ` · ${h.reason}` : ""}
              </li>
            ))}
          </ul>
        </fieldset>
        <fieldset>
          <legend>Predio</legend>
          {text("premises.street", "Calle", { required: true })}
          {text("premises.exterior_number", "Número exterior")}
          {text("premises.interior_number", "Número interior")}
          <Select id="edit-premises.neighborhood_id" label="Colonia" value={str("premises.neighborhood_id")} options={hoodOptions} onChange={set("premises.neighborhood_id")} error={errors["premises.neighborhood_id"]} />
          {text("premises.cadastral_key", "Clave catastral")}
          {text("premises.latitude", "Latitud", { inputMode: "decimal" })}
          {text("premises.longitude", "Longitud", { inputMode: "decimal" })}
        </fieldset>
        <fieldset>
          <legend>Medidor</legend>
          <Check
            id="edit-change-meter"
            testid="edit-change-meter"
            label={meter ? "Cambiar medidor (el actual queda retirado con sus lecturas)" : "Instalar medidor"}
            checked={changeMeter}
            onChange={setChangeMeter}
          />
          {changeMeter ? (
            <>
              {meter && (
                <p data-testid="edit-old-meter">
                  Medidor actual: {meter.serial}
                  {meter.brand ? ` (${meter.brand})` : ""}: quedará retirado con fecha de hoy.
                </p>
              )}
              {text("new_meter.serial", "Serie del medidor nuevo", { required: true })}
              {text("new_meter.brand", "Marca")}
              {text("new_meter.installed_on", "Fecha de instalación (si no se indica, hoy)", { type: "date" })}
            </>
          ) : meter ? (
            <>
              {text("meter.serial", "Serie (corrección)", { required: true })}
              {text("meter.brand", "Marca")}
              <Select id="edit-meter.state" label="Estado del medidor" value={str("meter.state")} options={LIVE_METER_STATES} onChange={set("meter.state")} error={errors["meter.state"]} />
              {text("meter.installed_on", "Fecha de instalación", { type: "date" })}
            </>
          ) : (
            <p class="muted">La cuenta no tiene medidor.</p>
          )}
          <h4>Medidores de la cuenta</h4>
          <ul data-testid="edit-meters">
            {account.meters.length === 0 && <li>Sin medidor.</li>}
            {account.meters.map((m) => (
              <li key={m.id}>
                {m.serial} · {METER_STATE_LABELS[m.state] ?? m.state}
                {m.installed_on ? ` · instalado el ${fmtDate(m.installed_on)}` : ""}
                {m.removed_on ? ` · retirado el ${fmtDate(m.removed_on)}` : ""}
              </li>
            ))}
          </ul>
        </fieldset>
        <div class="actions">
          <button type="submit" disabled={saving} data-testid="edit-save">
            {saving ? "Guardando…" : "Guardar cambios"}
          </button>
          <a class="button secondary" href={back}>
            Cancelar
          </a>
        </div>
      </form>
    </section>
  );
}
