/**
 * "Facturación" (#/facturacion): the billed months with their status; a month (#/facturacion/<YYYY-MM>) shows the
 * month-to-month comparison (chart and its table twin), the large consumers with the manager's actions, the
 * Excel/PDF downloads, and "Autorizar" — disabled, with the reason, while any deviating consumer is pending.
 */
import { useState } from "preact/hooks";
import { isManager } from "../../state/session";
import { Banner, Spinner } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { downloadAuthed } from "../disconnections/download";
import { listNeighborhoods } from "../campaigns/api";
import { type ComparisonFilters, NO_FILTERS, authorizePeriod, comparisonPath, getComparison, listConsumers, listPeriods } from "./api";
import { ComparisonChart } from "./ComparisonChart";
import { ComparisonTable } from "./ComparisonTable";
import { ConsumersPanel } from "./ConsumersPanel";
import { FlagForm } from "./FlagForm";
import { B, CLASS_LABELS, CONCEPT_LABELS, SERVICE_LABELS, monthName } from "./texts";

function Periods() {
  const { data, error, busy } = useLoad(listPeriods, []);
  return (
    <section>
      <h2>{B.title}</h2>
      <p class="hint">{B.periodsIntro}</p>
      {error && <Banner kind="bad">{error}</Banner>}
      {busy && !data && <Spinner />}
      {data && data.length === 0 && <p class="hint">{B.noPeriods}</p>}
      {data && data.length > 0 && (
        <ul class="billing-periods" data-testid="billing-periods">
          {data.map((p) => (
            <li key={p.period} data-testid="billing-period" data-status={p.status}>
              <a href={`#/facturacion/${p.period}`}>{monthName(p.period)}</a>{" "}
              <span class={`billing-status billing-${p.status}`}>{B.status[p.status]}</span>
              {p.status === "authorized" && <span class="hint"> · {B.authorizedBy(p.authorized_by, p.authorized_at)}</span>}
            </li>
          ))}
        </ul>
      )}
      {isManager.value && <FlagForm />}
    </section>
  );
}

function Filters({ value, onChange }: { value: ComparisonFilters; onChange: (update: (f: ComparisonFilters) => ComparisonFilters) => void }) {
  const { data: hoods } = useLoad(listNeighborhoods, []);
  // Read the value now and merge it into the latest filters (two quick changes must both stick).
  const set = (key: keyof ComparisonFilters) => (e: Event) => {
    const v = (e.target as HTMLSelectElement).value;
    onChange((f) => ({ ...f, [key]: v }));
  };
  return (
    <div class="billing-filters">
      <label for="billing-f-colonia">{B.colonia}</label>
      <select id="billing-f-colonia" value={value.neighborhood_id} onChange={set("neighborhood_id")} data-testid="billing-f-colonia">
        <option value="">{B.all}</option>
        {(hoods ?? []).map((h) => <option key={h.id} value={String(h.id)}>{h.name}</option>)}
      </select>
      <label for="billing-f-class">{B.cls}</label>
      <select id="billing-f-class" value={value.property_class} onChange={set("property_class")} data-testid="billing-f-class">
        <option value="">{B.all}</option>
        {Object.entries(CLASS_LABELS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
      </select>
    </div>
  );
}

function Downloads({ period, filters }: { period: string; filters: ComparisonFilters }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const get = async (kind: "xlsx" | "pdf") => {
    setBusy(kind);
    setError(null);
    try {
      await downloadAuthed(comparisonPath(period, kind, filters), `facturacion-${period}.${kind}`);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div class="actions">
      <button type="button" class="secondary" disabled={!!busy} onClick={() => get("xlsx")} data-testid="billing-xlsx">{B.downloadXlsx}</button>
      <button type="button" class="secondary" disabled={!!busy} onClick={() => get("pdf")} data-testid="billing-pdf">{B.downloadPdf}</button>
      {busy && <Spinner label={B.downloading} />}
      {error && <Banner kind="bad">{error}</Banner>}
    </div>
  );
}

function Authorize({ period, refresh, onDone }: { period: string; refresh: number; onDone: () => void }) {
  const { data } = useLoad(() => listConsumers(period, "pending", 1), [period, refresh]);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!data) return null;
  if (data.period.status === "authorized")
    return <Banner kind="info" testid="billing-authorized">{B.authorizedBy(data.period.authorized_by, data.period.authorized_at)}</Banner>;
  const pending = data.summary.pending;
  const reason = !isManager.value ? B.authorizeReadOnly : pending > 0 ? B.authorizeBlocked(pending) : null;
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      await authorizePeriod(period, note);
      onDone();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="billing-authorize" aria-labelledby="billing-auth-title">
      <h3 id="billing-auth-title">{B.authorize}</h3>
      {isManager.value && (
        <>
          <label for="billing-auth-note">{B.authorizeNote}</label>
          <textarea id="billing-auth-note" value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} data-testid="billing-auth-note" />
        </>
      )}
      <button type="button" disabled={busy || !!reason} aria-describedby={reason ? "billing-auth-why" : undefined} onClick={go} data-testid="billing-authorize">{B.authorize}</button>
      {reason && <p id="billing-auth-why" class="hint" data-testid="billing-auth-why">{reason}</p>}
      {error && <Banner kind="bad" testid="billing-auth-error">{error}</Banner>}
    </section>
  );
}

function PeriodPage({ period }: { period: string }) {
  const [refresh, setRefresh] = useState(0);
  const bump = () => setRefresh((n) => n + 1);
  const [filters, setFilters] = useState<ComparisonFilters>(NO_FILTERS);
  const { data, error, busy } = useLoad(() => getComparison(period, filters), [period, refresh, filters.neighborhood_id, filters.property_class]);
  return (
    <section>
      <p><a href="#/facturacion">{B.back}</a></p>
      <h2>{B.periodTitle(period)}</h2>
      {data?.status === "draft" && <Banner kind="warn" testid="billing-preliminary">{B.preliminary}</Banner>}
      <Filters value={filters} onChange={setFilters} />
      <Downloads period={period} filters={filters} />
      {error && <Banner kind="bad">{error}</Banner>}
      {busy && !data && <Spinner />}
      {data && (
        <section aria-labelledby="billing-cmp-title">
          <h3 id="billing-cmp-title">{B.comparison}</h3>
          <p class="hint">{B.comparedWith(data.periods.previous, data.periods.last_year)}</p>
          <ComparisonChart data={data} />
          <ComparisonTable caption={B.byClass} keys={[B.col.cls]} rows={data.by_class} total={data.total} testid="billing-by-class"
            label={(r) => [CLASS_LABELS[r.property_class ?? ""] ?? r.property_class ?? ""]} />
          <ComparisonTable caption={B.byService} keys={[B.col.service, B.col.concept]} rows={data.by_service} total={data.total} testid="billing-by-service"
            label={(r) => [SERVICE_LABELS[r.service ?? ""] ?? r.service ?? "", CONCEPT_LABELS[r.concept ?? ""] ?? r.concept ?? ""]} />
        </section>
      )}
      <ConsumersPanel period={period} canDecide={isManager.value && data?.status === "draft"} refresh={refresh} onChange={bump} />
      <Authorize period={period} refresh={refresh} onDone={bump} />
    </section>
  );
}

export default function BillingScreen({ period }: { period?: string }) {
  return period && /^\d{4}-(0[1-9]|1[0-2])$/.test(period) ? <PeriodPage period={period} /> : <Periods />;
}
