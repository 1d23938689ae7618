/** Campaign builder (office): rules, a preview (count, total debt, by colonia), then "Crear campaña". */
import { useState } from "preact/hooks";
import { NOTICE_KIND_LABELS } from "../../domain/outcomes";
import { dateTime, money } from "../../domain/time";
import { canWriteOffice } from "../../state/session";
import { Banner, Check, Spinner, TextField } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { createCampaign, listCampaigns, previewCampaign, type Campaign, type Rules } from "./api";
import { emptySelection, intOrNull, RulesFields, RulesPreview, selectionRulesFrom, useRulesPreview, type FieldErrors, type RulesResult, type SelectionForm } from "./RulesForm";

interface Form extends SelectionForm {
  name: string;
  notice_kind: "informal" | "formal";
  excl_agreement: boolean;
  excl_dispute: boolean;
  excl_open_notice: boolean;
  excl_days: string;
  starts_on: string;
  ends_on: string;
  approving_act: string;
}

const EMPTY: Form = {
  ...emptySelection("2"),
  name: "",
  notice_kind: "informal",
  excl_agreement: true,
  excl_dispute: true,
  excl_open_notice: true,
  excl_days: "30",
  starts_on: "",
  ends_on: "",
  approving_act: "",
};

/** Rules from the form, or field errors. */
export function rulesFrom(f: Form): RulesResult<Rules> {
  const e: FieldErrors = {};
  const selection = selectionRulesFrom(f, 0, e);
  const days = intOrNull(f.excl_days);
  if (days !== null && (!Number.isInteger(days) || days < 0)) e.excl_days = "Anote días (0 o más).";
  if (Object.keys(e).length) return { rules: null, errors: e };
  return {
    rules: {
      ...selection,
      exclude_agreement_in_good_standing: f.excl_agreement,
      exclude_open_dispute: f.excl_dispute,
      exclude_notified_within_days: days,
      exclude_open_notice: f.excl_open_notice,
    },
    errors: {},
  };
}

export default function CampaignsScreen() {
  const [form, setForm] = useState<Form>(EMPTY);
  const [created, setCreated] = useState<Campaign | null>(null);
  const { errors, preview, busy, message, isFresh, doPreview, doCreate } = useRulesPreview(previewCampaign);
  const campaigns = useLoad(() => listCampaigns(), []);
  const set = (p: Partial<Form>) => setForm((f) => ({ ...f, ...p }));
  const fresh = isFresh(rulesFrom(form).rules);

  const create = () =>
    doCreate(
      rulesFrom(form),
      form.name,
      (count) => `¿Crear la campaña "${form.name}" con ${count} avisos?`,
      (rules) =>
        createCampaign({
          name: form.name.trim(),
          notice_kind: form.notice_kind,
          rules,
          starts_on: form.starts_on || null,
          ends_on: form.ends_on || null,
          approving_act: form.approving_act.trim() || null,
        }),
      (c) => {
        setCreated(c);
        setForm(EMPTY);
        campaigns.reload();
      },
    );

  return (
    <section aria-labelledby="campaigns-title">
      <h2 id="campaigns-title">Campañas de cobranza</h2>
      {created && (
        <Banner kind="info" testid="campaign-created">
          <p>
            Campaña <strong>{created.folio}</strong> creada: {created.notice_count} avisos por {money(created.total_debt)}.
          </p>
          <a class="button" href={`#/rutas?campaign=${created.id}`} data-testid="campaign-plan-link">
            Planear rutas
          </a>
        </Banner>
      )}
      <form onSubmit={(e) => (e.preventDefault(), void doPreview(rulesFrom(form)))} data-testid="campaign-form">
        <h3>Nueva campaña</h3>
        <RulesFields idPrefix="c" testidPrefix="campaign" value={form} errors={errors} onChange={set}>
          <TextField id="c-name" label="Nombre" value={form.name} onInput={(x) => set({ name: x })} error={errors.name} testid="campaign-name" />
          <div>
            <label for="c-kind">Tipo de aviso</label>
            <select id="c-kind" value={form.notice_kind} onChange={(e) => set({ notice_kind: (e.currentTarget as HTMLSelectElement).value as Form["notice_kind"] })} data-testid="campaign-kind">
              {Object.entries(NOTICE_KIND_LABELS).map(([k, l]) => (
                <option value={k} key={k}>
                  {l}
                </option>
              ))}
            </select>
          </div>
        </RulesFields>
        <fieldset>
          <legend>Exclusiones</legend>
          <Check id="c-ex-agr" label="Excluir cuentas con convenio al corriente" checked={form.excl_agreement} onChange={(x) => set({ excl_agreement: x })} testid="campaign-excl-agreement" />
          <Check id="c-ex-dis" label="Excluir cuentas con inconformidad abierta" checked={form.excl_dispute} onChange={(x) => set({ excl_dispute: x })} testid="campaign-excl-dispute" />
          <Check id="c-ex-open" label="Excluir cuentas con un aviso pendiente" checked={form.excl_open_notice} onChange={(x) => set({ excl_open_notice: x })} testid="campaign-excl-open-notice" />
          <TextField id="c-ex-days" type="number" label="Excluir notificadas en los últimos N días" value={form.excl_days} onInput={(x) => set({ excl_days: x })} error={errors.excl_days} testid="campaign-excl-days" inputMode="numeric" />
        </fieldset>
        <div class="grid2">
          <TextField id="c-start" type="date" label="Inicia (opcional)" value={form.starts_on} onInput={(x) => set({ starts_on: x })} testid="campaign-starts-on" />
          <TextField id="c-end" type="date" label="Termina (opcional)" value={form.ends_on} onInput={(x) => set({ ends_on: x })} testid="campaign-ends-on" />
        </div>
        <TextField id="c-act" label="Acuerdo que la aprueba (opcional)" value={form.approving_act} onInput={(x) => set({ approving_act: x })} testid="campaign-approving-act" />
        <div class="actions">
          <button type="submit" disabled={busy !== null} data-testid="campaign-preview">
            {busy === "preview" ? <Spinner label="Calculando…" /> : "Vista previa"}
          </button>
          {canWriteOffice.value && (
            <button type="button" onClick={() => void create()} disabled={busy !== null || !fresh} data-testid="campaign-create" title={fresh ? "" : "Primero haga la vista previa de estas reglas"}>
              {busy === "create" ? <Spinner label="Creando avisos…" /> : "Crear campaña"}
            </button>
          )}
        </div>
        {!fresh && canWriteOffice.value && <p class="hint">Para crear la campaña, primero vea la vista previa de estas reglas.</p>}
        {message && <p class="error" role="alert" data-testid="campaign-error">{message}</p>}
      </form>

      {preview && (
        <RulesPreview data={preview} fresh={fresh} titleId="preview-title" testid="campaign-preview-result" testidPrefix="preview" sampleSummary="Muestra de cuentas">
          {preview.exclusions_not_applied?.length ? <p class="hint">Exclusiones aún sin datos para aplicarse: {preview.exclusions_not_applied.join(", ")}</p> : null}
        </RulesPreview>
      )}

      <h3>Campañas</h3>
      {campaigns.busy && <Spinner />}
      {campaigns.error && <p class="error">{campaigns.error}</p>}
      {campaigns.data && (
        <div class="table-wrap">
          <table data-testid="campaign-list">
            <thead>
              <tr>
                <th>Folio</th>
                <th>Nombre</th>
                <th>Tipo</th>
                <th>Estado</th>
                <th class="num">Avisos</th>
                <th class="num">Adeudo</th>
                <th>Creada</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {campaigns.data.map((c) => (
                <tr key={c.id} data-testid="campaign-item">
                  <td>{c.folio}</td>
                  <td>{c.name}</td>
                  <td>{NOTICE_KIND_LABELS[c.notice_kind] ?? c.notice_kind}</td>
                  <td>{c.status}</td>
                  <td class="num">{c.notice_count}</td>
                  <td class="num">{money(c.total_debt)}</td>
                  <td>{dateTime(c.created_at)}</td>
                  <td>
                    <a href={`#/rutas?campaign=${c.id}`}>Rutas</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
