/** "Indicadores": live indicators of a month with snapshots, strategy effectiveness and field productivity. */
import { useEffect, useState } from "preact/hooks";
import { money } from "../../domain/time";
import { isManager } from "../../state/session";
import { Banner, Spinner } from "../../ui/components";
import { downloadAuthed } from "../disconnections/download";
import * as api from "./api";
import { T } from "./texts";

type Tab = "values" | "strategies" | "productivity" | "snapshots";
const TAB_OF: Record<string, Tab> = { estrategias: "strategies", productividad: "productivity", instantaneas: "snapshots" };
const HREF: Record<Tab, string> = { values: "#/indicadores", strategies: "#/indicadores/estrategias", productivity: "#/indicadores/productividad", snapshots: "#/indicadores/instantaneas" };

const pad = (n: number) => String(n).padStart(2, "0");
const today = new Date();
const thisMonth = `${today.getFullYear()}-${pad(today.getMonth() + 1)}`;
const firstOfMonth = `${thisMonth}-01`;
const todayIso = `${thisMonth}-${pad(today.getDate())}`;

function errText(e: unknown): string {
  return (e as { message?: string })?.message ?? "No se pudo completar la consulta.";
}

/** Run `load` and keep its result, busy state and error in one place. */
function useLoad<R>() {
  const [data, setData] = useState<R | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (load: () => Promise<R>) => {
    setBusy(true);
    setError(null);
    try {
      setData(await load());
    } catch (e) {
      setError(errText(e));
    } finally {
      setBusy(false);
    }
  };
  return { data, busy, error, run, setError };
}

export default function IndicatorsScreen({ tab }: { tab?: string }) {
  const current: Tab = TAB_OF[tab ?? ""] ?? "values";
  return (
    <section class="indicators" data-testid="indicators-screen">
      <h2>{T.title}</h2>
      <nav class="indicators-tabs" role="tablist">
        {(Object.keys(HREF) as Tab[]).map((t) => (
          <a key={t} href={HREF[t]} role="tab" aria-selected={t === current} class={t === current ? "indicators-tab active" : "indicators-tab"} data-testid={`indicators-tab-${t}`}>{T.tabs[t]}</a>
        ))}
      </nav>
      {current === "values" && <ValuesTab />}
      {current === "snapshots" && <SnapshotsTab />}
      {current === "strategies" && <StrategiesTab />}
      {current === "productivity" && <ProductivityTab />}
    </section>
  );
}

function ValuesTab() {
  const [month, setMonth] = useState(thisMonth);
  const values = useLoad<api.Values>();
  const [taken, setTaken] = useState<string | null>(null);
  const [taking, setTaking] = useState(false);
  useEffect(() => { void values.run(() => api.liveValues(month)); }, []);
  const take = async () => {
    setTaking(true);
    setTaken(null);
    try {
      const s = await api.takeSnapshot(month);
      setTaken(T.taken(s.period, s.version));
    } catch (e) {
      values.setError(errText(e));
    } finally {
      setTaking(false);
    }
  };
  const v = values.data;
  return (
    <div>
      <form class="indicators-filters" onSubmit={(e) => { e.preventDefault(); void values.run(() => api.liveValues(month)); }}>
        <label>{T.month} <input type="month" value={month} data-testid="indicators-month" onInput={(e) => setMonth((e.target as HTMLInputElement).value)} /></label>
        <button type="submit" data-testid="indicators-load">{T.load}</button>
        {isManager.value ? <button type="button" onClick={take} disabled={taking} data-testid="indicators-take">{T.takeSnapshot}</button> : <small>{T.directorReads}</small>}
      </form>
      {taking && <Spinner label={T.taking} />}
      {taken && <Banner kind="info" testid="indicators-taken">{taken}</Banner>}
      {values.error && <Banner kind="bad" testid="indicators-error">{values.error}</Banner>}
      {values.busy && <Spinner />}
      {v && (
        <>
          <table class="indicators-table" data-testid="indicators-values">
            <thead><tr><th>{T.indicator}</th><th>{T.value}</th></tr></thead>
            <tbody>
              {Object.entries(v.indicators).map(([k, val]) => (
                <tr key={k} data-testid="indicators-value-row" data-key={k}><td>{v.catalogue.indicators[k] ?? k}</td><td class="num">{api.pct(val)}</td></tr>
              ))}
            </tbody>
          </table>
          <table class="indicators-table" data-testid="indicators-measures">
            <thead><tr><th>{T.measure}</th><th>{T.value}</th></tr></thead>
            <tbody>
              {Object.entries(v.measures).map(([k, val]) => {
                const meta = v.catalogue.measures[k];
                return <tr key={k}><td>{meta?.label ?? k}</td><td class="num">{meta?.kind === "money" ? money(val) : String(val ?? "—")}</td></tr>;
              })}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

function SnapshotsTab() {
  const [year, setYear] = useState(today.getFullYear());
  const list = useLoad<api.SnapshotSummary[]>();
  const diff = useLoad<api.DiffRow[]>();
  const [comparing, setComparing] = useState<number | null>(null);
  useEffect(() => { void list.run(() => api.snapshots(year)); }, []);
  const download = () => downloadAuthed(api.pigooPath(year), `pigoo-comercial-${year}.xlsx`).catch((e) => list.setError(errText(e)));
  return (
    <div>
      <form class="indicators-filters" onSubmit={(e) => { e.preventDefault(); void list.run(() => api.snapshots(year)); }}>
        <label>{T.year} <input type="number" min={2000} max={2100} value={year} data-testid="indicators-year" onInput={(e) => setYear(Number((e.target as HTMLInputElement).value))} /></label>
        <button type="submit">{T.load}</button>
        <button type="button" onClick={download} data-testid="indicators-pigoo">{T.pigoo}</button>
      </form>
      {list.error && <Banner kind="bad" testid="indicators-error">{list.error}</Banner>}
      {list.busy && <Spinner />}
      {list.data && list.data.length === 0 && <p>{T.noSnapshots}</p>}
      {list.data && list.data.length > 0 && (
        <table class="indicators-table" data-testid="indicators-snapshots">
          <thead><tr><th>{T.month}</th><th>{T.version}</th><th>{T.takenAt}</th><th>{T.note}</th><th /></tr></thead>
          <tbody>
            {list.data.map((s) => (
              <tr key={s.id} data-testid="indicators-snapshot-row">
                <td>{s.period}</td><td class="num">{s.version}</td><td>{new Date(s.taken_at).toLocaleString("es-MX")}</td><td>{s.note ?? ""}</td>
                <td><button type="button" data-testid="indicators-compare" onClick={() => { setComparing(s.id); void diff.run(() => api.compare(s.id)); }}>{T.compare}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {diff.busy && <Spinner label={T.comparing} />}
      {diff.error && <Banner kind="bad">{diff.error}</Banner>}
      {comparing !== null && diff.data && (
        <table class="indicators-table" data-testid="indicators-diff">
          <thead><tr><th>{T.measure}</th><th>{T.stored}</th><th>{T.live}</th><th>{T.difference}</th></tr></thead>
          <tbody>
            {diff.data.map((r) => (
              <tr key={r.key} class={r.changed ? "indicators-changed" : ""} data-testid="indicators-diff-row" data-changed={String(r.changed)}>
                <td>{r.label}</td><td class="num">{r.stored ?? "—"}</td><td class="num">{r.live ?? "—"}</td><td class="num">{r.difference ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {comparing !== null && diff.data && diff.data.every((r) => !r.changed) && <p data-testid="indicators-unchanged">{T.unchanged}</p>}
    </div>
  );
}

function RangeForm({ filters, setFilters, onSubmit, withClass, kind, onError }: {
  filters: api.Filters; setFilters: (f: api.Filters) => void; onSubmit: () => void; withClass: boolean;
  kind: "strategies" | "productivity"; onError: (m: string) => void;
}) {
  const set = (k: keyof api.Filters) => (e: Event) => setFilters({ ...filters, [k]: (e.target as HTMLInputElement).value });
  const download = (fmt: "xlsx" | "pdf") => downloadAuthed(api.reportPath(kind, fmt, filters), `${kind === "strategies" ? "estrategias" : "productividad"}.${fmt}`).catch((e) => onError(errText(e)));
  return (
    <form class="indicators-filters" onSubmit={(e) => { e.preventDefault(); onSubmit(); }}>
      <label>{T.from} <input type="date" value={filters.from} data-testid="indicators-from" onInput={set("from")} /></label>
      <label>{T.to} <input type="date" value={filters.to} data-testid="indicators-to" onInput={set("to")} /></label>
      {withClass && (
        <>
          <label>{T.cls} <select value={filters.property_class ?? ""} data-testid="indicators-class" onChange={set("property_class")}>
            <option value="">{T.all}</option>
            {Object.entries(T.classes).map(([k, l]) => <option key={k} value={k}>{l}</option>)}
          </select></label>
          <label>{T.service} <select value={filters.service ?? ""} onChange={set("service")}>
            <option value="">{T.allServices}</option>
            {Object.entries(T.services).map(([k, l]) => <option key={k} value={k}>{l}</option>)}
          </select></label>
        </>
      )}
      <button type="submit" data-testid="indicators-run">{T.load}</button>
      <button type="button" onClick={() => download("xlsx")} data-testid={`indicators-${kind}-xlsx`}>{T.excel}</button>
      <button type="button" onClick={() => download("pdf")} data-testid={`indicators-${kind}-pdf`}>{T.pdf}</button>
    </form>
  );
}

function StrategiesTab() {
  const [filters, setFilters] = useState<api.Filters>({ from: firstOfMonth, to: todayIso });
  const rep = useLoad<api.Report<api.StrategyRow>>();
  useEffect(() => { void rep.run(() => api.strategies(filters)); }, []);
  const W = [15, 30, 60] as const;
  const t = rep.data?.totals;
  return (
    <div>
      <RangeForm filters={filters} setFilters={setFilters} withClass kind="strategies" onError={rep.setError} onSubmit={() => void rep.run(() => api.strategies(filters))} />
      {rep.error && <Banner kind="bad" testid="indicators-error">{rep.error}</Banner>}
      {rep.busy && <Spinner />}
      {rep.data && (
        <table class="indicators-table" data-testid="indicators-strategies">
          <thead><tr><th>{T.strategy}</th><th>{T.actions}</th><th>{T.accounts}</th>{W.map((w) => <th key={w}>{T.within(w)}</th>)}{W.map((w) => <th key={`a${w}`}>{T.collected(w)}</th>)}</tr></thead>
          <tbody>
            {rep.data.rows.map((r) => (
              <tr key={r.strategy} data-testid="indicators-strategy-row" data-strategy={r.strategy}>
                <td>{r.label}</td><td class="num">{r.actions}</td><td class="num">{r.accounts}</td>
                {W.map((w) => <td key={w} class="num">{r[`responded_${w}`]} ({api.pct(r[`rate_${w}`])})</td>)}
                {W.map((w) => <td key={`a${w}`} class="num">{money(r[`amount_${w}`])}</td>)}
              </tr>
            ))}
            {t && (
              <tr class="indicators-total"><td>{T.total}</td><td class="num">{t.actions}</td><td class="num">{t.accounts}</td>
                {W.map((w) => <td key={w} class="num">{t[`responded_${w}`]}</td>)}
                {W.map((w) => <td key={`a${w}`} class="num" data-testid={`indicators-total-${w}`}>{money(t[`amount_${w}`])}</td>)}</tr>
            )}
          </tbody>
        </table>
      )}
    </div>
  );
}

function ProductivityTab() {
  const [filters, setFilters] = useState<api.Filters>({ from: firstOfMonth, to: todayIso });
  const rep = useLoad<api.Report<api.ProductivityRow>>();
  useEffect(() => { void rep.run(() => api.productivity(filters)); }, []);
  return (
    <div>
      <RangeForm filters={filters} setFilters={setFilters} withClass={false} kind="productivity" onError={rep.setError} onSubmit={() => void rep.run(() => api.productivity(filters))} />
      {rep.error && <Banner kind="bad" testid="indicators-error">{rep.error}</Banner>}
      {rep.busy && <Spinner />}
      {rep.data && rep.data.rows.length === 0 && <p>{T.none}</p>}
      {rep.data && rep.data.rows.length > 0 && (
        <table class="indicators-table" data-testid="indicators-productivity">
          <thead><tr><th>{T.day}</th><th>{T.worker}</th><th>{T.assigned}</th><th>{T.done}</th><th>{T.pending}</th><th>{T.visits}</th><th>{T.far}</th><th>{T.outcomes}</th><th>{T.syncDelay}</th></tr></thead>
          <tbody>
            {rep.data.rows.map((r) => (
              <tr key={`${r.day}-${r.worker_id}`} data-testid="indicators-productivity-row">
                <td>{r.day}</td><td>{r.worker}</td><td class="num">{r.assigned}</td><td class="num">{r.done}</td><td class="num">{r.pending}</td>
                <td class="num">{r.visits}</td><td class="num">{r.far}</td>
                <td>{Object.entries(r.outcomes).map(([k, n]) => `${k}: ${n}`).join(", ")}</td>
                <td class="num">{r.sync_delay_avg_min ?? "—"} / {r.sync_delay_max_min ?? "—"}</td>
              </tr>
            ))}
            <tr class="indicators-total"><td colSpan={2}>{T.total}</td><td class="num">{rep.data.totals.assigned}</td><td class="num">{rep.data.totals.done}</td>
              <td class="num">{rep.data.totals.pending}</td><td class="num">{rep.data.totals.visits}</td><td class="num">{rep.data.totals.far}</td><td /><td /></tr>
          </tbody>
        </table>
      )}
    </div>
  );
}
