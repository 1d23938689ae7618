/**
 * "Tablero" (`#/tablero`, manager and director): the figures of the month as cards, each a link to
 * the report or list behind it; the 12-month arrears line and the recovery comparison bars, each
 * with its table twin. A stale copy (the ledger moved since it was computed) shows at once while the
 * server refreshes it.
 */
import { useEffect, useState } from "preact/hooks";
import { dateTime, money } from "../../domain/time";
import { Banner, Spinner } from "../../ui/components";
import { type Card, type Dashboard, getDashboard } from "./api";
import { MoneyChart } from "./Charts";
import { cardValue, change, monthLabel } from "./format";
import { useRefreshWhileStale } from "./stale";
import { T } from "./texts";

function CardLink({ card }: { card: Card }) {
  return (
    <a class="card reports-card" href={card.drill} data-testid={`dash-${card.key}`}>
      <span class="reports-card-label">{card.label}</span>
      <strong class="reports-card-value">{cardValue(card.unit, card.value)}</strong>
      {card.key === "recovery" && <span class="meta">{T.vsLastYear(change(card.change))}</span>}
      {card.key === "field" && <span class="meta">{T.doneOf(card.done ?? 0, Number(card.compare ?? 0))}</span>}
      {card.key === "agreements" && card.compare !== null && <span class="meta">{T.ofTotal(Number(card.compare))}</span>}
    </a>
  );
}

export default function DashboardScreen(_props: {}) {
  const [data, setData] = useState<Dashboard | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = async (fresh = false) => {
    setError(null);
    if (fresh) setData(null);
    try {
      setData(await getDashboard(fresh));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  useEffect(() => {
    void load();
  }, []);
  useRefreshWhileStale(data, () => void load(false));
  if (error) return <Banner kind="bad">{error}</Banner>;
  if (!data) return <Spinner label={T.loading} />;
  const trend = { labels: data.trend.map((p) => monthLabel(p.month)), values: data.trend.map((p) => Number(p.arrears)) };
  const rec = { labels: [T.recoveryThis, T.recoveryLastYear], values: [Number(data.recovery.this_month), Number(data.recovery.last_year)] };
  return (
    <section class="reports-dashboard">
      <h2>{T.dashboard}</h2>
      <p class="meta">
        {T.asOf(data.as_of)} · {T.computedAt(dateTime(data.computed_at))}{" "}
        <button type="button" class="secondary" onClick={() => void load(true)} data-testid="dash-refresh">
          {T.refresh}
        </button>
      </p>
      {data.stale && <Banner kind="info" testid="dash-stale">{T.stale}</Banner>}
      <div class="reports-cards">
        {data.cards.map((c) => (
          <CardLink key={c.key} card={c} />
        ))}
      </div>
      <div class="reports-charts">
        <div>
          <h3>{T.trendTitle}</h3>
          <MoneyChart kind="line" title={T.trendTitle} series={trend} testid="dash-trend-chart" />
          <div class="table-wrap">
            <table data-testid="dash-trend-table">
              <thead>
                <tr>
                  <th>{T.trendMonth}</th>
                  <th class="num">{T.trendArrears}</th>
                </tr>
              </thead>
              <tbody>
                {data.trend.map((p) => (
                  <tr key={p.at}>
                    <td>{monthLabel(p.month)}</td>
                    <td class="num">{money(p.arrears)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
        <div>
          <h3>{T.recoveryTitle}</h3>
          <MoneyChart kind="bar" title={T.recoveryTitle} series={rec} testid="dash-recovery-chart" />
          <table data-testid="dash-recovery-table">
            <tbody>
              <tr>
                <th>{`${T.recoveryThis} (${data.recovery.from} a ${data.recovery.to})`}</th>
                <td class="num">{money(data.recovery.this_month)}</td>
              </tr>
              <tr>
                <th>{`${T.recoveryLastYear} (${data.recovery.ly_from} a ${data.recovery.ly_to})`}</th>
                <td class="num">{money(data.recovery.last_year)}</td>
              </tr>
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
