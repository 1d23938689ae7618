/** The table of each report, with its totals row; arrears rows link down to the accounts behind them. */
import { money } from "../../domain/time";
import type { Report } from "./api";
import { bucketAccountsHref, bucketLabel, change, coloniaAccountsHref, monthLabel, pct } from "./format";
import { CLASSES, SERVICES, T } from "./texts";

const M = (v: string | null | undefined) => money(v ?? null);

/** A click anywhere on a linked row follows its link (the link itself stays the keyboard target). */
export function follow(e: MouseEvent, href: string): void {
  if ((e.target as HTMLElement | null)?.closest?.("a")) return;
  location.hash = href.replace(/^#/, "");
}

export function RecoveryView({ r }: { r: Report }) {
  return (
    <div class="table-wrap">
      <table data-testid="report-table">
        <thead>
          <tr>
            <th>{T.month}</th>
            <th class="num">{T.arrearsStart}</th>
            <th class="num">{T.recovered}</th>
            <th class="num">{T.rate}</th>
            <th class="num">{`${T.rate} · ${T.prev}`}</th>
            <th class="num">{`${T.rate} · ${T.lastYear}`}</th>
            <th class="num">{`${T.recovered} vs. ${T.prev}`}</th>
            <th class="num">{`${T.recovered} vs. ${T.lastYear}`}</th>
          </tr>
        </thead>
        <tbody>
          {r.rows.map((row: any) => (
            <tr key={row.month} data-testid="recovery-row">
              <td>{monthLabel(row.month)}</td>
              <td class="num">{M(row.arrears_start)}</td>
              <td class="num">{M(row.recovered)}</td>
              <td class="num">{pct(row.rate)}</td>
              <td class="num">{pct(row.prev_rate)}</td>
              <td class="num">{pct(row.ly_rate)}</td>
              <td class="num">{change(row.change_prev)}</td>
              <td class="num">{change(row.change_ly)}</td>
            </tr>
          ))}
          <tr class="reports-total">
            <td>{T.total}</td>
            <td class="num">{M(r.totals.arrears_start)}</td>
            <td class="num">{M(r.totals.recovered)}</td>
            <td class="num">{pct(r.totals.rate)}</td>
            <td colSpan={4} />
          </tr>
        </tbody>
      </table>
    </div>
  );
}

export function ArrearsView({ r, filters }: { r: Report; filters: Record<string, string> }) {
  const keep: Record<string, string> = {};
  for (const k of ["property_class", "service", "sector", "as_of"]) if (filters[k]) keep[k] = filters[k];
  return (
    <>
      <h3>{T.byBucket}</h3>
      <div class="table-wrap">
        <table data-testid="arrears-bucket-table">
          <thead>
            <tr>
              <th>{T.bucket}</th>
              <th class="num">{T.principal}</th>
              <th class="num">{T.accessories}</th>
              <th class="num">{T.total}</th>
            </tr>
          </thead>
          <tbody>
            {r.by_bucket.map((b: any) => (
              <tr key={b.bucket} data-testid="arrears-bucket-row">
                <td>
                  <a href={bucketAccountsHref(b.bucket, keep)}>{bucketLabel(b.bucket)}</a>
                </td>
                <td class="num">{M(b.principal)}</td>
                <td class="num">{M(b.accessories)}</td>
                <td class="num">{M(b.total)}</td>
              </tr>
            ))}
            <tr class="reports-total">
              <td>{T.total}</td>
              <td class="num">{M(r.totals.principal)}</td>
              <td class="num">{M(r.totals.accessories)}</td>
              <td class="num">{M(r.totals.total)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <h3>{T.byColonia}</h3>
      <div class="table-wrap">
        <table data-testid="arrears-colonia-table">
          <thead>
            <tr>
              <th>{T.colonia}</th>
              <th class="num">{T.open}</th>
              <th class="num">{`${T.arrears}: ${T.principal.toLowerCase()}`}</th>
              <th class="num">{`${T.arrears}: ${T.accessories.toLowerCase()}`}</th>
              <th class="num">{T.arrears}</th>
            </tr>
          </thead>
          <tbody>
            {r.by_colonia.map((c: any) => (
              <tr key={c.neighborhood_id} data-testid="arrears-colonia-row" class="reports-link-row" onClick={(e) => follow(e, coloniaAccountsHref(c.neighborhood_id, c.colonia, r.arrears_min_months, keep))}>
                <td>
                  <a href={coloniaAccountsHref(c.neighborhood_id, c.colonia, r.arrears_min_months, keep)}>{c.colonia}</a>
                </td>
                <td class="num">{M(c.open)}</td>
                <td class="num">{M(c.arrears_principal)}</td>
                <td class="num">{M(c.arrears_accessories)}</td>
                <td class="num">{M(c.arrears)}</td>
              </tr>
            ))}
            <tr class="reports-total">
              <td>{T.total}</td>
              <td class="num">{M(r.totals.total)}</td>
              <td colSpan={2} />
              <td class="num">{M(r.totals.arrears)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <details>
        <summary>{T.cross}</summary>
        <div class="table-wrap">
          <table data-testid="arrears-cross-table">
            <thead>
              <tr>
                <th>{T.bucket}</th>
                <th>{T.propertyClass}</th>
                <th>{T.service}</th>
                <th class="num">{T.principal}</th>
                <th class="num">{T.accessories}</th>
                <th class="num">{T.total}</th>
              </tr>
            </thead>
            <tbody>
              {r.rows.map((row: any) => (
                <tr key={`${row.bucket}/${row.property_class}/${row.service}`}>
                  <td>{bucketLabel(row.bucket)}</td>
                  <td>{CLASSES[row.property_class] ?? row.property_class}</td>
                  <td>{SERVICES[row.service] ?? row.service}</td>
                  <td class="num">{M(row.principal)}</td>
                  <td class="num">{M(row.accessories)}</td>
                  <td class="num">{M(row.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}

export function ByServiceView({ r }: { r: Report }) {
  const services: string[] = r.services;
  return (
    <div class="table-wrap">
      <table data-testid="report-table">
        <thead>
          <tr>
            <th>{T.month}</th>
            {services.map((s) => (
              <th key={s} class="num">
                {SERVICES[s] ?? s}
              </th>
            ))}
            <th class="num">{T.total}</th>
          </tr>
        </thead>
        <tbody>
          {r.rows.map((row: any) => (
            <tr key={row.month}>
              <td>{monthLabel(row.month)}</td>
              {services.map((s) => (
                <td key={s} class="num">
                  {M(row[s])}
                </td>
              ))}
              <td class="num">{M(row.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DebtorsView({ r }: { r: Report }) {
  const services: string[] = r.by_service.map((s: any) => s.service);
  return (
    <>
      <div class="table-wrap">
        <table data-testid="report-table">
          <thead>
            <tr>
              <th>{T.service}</th>
              <th class="num">{T.debtors}</th>
              <th class="num">{T.amount}</th>
              <th class="num">{T.average}</th>
            </tr>
          </thead>
          <tbody>
            {r.by_service.map((s: any) => (
              <tr key={s.service}>
                <td>{SERVICES[s.service] ?? s.service}</td>
                <td class="num">{s.debtors.toLocaleString("es-MX")}</td>
                <td class="num">{M(s.amount)}</td>
                <td class="num">{M(s.average)}</td>
              </tr>
            ))}
            <tr class="reports-total">
              <td>{T.total}</td>
              <td class="num">{r.totals.debtors.toLocaleString("es-MX")}</td>
              <td class="num">{M(r.totals.amount)}</td>
              <td />
            </tr>
          </tbody>
        </table>
      </div>
      <div class="table-wrap">
        <table data-testid="debtors-distribution">
          <thead>
            <tr>
              <th>{T.range}</th>
              {services.map((s) => (
                <th key={s} class="num">{`${SERVICES[s] ?? s}: ${T.debtors.toLowerCase()} · ${T.amount.toLowerCase()}`}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {r.distribution.map((d: any) => (
              <tr key={d.range}>
                <td>{d.range}</td>
                {services.map((s) => (
                  <td key={s} class="num">{`${d[s].debtors.toLocaleString("es-MX")} · ${M(d[s].amount)}`}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{T.top}</h3>
      <div class="table-wrap">
        <table data-testid="debtors-top">
          <thead>
            <tr>
              <th>{T.account}</th>
              <th>{T.holder}</th>
              <th>{T.colonia}</th>
              <th>{T.propertyClass}</th>
              <th class="num">{T.amount}</th>
            </tr>
          </thead>
          <tbody>
            {r.top.map((a: any) => (
              <tr key={a.account_id} data-testid="debtors-top-account">
                <td>
                  <a href={`#/cuentas/${a.account_id}`}>{a.account_number}</a>
                </td>
                <td>{a.holder}</td>
                <td>{a.colonia}</td>
                <td>{CLASSES[a.property_class] ?? a.property_class}</td>
                <td class="num">{M(a.arrears)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
