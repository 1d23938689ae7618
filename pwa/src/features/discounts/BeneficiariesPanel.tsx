/**
 * "Beneficiarios" (office): the month's active beneficiaries filtered by type, colonia and text,
 * with the month's discount, the totals, the summary by type × colonia, and "Descargar Excel"
 * (the same filters, fetched with the token).
 */
import { useRef, useState } from "preact/hooks";
import { BENEFICIARY_TYPES } from "../../domain/discount-rules";
import { localDate } from "../../domain/time";
import { discountsEs } from "../../i18n/es-discounts";
import { Pager, Spinner } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { listNeighborhoods } from "../campaigns/api";
import { downloadAuthed } from "../disconnections/download";
import { beneficiariesXlsxPath, listBeneficiaries, type BeneficiaryFilters } from "./api";
import { dmy } from "./links";
import { pesos, typeLabel } from "./office-parts";

const B = discountsEs.beneficiaries;

export function BeneficiariesPanel() {
  const [form, setForm] = useState<BeneficiaryFilters>({ month: localDate().slice(0, 7), type: "", neighborhood_id: "", q: "", page: 1 });
  // What the list shows: the filters as last applied (the text on "Buscar", the selects at once).
  const [applied, setApplied] = useState<BeneficiaryFilters>(form);
  const [downloading, setDownloading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const l = useLoad(() => listBeneficiaries(applied), [JSON.stringify(applied)]);
  const hoods = useLoad(() => listNeighborhoods().catch(() => []), []);
  const latest = useRef(form); // several changes before the next render must not undo each other
  const set = (patch: Partial<BeneficiaryFilters>, now = true) => {
    const next = { ...latest.current, ...patch, page: patch.page ?? 1 };
    latest.current = next;
    setForm(next);
    if (now) setApplied(next);
  };
  const excel = async () => {
    setDownloading(true);
    setError(null);
    try {
      await downloadAuthed(beneficiariesXlsxPath(applied), `beneficiarios-${applied.month}.xlsx`);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setDownloading(false);
    }
  };
  const data = l.data;
  const pages = data ? Math.max(1, data.pages ?? Math.ceil(data.total / Math.max(1, data.page_size ?? (data.items.length || 1)))) : 1;
  return (
    <section aria-labelledby="beneficiaries-title">
      <h3 id="beneficiaries-title">{B.title}</h3>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          set({});
        }}
        data-testid="beneficiaries-filters"
      >
        <div>
          <label for="beneficiaries-month">{B.month}</label>
          <input id="beneficiaries-month" type="month" value={form.month} onInput={(e) => (e.currentTarget as HTMLInputElement).value && set({ month: (e.currentTarget as HTMLInputElement).value })} data-testid="beneficiaries-month" />
        </div>
        <div>
          <label for="beneficiaries-type">{B.type}</label>
          <select id="beneficiaries-type" value={form.type} onChange={(e) => set({ type: (e.currentTarget as HTMLSelectElement).value })} data-testid="beneficiaries-type">
            <option value="">{B.allTypes}</option>
            {BENEFICIARY_TYPES.map((t) => (
              <option key={t} value={t}>
                {typeLabel(t)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="beneficiaries-neighborhood">{B.neighborhood}</label>
          <select id="beneficiaries-neighborhood" value={form.neighborhood_id} onChange={(e) => set({ neighborhood_id: (e.currentTarget as HTMLSelectElement).value })} data-testid="beneficiaries-neighborhood">
            <option value="">{B.allNeighborhoods}</option>
            {(hoods.data ?? []).map((n) => (
              <option key={n.id} value={String(n.id)}>
                {n.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="beneficiaries-q">{B.text}</label>
          <input id="beneficiaries-q" type="search" value={form.q} onInput={(e) => set({ q: (e.currentTarget as HTMLInputElement).value }, false)} data-testid="beneficiaries-q" />
        </div>
        <div class="actions">
          <button type="submit" data-testid="beneficiaries-search">
            {B.search}
          </button>
          <button type="button" class="secondary" disabled={downloading} onClick={() => void excel()} data-testid="beneficiaries-excel">
            {downloading ? <Spinner label={B.downloading} /> : B.excel}
          </button>
        </div>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {l.busy && <Spinner />}
      {l.error && <p class="error">{l.error}</p>}
      {data && (
        <>
          <div class="figures" data-testid="beneficiaries-totals">
            <div class="figure" data-testid="beneficiaries-total-count" data-value={data.totals.beneficiaries}>
              {B.count} <span class="v">{data.totals.beneficiaries}</span>
            </div>
            <div class="figure" data-testid="beneficiaries-total-discount" data-value={data.totals.month_discount}>
              {B.monthDiscount} <span class="v">{pesos(data.totals.month_discount)}</span>
            </div>
          </div>
          {data.items.length === 0 ? (
            <p data-testid="beneficiaries-empty">{B.empty}</p>
          ) : (
            <div class="table-wrap">
              <table data-testid="beneficiaries-list">
                <thead>
                  <tr>
                    <th scope="col">{B.account}</th>
                    <th scope="col">{B.beneficiary}</th>
                    <th scope="col">{B.type}</th>
                    <th scope="col">{B.neighborhood}</th>
                    <th scope="col">{B.validity}</th>
                    <th scope="col" class="num">
                      {B.monthDiscount}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((b) => (
                    <tr key={b.application_id} data-testid="beneficiary-row" data-application-id={b.application_id}>
                      <td>
                        {b.account_number}
                        <div class="meta">{b.holder}</div>
                      </td>
                      <td>
                        {b.beneficiary_name}
                        <div class="meta curp">{b.curp}</div>
                      </td>
                      <td>{typeLabel(b.beneficiary_type)}</td>
                      <td>{b.neighborhood ?? "—"}</td>
                      <td>
                        {dmy(b.starts_on)} – {dmy(b.ends_on)}
                        {b.renewal_due && (
                          <div>
                            <span class="pill pendiente" data-testid="beneficiary-renewal-due">
                              {B.renewalDue}
                            </span>
                          </div>
                        )}
                      </td>
                      <td class="num">{pesos(b.month_discount)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager page={applied.page} pages={pages} onPage={(p) => set({ page: p })} testid="beneficiaries" />
          {data.summary.length > 0 && (
            <>
              <h4>{B.summary}</h4>
              <div class="table-wrap">
                <table data-testid="beneficiaries-summary">
                  <thead>
                    <tr>
                      <th scope="col">{B.type}</th>
                      <th scope="col">{B.neighborhood}</th>
                      <th scope="col" class="num">
                        {B.count}
                      </th>
                      <th scope="col" class="num">
                        {B.monthDiscount}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.summary.map((s, i) => (
                      <tr key={i} data-testid="beneficiaries-summary-row" data-type={s.beneficiary_type} data-neighborhood={s.neighborhood ?? ""}>
                        <td>{typeLabel(s.beneficiary_type)}</td>
                        <td>{s.neighborhood ?? "—"}</td>
                        <td class="num">{s.beneficiaries}</td>
                        <td class="num">{pesos(s.month_discount)}</td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row" colSpan={2}>
                        {B.totals}
                      </th>
                      <td class="num">{data.totals.beneficiaries}</td>
                      <td class="num">{pesos(data.totals.month_discount)}</td>
                    </tr>
                  </tfoot>
                </table>
              </div>
            </>
          )}
        </>
      )}
    </section>
  );
}
