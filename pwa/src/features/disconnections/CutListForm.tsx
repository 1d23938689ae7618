/**
 * A new cut list (office): selection rules → a preview (accounts, total debt, restrictions and
 * disconnections, by colonia, the largest debtors) → "Crear lista de cortes" (manager only,
 * after a preview of the current rules). Homes are only ever restricted (Ley General de Aguas);
 * the rest get what "Acción para no domésticas" says.
 */
import { useState } from "preact/hooks";
import { money } from "../../domain/time";
import { es } from "../../i18n/es";
import { isManager } from "../../state/session";
import { Banner, Check, Spinner, TextField } from "../../ui/components";
import { emptySelection, intOrNull, RulesFields, RulesPreview, selectionRulesFrom, useRulesPreview, type FieldErrors, type RulesResult, type SelectionForm } from "../campaigns/RulesForm";
import { createCutList, previewCutList, type CutList, type CutRules } from "./api";

export interface CutForm extends SelectionForm {
  name: string;
  require_formal_notice: boolean;
  formal_notice_days: string;
  include_public_services: boolean;
  include_breached_agreements: boolean;
  excl_agreement: boolean;
  excl_dispute: boolean;
  non_domestic_action: "disconnect" | "restrict";
}

export const EMPTY_CUT_FORM: CutForm = {
  ...emptySelection("3"),
  name: "",
  require_formal_notice: true,
  formal_notice_days: "3",
  include_public_services: false,
  include_breached_agreements: false,
  excl_agreement: true,
  excl_dispute: true,
  non_domestic_action: "disconnect",
};

/** Rules from the form (the body's `rules`), or Spanish field errors. */
export function cutRulesFrom(f: CutForm): RulesResult<CutRules> {
  const e: FieldErrors = {};
  const selection = selectionRulesFrom(f, 1, e);
  if (!e.min_debt && !e.max_debt && f.min_debt.trim() && f.max_debt.trim() && Number(f.max_debt) < Number(f.min_debt)) e.max_debt = "Es menor que el adeudo mínimo.";
  const days = f.require_formal_notice ? intOrNull(f.formal_notice_days) : null;
  if (f.require_formal_notice && (days === null || !Number.isInteger(days) || days < 0 || days > 365)) e.formal_notice_days = "Anote días (0 a 365).";
  if (Object.keys(e).length) return { rules: null, errors: e };
  return {
    rules: {
      ...selection,
      formal_notice_min_days: days,
      include_public_services: f.include_public_services,
      include_breached_agreements: f.include_breached_agreements,
      exclude_agreement_in_good_standing: f.excl_agreement,
      exclude_open_dispute: f.excl_dispute,
      non_domestic_action: f.non_domestic_action,
    },
    errors: {},
  };
}

const EXCLUSION_LABELS: Record<string, string> = {
  exclude_agreement_in_good_standing: "convenio al corriente",
  exclude_open_dispute: "inconformidad abierta",
  include_breached_agreements: "convenios incumplidos",
};

export function CutListForm({ onCreated }: { onCreated: (c: CutList) => void }) {
  const [form, setForm] = useState<CutForm>(EMPTY_CUT_FORM);
  const [created, setCreated] = useState<CutList | null>(null);
  const { errors, preview: p, busy, message, isFresh, doPreview, doCreate } = useRulesPreview(previewCutList);
  const set = (patch: Partial<CutForm>) => setForm((f) => ({ ...f, ...patch }));
  const fresh = isFresh(cutRulesFrom(form).rules);
  const manager = isManager.value;

  const create = () =>
    doCreate(
      cutRulesFrom(form),
      form.name,
      (count) => `¿Crear la lista de cortes "${form.name.trim()}" con ${count} órdenes?`,
      (rules) => createCutList({ name: form.name.trim(), rules }),
      (c) => {
        setCreated(c);
        setForm(EMPTY_CUT_FORM);
        onCreated(c);
      },
    );

  return (
    <div>
      {created && (
        <Banner kind="info" testid="cut-created">
          <p>
            Lista <strong>{created.folio}</strong> creada: {created.order_count} órdenes por {money(created.total_debt)}.
          </p>
          <a class="button" href={`#/cortes/${created.id}`} data-testid="cut-created-open">
            Ver órdenes
          </a>
        </Banner>
      )}
      <form onSubmit={(e) => (e.preventDefault(), void doPreview(cutRulesFrom(form)))} data-testid="cut-form" aria-labelledby="cut-form-title">
        <h3 id="cut-form-title">{manager ? "Nueva lista de cortes" : "Vista previa de una lista de cortes"}</h3>
        <RulesFields idPrefix="cut" testidPrefix="cut" value={form} errors={errors} onChange={set}>
          {manager && <TextField id="cut-name" label="Nombre" value={form.name} onInput={(x) => set({ name: x })} error={errors.name} testid="cut-name" />}
          <div>
            <label for="cut-nd-action">Acción para cuentas no domésticas</label>
            <select id="cut-nd-action" value={form.non_domestic_action} onChange={(e) => set({ non_domestic_action: (e.currentTarget as HTMLSelectElement).value as CutForm["non_domestic_action"] })} data-testid="cut-non-domestic-action">
              <option value="disconnect">{es.orders.actionName.disconnect}</option>
              <option value="restrict">{es.orders.actionName.restrict}</option>
            </select>
            <p class="hint">Las domésticas solo se limitan (reductor), nunca se cortan.</p>
          </div>
        </RulesFields>
        <fieldset>
          <legend>Requisitos y exclusiones</legend>
          <Check id="cut-formal" label="Exigir requerimiento formal entregado" checked={form.require_formal_notice} onChange={(x) => set({ require_formal_notice: x })} testid="cut-formal-notice-required" />
          {form.require_formal_notice && (
            <TextField id="cut-formal-days" type="number" label="Días mínimos desde la entrega del requerimiento" value={form.formal_notice_days} onInput={(x) => set({ formal_notice_days: x })} error={errors.formal_notice_days} testid="cut-formal-notice-days" inputMode="numeric" />
          )}
          <Check id="cut-ex-agr" label="Excluir cuentas con convenio al corriente" checked={form.excl_agreement} onChange={(x) => set({ excl_agreement: x })} testid="cut-excl-agreement" />
          <Check id="cut-ex-dis" label="Excluir cuentas con inconformidad abierta" checked={form.excl_dispute} onChange={(x) => set({ excl_dispute: x })} testid="cut-excl-dispute" />
          <Check id="cut-in-breach" label="Incluir cuentas con convenio incumplido" checked={form.include_breached_agreements} onChange={(x) => set({ include_breached_agreements: x })} testid="cut-include-breached" />
          <Check id="cut-in-public" label="Incluir servicios públicos (hospitales, escuelas): solo a propósito" checked={form.include_public_services} onChange={(x) => set({ include_public_services: x })} testid="cut-include-public-services" />
        </fieldset>
        <div class="actions">
          <button type="submit" disabled={busy !== null} data-testid="cut-preview">
            {busy === "preview" ? <Spinner label="Calculando…" /> : "Vista previa"}
          </button>
          {manager && (
            <button type="button" onClick={() => void create()} disabled={busy !== null || !fresh} data-testid="cut-create" title={fresh ? "" : "Primero haga la vista previa de estas reglas"}>
              {busy === "create" ? <Spinner label="Creando órdenes…" /> : "Crear lista de cortes"}
            </button>
          )}
        </div>
        {manager && !fresh && <p class="hint">Para crear la lista, primero vea la vista previa de estas reglas.</p>}
        {!manager && <p class="hint" data-testid="cut-read-only">Solo la encargada de Cartera crea listas de cortes.</p>}
        {message && (
          <p class="error" role="alert" data-testid="cut-error">
            {message}
          </p>
        )}
      </form>

      {p && (
        <RulesPreview
          data={p}
          fresh={fresh}
          titleId="cut-preview-title"
          testid="cut-preview-result"
          testidPrefix="cut-preview"
          caption="Por colonia"
          sampleSummary="Muestra de cuentas (mayores adeudos)"
          figures={
            <>
              <div class="figure">
                Limitaciones <span class="v" data-testid="cut-preview-restrict">{p.by_action?.restrict ?? 0}</span>
              </div>
              <div class="figure">
                Cortes <span class="v" data-testid="cut-preview-disconnect">{p.by_action?.disconnect ?? 0}</span>
              </div>
            </>
          }
        >
          {p.exclusions_not_applied?.length ? (
            <p class="hint" data-testid="cut-preview-not-applied">
              Aún sin datos para aplicarse: {p.exclusions_not_applied.map((x) => EXCLUSION_LABELS[x] ?? x).join(", ")}
            </p>
          ) : null}
        </RulesPreview>
      )}
    </div>
  );
}
