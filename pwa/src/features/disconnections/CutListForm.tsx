/**
 * A new cut list (office): selection rules → a preview (accounts, total debt, restrictions and
 * disconnections, by colonia, the largest debtors) → "Crear lista de cortes" (manager only,
 * after a preview of the current rules). Homes are only ever restricted (Ley General de Aguas);
 * the rest get what "Acción para no domésticas" says.
 */
import { useMemo, useState } from "preact/hooks";
import type { ApiError } from "../../api/errors";
import { PROPERTY_CLASS_LABELS } from "../../domain/outcomes";
import { money } from "../../domain/time";
import { es } from "../../i18n/es";
import { isManager } from "../../state/session";
import { Banner, Check, Spinner, TextField } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { listNeighborhoods } from "../campaigns/api";
import { createCutList, previewCutList, type CutList, type CutPreview, type CutRules } from "./api";

export interface CutForm {
  name: string;
  min_months: string;
  max_months: string;
  min_debt: string;
  max_debt: string;
  classes: string[];
  hoods: number[];
  sectors: string[];
  require_formal_notice: boolean;
  formal_notice_days: string;
  include_public_services: boolean;
  include_breached_agreements: boolean;
  excl_agreement: boolean;
  excl_dispute: boolean;
  non_domestic_action: "disconnect" | "restrict";
}

export const EMPTY_CUT_FORM: CutForm = {
  name: "",
  min_months: "3",
  max_months: "",
  min_debt: "",
  max_debt: "",
  classes: [],
  hoods: [],
  sectors: [],
  require_formal_notice: true,
  formal_notice_days: "3",
  include_public_services: false,
  include_breached_agreements: false,
  excl_agreement: true,
  excl_dispute: true,
  non_domestic_action: "disconnect",
};

const MONEY_RE = /^\d+(\.\d{1,2})?$/;

/** Rules from the form (the body's `rules`), or Spanish field errors. */
export function cutRulesFrom(f: CutForm): { rules: CutRules | null; errors: Record<string, string> } {
  const e: Record<string, string> = {};
  const int = (s: string) => (s.trim() === "" ? null : Number(s));
  const minM = int(f.min_months);
  if (minM === null || !Number.isInteger(minM) || minM < 1) e.min_months = "Anote un número de meses (1 o más).";
  const maxM = int(f.max_months);
  if (maxM !== null && (!Number.isInteger(maxM) || (minM !== null && maxM < minM))) e.max_months = "Debe ser un entero mayor o igual al mínimo.";
  for (const k of ["min_debt", "max_debt"] as const) if (f[k].trim() && !MONEY_RE.test(f[k].trim())) e[k] = "Anote una cantidad, p. ej. 1500.00";
  if (!e.min_debt && !e.max_debt && f.min_debt.trim() && f.max_debt.trim() && Number(f.max_debt) < Number(f.min_debt)) e.max_debt = "Es menor que el adeudo mínimo.";
  const days = f.require_formal_notice ? int(f.formal_notice_days) : null;
  if (f.require_formal_notice && (days === null || !Number.isInteger(days) || days < 0 || days > 365)) e.formal_notice_days = "Anote días (0 a 365).";
  if (Object.keys(e).length) return { rules: null, errors: e };
  return {
    rules: {
      min_months_past_due: minM as number,
      max_months_past_due: maxM,
      min_debt: f.min_debt.trim() || null,
      max_debt: f.max_debt.trim() || null,
      property_classes: f.classes,
      neighborhood_ids: f.hoods,
      sectors: f.sectors,
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
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<{ key: string; data: CutPreview } | null>(null);
  const [busy, setBusy] = useState<"preview" | "create" | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [created, setCreated] = useState<CutList | null>(null);
  const [hoodFilter, setHoodFilter] = useState("");
  const hoods = useLoad(listNeighborhoods, []);
  const set = (p: Partial<CutForm>) => setForm((f) => ({ ...f, ...p }));
  const { rules } = cutRulesFrom(form);
  const fresh = !!preview && preview.key === JSON.stringify(rules);
  const manager = isManager.value;
  const sectors = useMemo(() => [...new Set((hoods.data ?? []).map((h) => h.sector).filter((s): s is string => !!s))].sort(), [hoods.data]);
  const shownHoods = (hoods.data ?? []).filter((h) => h.name.toLowerCase().includes(hoodFilter.toLowerCase()));

  const doPreview = async () => {
    const r = cutRulesFrom(form);
    setErrors(r.errors);
    setMessage(null);
    if (!r.rules) return;
    setBusy("preview");
    try {
      setPreview({ key: JSON.stringify(r.rules), data: await previewCutList(r.rules) });
    } catch (e) {
      setMessage((e as ApiError).message);
    } finally {
      setBusy(null);
    }
  };

  const doCreate = async () => {
    const r = cutRulesFrom(form);
    const e = { ...r.errors };
    if (form.name.trim().length < 3) e.name = "Anote un nombre (3 letras o más).";
    setErrors(e);
    if (!r.rules || Object.keys(e).length) return;
    if (!confirm(`¿Crear la lista de cortes "${form.name.trim()}" con ${preview?.data.count ?? "?"} órdenes?`)) return;
    setBusy("create");
    setMessage(null);
    try {
      const c = await createCutList({ name: form.name.trim(), rules: r.rules });
      setCreated(c);
      setForm(EMPTY_CUT_FORM);
      setPreview(null);
      onCreated(c);
    } catch (err) {
      const ae = err as ApiError;
      const fieldErrors = (ae.body as { errors?: { json?: Record<string, unknown> } })?.errors?.json;
      setMessage(fieldErrors ? `${ae.message}: ${JSON.stringify(fieldErrors)}` : ae.message);
    } finally {
      setBusy(null);
    }
  };

  const p = preview?.data;
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
      <form onSubmit={(e) => (e.preventDefault(), void doPreview())} data-testid="cut-form" aria-labelledby="cut-form-title">
        <h3 id="cut-form-title">{manager ? "Nueva lista de cortes" : "Vista previa de una lista de cortes"}</h3>
        <div class="grid2">
          {manager && <TextField id="cut-name" label="Nombre" value={form.name} onInput={(x) => set({ name: x })} error={errors.name} testid="cut-name" />}
          <div>
            <label for="cut-nd-action">Acción para cuentas no domésticas</label>
            <select id="cut-nd-action" value={form.non_domestic_action} onChange={(e) => set({ non_domestic_action: (e.currentTarget as HTMLSelectElement).value as CutForm["non_domestic_action"] })} data-testid="cut-non-domestic-action">
              <option value="disconnect">{es.orders.actionName.disconnect}</option>
              <option value="restrict">{es.orders.actionName.restrict}</option>
            </select>
            <p class="hint">Las domésticas solo se limitan (reductor), nunca se cortan.</p>
          </div>
          <TextField id="cut-min-m" type="number" label="Meses vencidos, mínimo" value={form.min_months} onInput={(x) => set({ min_months: x })} error={errors.min_months} testid="cut-min-months" inputMode="numeric" />
          <TextField id="cut-max-m" type="number" label="Meses vencidos, máximo (opcional)" value={form.max_months} onInput={(x) => set({ max_months: x })} error={errors.max_months} testid="cut-max-months" inputMode="numeric" />
          <TextField id="cut-min-d" label="Adeudo mínimo (opcional)" value={form.min_debt} onInput={(x) => set({ min_debt: x })} error={errors.min_debt} testid="cut-min-debt" inputMode="decimal" />
          <TextField id="cut-max-d" label="Adeudo máximo (opcional)" value={form.max_debt} onInput={(x) => set({ max_debt: x })} error={errors.max_debt} testid="cut-max-debt" inputMode="decimal" />
        </div>
        <fieldset>
          <legend>Clases de predio (ninguna = todas)</legend>
          {Object.entries(PROPERTY_CLASS_LABELS).map(([k, l]) => (
            <Check key={k} id={`cut-class-${k}`} label={l} checked={form.classes.includes(k)} onChange={(on) => set({ classes: on ? [...form.classes, k] : form.classes.filter((x) => x !== k) })} testid={`cut-class-${k}`} />
          ))}
        </fieldset>
        <fieldset>
          <legend>Colonias (ninguna = todas)</legend>
          {hoods.busy && <Spinner label="Cargando colonias…" />}
          <label for="cut-hood-filter">Filtrar colonias</label>
          <input id="cut-hood-filter" type="search" value={hoodFilter} onInput={(e) => setHoodFilter((e.currentTarget as HTMLInputElement).value)} data-testid="cut-neighborhood-filter" />
          <label for="cut-hoods">Seleccione (Ctrl o mantenga presionado para varias)</label>
          <select
            id="cut-hoods"
            multiple
            size={8}
            data-testid="cut-neighborhoods"
            onChange={(e) => {
              const sel = Array.from((e.currentTarget as HTMLSelectElement).selectedOptions).map((o) => Number(o.value));
              const hidden = form.hoods.filter((id) => !shownHoods.some((h) => h.id === id));
              set({ hoods: [...hidden, ...sel] });
            }}
          >
            {shownHoods.map((h) => (
              <option value={h.id} key={h.id} selected={form.hoods.includes(h.id)}>
                {h.name}
                {h.sector ? ` (sector ${h.sector})` : ""}
              </option>
            ))}
          </select>
          <p class="hint">{form.hoods.length} colonia(s) elegida(s)</p>
        </fieldset>
        {sectors.length > 0 && (
          <fieldset>
            <legend>Sectores (ninguno = todos)</legend>
            {sectors.map((s) => (
              <Check key={s} id={`cut-sector-${s}`} label={`Sector ${s}`} checked={form.sectors.includes(s)} onChange={(on) => set({ sectors: on ? [...form.sectors, s] : form.sectors.filter((x) => x !== s) })} testid={`cut-sector-${s}`} />
            ))}
          </fieldset>
        )}
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
            <button type="button" onClick={() => void doCreate()} disabled={busy !== null || !fresh} data-testid="cut-create" title={fresh ? "" : "Primero haga la vista previa de estas reglas"}>
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
        <section aria-labelledby="cut-preview-title" data-testid="cut-preview-result" data-fresh={fresh ? "true" : "false"}>
          <h3 id="cut-preview-title">Vista previa {fresh ? "" : "(de reglas anteriores)"}</h3>
          <div class="figures">
            <div class="figure">
              Cuentas <span class="v" data-testid="cut-preview-count">{p.count}</span>
            </div>
            <div class="figure">
              Adeudo total{" "}
              <span class="v" data-testid="cut-preview-total-debt" data-value={p.total_debt}>
                {money(p.total_debt)}
              </span>
            </div>
            <div class="figure">
              Limitaciones <span class="v" data-testid="cut-preview-restrict">{p.by_action?.restrict ?? 0}</span>
            </div>
            <div class="figure">
              Cortes <span class="v" data-testid="cut-preview-disconnect">{p.by_action?.disconnect ?? 0}</span>
            </div>
          </div>
          {p.exclusions_not_applied?.length ? (
            <p class="hint" data-testid="cut-preview-not-applied">
              Aún sin datos para aplicarse: {p.exclusions_not_applied.map((x) => EXCLUSION_LABELS[x] ?? x).join(", ")}
            </p>
          ) : null}
          <div class="table-wrap">
            <table data-testid="cut-preview-by-neighborhood">
              <caption class="visually-hidden">Por colonia</caption>
              <thead>
                <tr>
                  <th scope="col">Colonia</th>
                  <th scope="col">Sector</th>
                  <th scope="col" class="num">
                    Cuentas
                  </th>
                  <th scope="col" class="num">
                    Adeudo
                  </th>
                </tr>
              </thead>
              <tbody>
                {p.by_neighborhood.map((h) => (
                  <tr key={`${h.neighborhood_id ?? h.neighborhood}`}>
                    <td>{h.neighborhood}</td>
                    <td>{h.sector ?? ""}</td>
                    <td class="num">{h.count}</td>
                    <td class="num">{money(h.total_debt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {p.sample?.length > 0 && (
            <details>
              <summary>Muestra de cuentas (mayores adeudos)</summary>
              <div class="table-wrap">
                <table data-testid="cut-preview-sample">
                  <tbody>
                    {p.sample.map((s) => (
                      <tr key={s.account_number}>
                        <td>{s.account_number}</td>
                        <td>{s.holder_name}</td>
                        <td>
                          {s.address}, {s.neighborhood}
                        </td>
                        <td class="num">{money(s.debt)}</td>
                        <td class="num">{s.months_past_due} m</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          )}
        </section>
      )}
    </div>
  );
}
