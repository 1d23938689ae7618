/**
 * "Informes" (`#/reportes`, `#/reportes/<key>`, manager and director): the catalogue, each report
 * with its filters, table and totals, the Excel/PDF export with progress, and the drill-down list of
 * accounts (`#/reportes/accounts?...`) whose rows open the account page (`#/cuentas/<id>`).
 */
import { useEffect, useState } from "preact/hooks";
import { money } from "../../domain/time";
import { route } from "../../state/router";
import { Banner, Pager, Spinner } from "../../ui/components";
import { type Colonia, type DrillPage, getAccounts, getColonias, getReport, type Report } from "./api";
import { useRefreshWhileStale } from "./stale";
import { ExportPanel } from "./ExportPanel";
import { accountHref, drillTitle, query } from "./format";
import { ArrearsView, ByServiceView, DebtorsView, follow, RecoveryView } from "./ReportViews";
import { CATALOGUE, CLASSES, SERVICES, T } from "./texts";

const FILTER_KEYS = ["as_of", "from", "to", "property_class", "service", "neighborhood_id", "sector", "top"];
const RANGED = new Set(["recovery", "arrears-by-service"]);

function paramsOf(q: URLSearchParams, keys = FILTER_KEYS): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = q.get(k);
    if (v) out[k] = v;
  }
  return out;
}

function Catalogue() {
  return (
    <section>
      <h2>{T.reports}</h2>
      <ul class="reports-catalogue">
        {CATALOGUE.map((c) => (
          <li key={c.key}>
            <a href={c.href} data-testid={`report-link-${c.key}`}>
              {c.title}
            </a>
            <p class="meta">{c.description}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Filters({ report, params }: { report: string; params: Record<string, string> }) {
  const [form, setForm] = useState<Record<string, string>>(params);
  const [colonias, setColonias] = useState<Colonia[]>([]);
  useEffect(() => {
    getColonias().then(setColonias, () => setColonias([]));
  }, []);
  const set = (k: string) => (e: Event) => setForm({ ...form, [k]: (e.target as HTMLInputElement).value });
  const submit = (e: Event) => {
    e.preventDefault();
    location.hash = `/reportes/${report}${query(form)}`;
  };
  return (
    <form class="filters reports-filters" onSubmit={submit} data-testid="report-filters">
      {RANGED.has(report) ? (
        <>
          <div>
            <label for="rf-from">{T.from}</label>
            <input id="rf-from" type="month" value={form.from ?? ""} onInput={set("from")} />
          </div>
          <div>
            <label for="rf-to">{T.to}</label>
            <input id="rf-to" type="month" value={form.to ?? ""} onInput={set("to")} />
          </div>
        </>
      ) : (
        <div>
          <label for="rf-asof">{T.asOfField}</label>
          <input id="rf-asof" type="date" value={form.as_of ?? ""} onInput={set("as_of")} />
        </div>
      )}
      <div>
        <label for="rf-class">{T.propertyClass}</label>
        <select id="rf-class" value={form.property_class ?? ""} onChange={set("property_class")}>
          <option value="">{T.all}</option>
          {Object.entries(CLASSES).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="rf-service">{T.service}</label>
        <select id="rf-service" value={form.service ?? ""} onChange={set("service")}>
          <option value="">{T.allServices}</option>
          {Object.entries(SERVICES).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="rf-colonia">{T.colonia}</label>
        <select id="rf-colonia" value={form.neighborhood_id ?? ""} onChange={set("neighborhood_id")}>
          <option value="">{T.all}</option>
          {colonias.map((c) => (
            <option key={c.id} value={String(c.id)}>{`${c.name} (${c.postal_code})`}</option>
          ))}
        </select>
      </div>
      <div>
        <label for="rf-sector">{T.sector}</label>
        <input id="rf-sector" type="text" value={form.sector ?? ""} onInput={set("sector")} maxLength={20} />
      </div>
      <div>
        <button type="submit" data-testid="report-apply">
          {T.apply}
        </button>
      </div>
    </form>
  );
}

function ReportPage({ report, q }: { report: string; q: string }) {
  const params = paramsOf(new URLSearchParams(q));
  const [data, setData] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [again, setAgain] = useState(0);
  useEffect(() => {
    setData(null);
    setError(null);
    getReport(report, params).then(setData, (e: Error) => setError(e.message));
  }, [report, q]);
  useEffect(() => {
    // A stale answer's refresh: keep the figures on screen until the new ones arrive.
    if (again) getReport(report, params).then(setData, () => undefined);
  }, [again]);
  useRefreshWhileStale(data, () => setAgain((n) => n + 1));
  const entry = CATALOGUE.find((c) => c.key === report);
  return (
    <section>
      <p>
        <a href="#/reportes">{T.back}</a>
      </p>
      <h2>{entry?.title ?? report}</h2>
      <Filters key={q} report={report} params={params} />
      <ExportPanel report={report} params={params} />
      {error && <Banner kind="bad">{error}</Banner>}
      {!data && !error && <Spinner label={T.loading} />}
      {data?.stale && <Banner kind="info">{T.stale}</Banner>}
      {data && report === "recovery" && <RecoveryView r={data} />}
      {data && report === "arrears" && <ArrearsView r={data} filters={params} />}
      {data && report === "arrears-by-service" && <ByServiceView r={data} />}
      {data && report === "debtors" && <DebtorsView r={data} />}
    </section>
  );
}

function AccountsPage({ q }: { q: string }) {
  const search = new URLSearchParams(q);
  const params = paramsOf(search, [...FILTER_KEYS, "bucket", "min_months"]);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<DrillPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setData(null);
    setError(null);
    getAccounts(params, page).then(setData, (e: Error) => setError(e.message));
  }, [q, page]);
  const what = drillTitle(search, CLASSES, SERVICES);
  return (
    <section>
      <p>
        <a href={`#/reportes/arrears${query(paramsOf(search, ["as_of", "property_class", "service", "sector"]))}`}>{`← ${T.arrears}`}</a>
      </p>
      <h2>{what ? T.accountsFor(what) : T.accountsTitle}</h2>
      {error && <Banner kind="bad">{error}</Banner>}
      {!data && !error && <Spinner label={T.loading} />}
      {data && data.total === 0 && <p>{T.noAccounts}</p>}
      {data && data.total > 0 && (
        <>
          <p class="meta" data-testid="drill-summary">{`${data.total.toLocaleString("es-MX")} cuentas · ${money(data.total_debt)}`}</p>
          <div class="table-wrap">
            <table data-testid="drill-table">
              <thead>
                <tr>
                  <th>{T.account}</th>
                  <th>{T.holder}</th>
                  <th>{T.colonia}</th>
                  <th class="num">{T.debt}</th>
                  <th class="num">{T.balance}</th>
                  <th class="num">{T.monthsPastDue}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((a) => (
                  <tr key={a.account_id} data-testid="drill-account" class="reports-link-row" onClick={(e) => follow(e, accountHref(a.account_id))}>
                    <td>
                      <a href={accountHref(a.account_id)}>{a.account_number}</a>
                    </td>
                    <td>{a.holder}</td>
                    <td>{a.colonia}</td>
                    <td class="num">{money(a.debt)}</td>
                    <td class="num">{money(a.balance)}</td>
                    <td class="num">{a.months_past_due}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={data.page} pages={data.pages} onPage={setPage} testid="drill-pager" />
        </>
      )}
    </section>
  );
}

export default function ReportsScreen({ report }: { report?: string }) {
  const q = route.value.query.toString();
  if (!report) return <Catalogue />;
  if (report === "accounts") return <AccountsPage q={q} />;
  return <ReportPage report={report} q={q} />;
}
