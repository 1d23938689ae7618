/**
 * What the campaign builder and a new cut list share (office, lazy chunks only): the selection
 * rules (months past due, debt range, property classes, colonias, sectors) with their checks, the
 * preview of a set of rules and its "fresh" state, the create step, and the preview's figures and
 * tables. Each screen passes its own ids and test ids (`c-…`/`campaign-…`, `cut-…`).
 */
import type { ComponentChildren } from "preact";
import { useMemo, useState } from "preact/hooks";
import type { ApiError } from "../../api/errors";
import { PROPERTY_CLASS_LABELS } from "../../domain/outcomes";
import { money } from "../../domain/time";
import type { Money } from "../../domain/types";
import { Check, Spinner, TextField } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { listNeighborhoods, type SelectionRules } from "./api";

/** The form's selection fields (as typed). */
export interface SelectionForm {
  min_months: string;
  max_months: string;
  min_debt: string;
  max_debt: string;
  classes: string[];
  hoods: number[];
  sectors: string[];
}

/** An empty selection: any debt, class, colonia or sector, from `minMonths` months past due. */
export const emptySelection = (minMonths: string): SelectionForm => ({ min_months: minMonths, max_months: "", min_debt: "", max_debt: "", classes: [], hoods: [], sectors: [] });

export type FieldErrors = Record<string, string>;

export interface RulesResult<R> {
  rules: R | null;
  errors: FieldErrors;
}

const MONEY_RE = /^\d+(\.\d{1,2})?$/;

/** A whole number as typed, or null when left empty (NaN when it is not a number). */
export const intOrNull = (s: string): number | null => (s.trim() === "" ? null : Number(s));

/**
 * The selection rules from the form; their Spanish field errors go into `e`. The rules are only
 * meaningful when `e` stays empty. `minMonths`: the fewest months past due allowed.
 */
export function selectionRulesFrom(f: SelectionForm, minMonths: number, e: FieldErrors): SelectionRules {
  const minM = intOrNull(f.min_months);
  if (minM === null || !Number.isInteger(minM) || minM < minMonths) e.min_months = `Anote un número de meses (${minMonths} o más).`;
  const maxM = intOrNull(f.max_months);
  if (maxM !== null && (!Number.isInteger(maxM) || (minM !== null && maxM < minM))) e.max_months = "Debe ser un entero mayor o igual al mínimo.";
  for (const k of ["min_debt", "max_debt"] as const) if (f[k].trim() && !MONEY_RE.test(f[k].trim())) e[k] = "Anote una cantidad, p. ej. 1500.00";
  return {
    min_months_past_due: minM as number,
    max_months_past_due: maxM,
    min_debt: f.min_debt.trim() || null,
    max_debt: f.max_debt.trim() || null,
    property_classes: f.classes,
    neighborhood_ids: f.hoods,
    sectors: f.sectors,
  };
}

/**
 * The preview of a form's rules and the create step: a preview is "fresh" while the rules are
 * still the ones previewed (creating needs a fresh one). `busy` tells which call is running;
 * `message` is the server's error.
 */
export function useRulesPreview<R, P extends { count: number }>(previewOf: (rules: R) => Promise<P>) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [preview, setPreview] = useState<{ key: string; data: P } | null>(null);
  const [busy, setBusy] = useState<"preview" | "create" | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const isFresh = (rules: R | null) => !!preview && preview.key === JSON.stringify(rules);

  const doPreview = async (r: RulesResult<R>) => {
    setErrors(r.errors);
    setMessage(null);
    if (!r.rules) return;
    setBusy("preview");
    try {
      setPreview({ key: JSON.stringify(r.rules), data: await previewOf(r.rules) });
    } catch (e) {
      setMessage((e as ApiError).message);
    } finally {
      setBusy(null);
    }
  };

  /** Check the rules and the name (3 letters or more), ask `question(count)`, then create; `done` on success. */
  const doCreate = async <T,>(r: RulesResult<R>, name: string, question: (count: number | string) => string, create: (rules: R) => Promise<T>, done: (created: T) => void) => {
    const e = { ...r.errors };
    if (name.trim().length < 3) e.name = "Anote un nombre (3 letras o más).";
    setErrors(e);
    if (!r.rules || Object.keys(e).length) return;
    if (!confirm(question(preview?.data.count ?? "?"))) return;
    setBusy("create");
    setMessage(null);
    try {
      const created = await create(r.rules);
      setPreview(null);
      done(created);
    } catch (err) {
      const ae = err as ApiError;
      const fieldErrors = (ae.body as { errors?: { json?: Record<string, unknown> } })?.errors?.json;
      setMessage(fieldErrors ? `${ae.message}: ${JSON.stringify(fieldErrors)}` : ae.message);
    } finally {
      setBusy(null);
    }
  };

  return { errors, preview: preview?.data ?? null, busy, message, isFresh, doPreview, doCreate };
}

/**
 * The selection fields: months past due and debt range (in a two-column grid, after `children`),
 * property classes, colonias (filtered by name; a choice hidden by the filter is kept) and
 * sectors. Element ids start with `idPrefix`, test ids with `testidPrefix`.
 */
export function RulesFields(props: {
  idPrefix: string;
  testidPrefix: string;
  value: SelectionForm;
  errors: FieldErrors;
  onChange: (patch: Partial<SelectionForm>) => void;
  children?: ComponentChildren;
}) {
  const { idPrefix: id, testidPrefix: tid, value: form, errors, onChange: set } = props;
  const [hoodFilter, setHoodFilter] = useState("");
  const hoods = useLoad(listNeighborhoods, []);
  const sectors = useMemo(() => [...new Set((hoods.data ?? []).map((h) => h.sector).filter((s): s is string => !!s))].sort(), [hoods.data]);
  const shownHoods = (hoods.data ?? []).filter((h) => h.name.toLowerCase().includes(hoodFilter.toLowerCase()));
  return (
    <>
      <div class="grid2">
        {props.children}
        <TextField id={`${id}-min-m`} type="number" label="Meses vencidos, mínimo" value={form.min_months} onInput={(x) => set({ min_months: x })} error={errors.min_months} testid={`${tid}-min-months`} inputMode="numeric" />
        <TextField id={`${id}-max-m`} type="number" label="Meses vencidos, máximo (opcional)" value={form.max_months} onInput={(x) => set({ max_months: x })} error={errors.max_months} testid={`${tid}-max-months`} inputMode="numeric" />
        <TextField id={`${id}-min-d`} label="Adeudo mínimo (opcional)" value={form.min_debt} onInput={(x) => set({ min_debt: x })} error={errors.min_debt} testid={`${tid}-min-debt`} inputMode="decimal" />
        <TextField id={`${id}-max-d`} label="Adeudo máximo (opcional)" value={form.max_debt} onInput={(x) => set({ max_debt: x })} error={errors.max_debt} testid={`${tid}-max-debt`} inputMode="decimal" />
      </div>
      <fieldset>
        <legend>Clases de predio (ninguna = todas)</legend>
        {Object.entries(PROPERTY_CLASS_LABELS).map(([k, l]) => (
          <Check key={k} id={`${id}-class-${k}`} label={l} checked={form.classes.includes(k)} onChange={(on) => set({ classes: on ? [...form.classes, k] : form.classes.filter((x) => x !== k) })} testid={`${tid}-class-${k}`} />
        ))}
      </fieldset>
      <fieldset>
        <legend>Colonias (ninguna = todas)</legend>
        {hoods.busy && <Spinner label="Cargando colonias…" />}
        <label for={`${id}-hood-filter`}>Filtrar colonias</label>
        <input id={`${id}-hood-filter`} type="search" value={hoodFilter} onInput={(e) => setHoodFilter((e.currentTarget as HTMLInputElement).value)} data-testid={`${tid}-neighborhood-filter`} />
        <label for={`${id}-hoods`}>Seleccione (Ctrl o mantenga presionado para varias)</label>
        <select
          id={`${id}-hoods`}
          multiple
          size={8}
          data-testid={`${tid}-neighborhoods`}
          onChange={(e) => {
            const sel = Array.from((e.currentTarget as HTMLSelectElement).selectedOptions).map((o) => Number(o.value));
            const hidden = form.hoods.filter((hid) => !shownHoods.some((h) => h.id === hid));
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
            <Check key={s} id={`${id}-sector-${s}`} label={`Sector ${s}`} checked={form.sectors.includes(s)} onChange={(on) => set({ sectors: on ? [...form.sectors, s] : form.sectors.filter((x) => x !== s) })} testid={`${tid}-sector-${s}`} />
          ))}
        </fieldset>
      )}
    </>
  );
}

/** What a preview of either screen holds. */
export interface PreviewData {
  count: number;
  total_debt: Money;
  by_neighborhood: { neighborhood_id?: number; neighborhood: string; sector?: string | null; count: number; total_debt: Money }[];
  sample: { account_id?: string; account_number: string; holder_name: string; address: string; neighborhood: string; debt: Money; months_past_due: number }[];
}

/**
 * A preview: accounts and total debt (then `figures`), `children` (notes), the table by colonia and
 * a sample of accounts. `testidPrefix` names the figures and tables (`…-count`, `…-total-debt`,
 * `…-by-neighborhood`, `…-sample`).
 */
export function RulesPreview(props: {
  data: PreviewData;
  fresh: boolean;
  titleId: string;
  testid: string;
  testidPrefix: string;
  figures?: ComponentChildren;
  children?: ComponentChildren;
  caption?: string;
  sampleSummary: string;
}) {
  const { data: p, fresh, testidPrefix: tid } = props;
  return (
    <section aria-labelledby={props.titleId} data-testid={props.testid} data-fresh={fresh ? "true" : "false"}>
      <h3 id={props.titleId}>Vista previa {fresh ? "" : "(de reglas anteriores)"}</h3>
      <div class="figures">
        <div class="figure">
          Cuentas <span class="v" data-testid={`${tid}-count`}>{p.count}</span>
        </div>
        <div class="figure">
          Adeudo total{" "}
          <span class="v" data-testid={`${tid}-total-debt`} data-value={p.total_debt}>
            {money(p.total_debt)}
          </span>
        </div>
        {props.figures}
      </div>
      {props.children}
      <div class="table-wrap">
        <table data-testid={`${tid}-by-neighborhood`}>
          {props.caption && <caption class="visually-hidden">{props.caption}</caption>}
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
          <summary>{props.sampleSummary}</summary>
          <div class="table-wrap">
            <table data-testid={`${tid}-sample`}>
              <tbody>
                {p.sample.map((s) => (
                  <tr key={s.account_id ?? s.account_number}>
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
  );
}
