/** The comparison as a table (the chart's accessible twin): m³ and amount this month, last month and a year ago, with variations. */
import { formatPesos, parseCents } from "../../domain/money-dates";
import type { ComparisonRow } from "./api";
import { B, pct } from "./texts";

const pesos = (m: string) => formatPesos(parseCents(m));
const n = (v: number) => v.toLocaleString("es-MX");

function Figures({ r }: { r: ComparisonRow }) {
  return (
    <>
      <td class="num">{n(r.current.bills)}</td>
      <td class="num">{n(r.current.m3)}</td>
      <td class="num">{n(r.previous.m3)}</td>
      <td class="num">{pct(r.m3_vs_previous)}</td>
      <td class="num">{n(r.last_year.m3)}</td>
      <td class="num">{pct(r.m3_vs_last_year)}</td>
      <td class="num">{pesos(r.current.amount)}</td>
      <td class="num">{pesos(r.previous.amount)}</td>
      <td class="num">{pct(r.amount_vs_previous)}</td>
      <td class="num">{pesos(r.last_year.amount)}</td>
      <td class="num">{pct(r.amount_vs_last_year)}</td>
    </>
  );
}

export function ComparisonTable({ caption, keys, rows, total, label, testid }: {
  caption: string; keys: string[]; rows: ComparisonRow[]; total: ComparisonRow; label: (r: ComparisonRow) => string[]; testid: string;
}) {
  const c = B.col;
  return (
    <div class="table-wrap">
      <table data-testid={testid}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {keys.map((k) => <th scope="col" key={k}>{k}</th>)}
            {[c.bills, c.m3, c.m3Prev, c.var, c.m3Ly, c.var, c.amount, c.amountPrev, c.var, c.amountLy, c.var].map((h, i) => <th scope="col" class="num" key={i}>{h}</th>)}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} data-testid={`${testid}-row`}>
              {label(r).map((l, j) => <td key={j}>{l}</td>)}
              <Figures r={r} />
            </tr>
          ))}
          <tr class="billing-total" data-testid={`${testid}-total`}>
            <th scope="row" colSpan={keys.length}>{c.total}</th>
            <Figures r={total} />
          </tr>
        </tbody>
      </table>
    </div>
  );
}
