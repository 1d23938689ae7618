/** Campaign builder (office): rules, a preview (count, total debt, by colonia), then "Crear campaña". */
import { useMemo, useState } from "preact/hooks";
import { ApiError } from "../../api/errors";
import { NOTICE_KIND_LABELS, PROPERTY_CLASS_LABELS } from "../../domain/outcomes";
import { dateTime, money } from "../../domain/time";
import { canWriteOffice } from "../../state/session";
import { Banner, Check, Spinner, TextField } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { createCampaign, listCampaigns, listNeighborhoods, previewCampaign, type Campaign, type Preview, type Rules } from "./api";

interface Form {
  name: string;
  notice_kind: "informal" | "formal";
  min_months: string;
  max_months: string;
  min_debt: string;
  max_debt: string;
  classes: string[];
  hoods: number[];
  sectors: string[];
  excl_agreement: boolean;
  excl_dispute: boolean;
  excl_open_notice: boolean;
  excl_days: string;
  starts_on: string;
  ends_on: string;
  approving_act: string;
}

const EMPTY: Form = {
  name: "",
  notice_kind: "informal",
  min_months: "2",
  max_months: "",
  min_debt: "",
  max_debt: "",
  classes: [],
  hoods: [],
  sectors: [],
  excl_agreement: true,
  excl_dispute: true,
  excl_open_notice: true,
  excl_days: "30",
  starts_on: "",
  ends_on: "",
  approving_act: "",
};

const MONEY_RE = /^\d+(\.\d{1,2})?$/;

/** Rules from the form, or field errors. */
export function rulesFrom(f: Form): { rules: Rules | null; errors: Record<string, string> } {
  const e: Record<string, string> = {};
  const int = (s: string) => (s.trim() === "" ? null : Number(s));
  const minM = int(f.min_months);
  if (minM === null || !Number.isInteger(minM) || minM < 0) e.min_months = "Anote un número de meses (0 o más).";
  const maxM = int(f.max_months);
  if (maxM !== null && (!Number.isInteger(maxM) || (minM !== null && maxM < minM))) e.max_months = "Debe ser un entero mayor o igual al mínimo.";
  for (const k of ["min_debt", "max_debt"] as const) if (f[k].trim() && !MONEY_RE.test(f[k].trim())) e[k] = "Anote una cantidad, p. ej. 1500.00";
  const days = int(f.excl_days);
  if (days !== null && (!Number.isInteger(days) || days < 0)) e.excl_days = "Anote días (0 o más).";
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
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<{ key: string; data: Preview } | null>(null);
  const [busy, setBusy] = useState<"preview" | "create" | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [created, setCreated] = useState<Campaign | null>(null);
  const [hoodFilter, setHoodFilter] = useState("");
  const hoods = useLoad(listNeighborhoods, []);
  const campaigns = useLoad(() => listCampaigns(), []);
  const set = (p: Partial<Form>) => setForm((f) => ({ ...f, ...p }));
  const { rules } = rulesFrom(form);
  const rulesKey = JSON.stringify(rules);
  const fresh = preview && preview.key === rulesKey;
  const sectors = useMemo(() => [...new Set((hoods.data ?? []).map((h) => h.sector).filter((s): s is string => !!s))].sort(), [hoods.data]);
  const shownHoods = (hoods.data ?? []).filter((h) => h.name.toLowerCase().includes(hoodFilter.toLowerCase()));

  const doPreview = async () => {
    const r = rulesFrom(form);
    setErrors(r.errors);
    setMessage(null);
    if (!r.rules) return;
    setBusy("preview");
    try {
      setPreview({ key: JSON.stringify(r.rules), data: await previewCampaign(r.rules) });
    } catch (e) {
      setMessage((e as ApiError).message);
    } finally {
      setBusy(null);
    }
  };

  const doCreate = async () => {
    const r = rulesFrom(form);
    const e = { ...r.errors };
    if (form.name.trim().length < 3) e.name = "Anote un nombre (3 letras o más).";
    setErrors(e);
    if (!r.rules || Object.keys(e).length) return;
    if (!confirm(`¿Crear la campaña "${form.name}" con ${preview?.data.count ?? "?"} avisos?`)) return;
    setBusy("create");
    setMessage(null);
    try {
      const c = await createCampaign({
        name: form.name.trim(),
        notice_kind: form.notice_kind,
        rules: r.rules,
        starts_on: form.starts_on || null,
        ends_on: form.ends_on || null,
        approving_act: form.approving_act.trim() || null,
      });
      setCreated(c);
      setForm(EMPTY);
      setPreview(null);
      campaigns.reload();
    } catch (err) {
      const ae = err as ApiError;
      const fieldErrors = (ae.body as { errors?: { json?: Record<string, string[]> } })?.errors?.json;
      setMessage(fieldErrors ? `${ae.message}: ${JSON.stringify(fieldErrors)}` : ae.message);
    } finally {
      setBusy(null);
    }
  };

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
      <form onSubmit={(e) => (e.preventDefault(), void doPreview())} data-testid="campaign-form">
        <h3>Nueva campaña</h3>
        <div class="grid2">
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
          <TextField id="c-min-m" type="number" label="Meses vencidos, mínimo" value={form.min_months} onInput={(x) => set({ min_months: x })} error={errors.min_months} testid="campaign-min-months" inputMode="numeric" />
          <TextField id="c-max-m" type="number" label="Meses vencidos, máximo (opcional)" value={form.max_months} onInput={(x) => set({ max_months: x })} error={errors.max_months} testid="campaign-max-months" inputMode="numeric" />
          <TextField id="c-min-d" label="Adeudo mínimo (opcional)" value={form.min_debt} onInput={(x) => set({ min_debt: x })} error={errors.min_debt} testid="campaign-min-debt" inputMode="decimal" />
          <TextField id="c-max-d" label="Adeudo máximo (opcional)" value={form.max_debt} onInput={(x) => set({ max_debt: x })} error={errors.max_debt} testid="campaign-max-debt" inputMode="decimal" />
        </div>
        <fieldset>
          <legend>Clases de predio (ninguna = todas)</legend>
          {Object.entries(PROPERTY_CLASS_LABELS).map(([k, l]) => (
            <Check key={k} id={`c-class-${k}`} label={l} checked={form.classes.includes(k)} onChange={(on) => set({ classes: on ? [...form.classes, k] : form.classes.filter((x) => x !== k) })} testid={`campaign-class-${k}`} />
          ))}
        </fieldset>
        <fieldset>
          <legend>Colonias (ninguna = todas)</legend>
          {hoods.busy && <Spinner label="Cargando colonias…" />}
          <label for="c-hood-filter">Filtrar colonias</label>
          <input id="c-hood-filter" type="search" value={hoodFilter} onInput={(e) => setHoodFilter((e.currentTarget as HTMLInputElement).value)} data-testid="campaign-neighborhood-filter" />
          <label for="c-hoods">Seleccione (Ctrl o mantenga presionado para varias)</label>
          <select
            id="c-hoods"
            multiple
            size={8}
            data-testid="campaign-neighborhoods"
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
              <Check key={s} id={`c-sector-${s}`} label={`Sector ${s}`} checked={form.sectors.includes(s)} onChange={(on) => set({ sectors: on ? [...form.sectors, s] : form.sectors.filter((x) => x !== s) })} testid={`campaign-sector-${s}`} />
            ))}
          </fieldset>
        )}
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
            <button type="button" onClick={() => void doCreate()} disabled={busy !== null || !fresh} data-testid="campaign-create" title={fresh ? "" : "Primero haga la vista previa de estas reglas"}>
              {busy === "create" ? <Spinner label="Creando avisos…" /> : "Crear campaña"}
            </button>
          )}
        </div>
        {!fresh && canWriteOffice.value && <p class="hint">Para crear la campaña, primero vea la vista previa de estas reglas.</p>}
        {message && <p class="error" role="alert" data-testid="campaign-error">{message}</p>}
      </form>

      {preview && (
        <section aria-labelledby="preview-title" data-testid="campaign-preview-result" data-fresh={fresh ? "true" : "false"}>
          <h3 id="preview-title">Vista previa {fresh ? "" : "(de reglas anteriores)"}</h3>
          <div class="figures">
            <div class="figure">
              Cuentas <span class="v" data-testid="preview-count">{preview.data.count}</span>
            </div>
            <div class="figure">
              Adeudo total <span class="v" data-testid="preview-total-debt" data-value={preview.data.total_debt}>{money(preview.data.total_debt)}</span>
            </div>
          </div>
          {preview.data.exclusions_not_applied?.length ? <p class="hint">Exclusiones aún sin datos para aplicarse: {preview.data.exclusions_not_applied.join(", ")}</p> : null}
          <div class="table-wrap">
            <table data-testid="preview-by-neighborhood">
              <thead>
                <tr>
                  <th>Colonia</th>
                  <th>Sector</th>
                  <th class="num">Cuentas</th>
                  <th class="num">Adeudo</th>
                </tr>
              </thead>
              <tbody>
                {preview.data.by_neighborhood.map((h) => (
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
          {preview.data.sample?.length > 0 && (
            <details>
              <summary>Muestra de cuentas</summary>
              <div class="table-wrap">
                <table>
                  <tbody>
                    {preview.data.sample.map((s) => (
                      <tr key={s.account_id}>
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
