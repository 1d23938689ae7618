/**
 * "Deudores para PAE" (office, lazy chunk; `#/pae`, `#/pae/<account>`): the debtors for the
 * coercive collection procedure selected by amount, age, class and colonia, highest priority
 * first (amount, age, class, large consumer, recidivism), each with its prescription horizon and
 * a "Por prescribir" / "Prescrito" badge; the totals of the whole selection; the Excel of the
 * selection; rows selected give one PDF of their payment demand drafts, and the manager sends
 * them to PAE with the mandate number and officer. The director and clerks read.
 */
import { useState } from "preact/hooks";
import { isManager } from "../../state/session";
import { Banner, Check, Pager, Spinner } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { dayLabel, pesos } from "../counter/form";
import { downloadAuthed } from "../disconnections/download";
import { EMPTY_FILTERS, downloadDemands, excelPath, listDebtors, loadColonias, type Debtor, type PaeFilters } from "./api";
import DebtorPage from "./DebtorPage";
import { PrescriptionBadge } from "./PrescriptionBadge";
import { SendDialog } from "./SendDialog";
import { CLASSES, PRESCRIPTIONS, T, classLabel } from "./texts";

function Filters({ value, onApply }: { value: PaeFilters; onApply: (f: PaeFilters) => void }) {
  const [d, setD] = useState<PaeFilters>(value);
  // The value is read at the event (currentTarget is gone once the updater runs).
  const field = (k: "min_amount" | "min_months" | "property_class" | "colonia" | "prescription") => (e: Event) => {
    const v = (e.currentTarget as HTMLInputElement | HTMLSelectElement).value;
    setD((x) => ({ ...x, [k]: v }) as PaeFilters);
  };
  const colonias = useLoad(() => loadColonias(), []);
  return (
    <form
      class="pae-filters"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(d);
      }}
      data-testid="pae-filters"
    >
      <label>
        {T.minAmount}
        <input type="text" inputMode="decimal" value={d.min_amount} onInput={field("min_amount")} data-testid="pae-min-amount" />
      </label>
      <label>
        {T.minMonths}
        <input type="number" min={0} max={600} value={d.min_months} onInput={field("min_months")} data-testid="pae-min-months" />
      </label>
      <label>
        {T.propertyClass}
        <select value={d.property_class} onChange={field("property_class")} data-testid="pae-class">
          <option value="">{T.all}</option>
          {CLASSES.map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>
      </label>
      <label>
        {T.colonia}
        <select value={d.colonia} onChange={field("colonia")} data-testid="pae-colonia">
          <option value="">{T.all}</option>
          {(colonias.data ?? []).map((c) => (
            <option key={c.id} value={String(c.id)}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {T.prescription}
        <select value={d.prescription} onChange={field("prescription")} data-testid="pae-prescription">
          {PRESCRIPTIONS.map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>
      </label>
      <Check id="pae-include-sent" label={T.includeSent} checked={d.include_sent} onChange={(v) => setD((x) => ({ ...x, include_sent: v }))} testid="pae-include-sent" />
      <button type="submit" data-testid="pae-search">
        {T.search}
      </button>
    </form>
  );
}

function Signals({ r }: { r: Debtor }) {
  const parts = [r.large_consumer ? T.large : null, r.cuts ? T.cuts(r.cuts) : null, r.breaches ? T.breaches(r.breaches) : null].filter(Boolean);
  return (
    <>
      {parts.length > 0 && <span class="hint">{parts.join(" · ")}</span>}
      {r.sent && (
        <span class="pae-badge sent" data-testid="pae-sent">
          {T.sentBadge(r.sent.mandate_number)}
        </span>
      )}
    </>
  );
}

function DebtorRow({ r, selectable, checked, onToggle }: { r: Debtor; selectable: boolean; checked: boolean; onToggle: (v: boolean) => void }) {
  return (
    <tr data-testid="pae-row" data-account={r.account_number} data-status={r.prescription_status}>
      <td>{selectable && !r.sent && <input type="checkbox" aria-label={T.select(r.account_number)} checked={checked} onChange={(e) => onToggle((e.currentTarget as HTMLInputElement).checked)} data-testid="pae-select" />}</td>
      <td class="num">{r.score}</td>
      <td>
        <a href={`#/pae/${r.account_id}`} data-testid="pae-open">
          {r.account_number}
        </a>
      </td>
      <td>{r.holder_name}</td>
      <td>{classLabel(r.property_class)}</td>
      <td>{r.neighborhood}</td>
      <td class="num">{pesos(r.debt)}</td>
      <td class="num">{r.months_past_due}</td>
      <td>
        {dayLabel(r.prescription_date)} <PrescriptionBadge status={r.prescription_status} />
      </td>
      <td>
        <Signals r={r} />
      </td>
    </tr>
  );
}

function DebtorList() {
  const [filters, setFilters] = useState<PaeFilters>(EMPTY_FILTERS);
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [sending, setSending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [xlsxBusy, setXlsxBusy] = useState(false);
  const [xlsxError, setXlsxError] = useState<string | null>(null);
  const [pdfBusy, setPdfBusy] = useState(false);
  const list = useLoad(() => listDebtors(filters, page), [filters, page]);
  const manager = isManager.value;
  const data = list.data;
  const toggle = (id: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const selectable = (data?.items ?? []).filter((r) => !r.sent).map((r) => r.account_id);
  const excel = async () => {
    setXlsxBusy(true);
    setXlsxError(null);
    try {
      await downloadAuthed(excelPath(filters), `deudores-pae-${data?.as_of ?? "seleccion"}.xlsx`);
    } catch (e) {
      setXlsxError((e as Error).message);
    } finally {
      setXlsxBusy(false);
    }
  };
  const demands = async () => {
    if (selected.size > 25) {
      setXlsxError(T.demandsMax);
      return;
    }
    setPdfBusy(true);
    setXlsxError(null);
    try {
      await downloadDemands([...selected]);
    } catch (e) {
      setXlsxError((e as Error).message);
    } finally {
      setPdfBusy(false);
    }
  };
  return (
    <section class="pae" data-testid="pae-screen">
      <h2>{T.title}</h2>
      <p class="hint">{T.intro}</p>
      <Filters
        value={filters}
        onApply={(f) => {
          setFilters(f);
          setPage(1);
          setSelected(new Set());
        }}
      />
      {message && (
        <Banner kind="info" testid="pae-message">
          {message}
        </Banner>
      )}
      {list.busy && <Spinner label={T.loading} />}
      {list.error && <Banner kind="bad">{list.error}</Banner>}
      {data && (
        <>
          <div class="figures" data-testid="pae-totals" data-accounts={data.totals.accounts} data-debt={data.totals.debt}>
            <div class="figure">{T.totals(data.totals.accounts, pesos(data.totals.debt))}</div>
            <div class="figure pae-warning-total" data-testid="pae-warning-total">
              {T.warningTotal(data.totals.warning_accounts, pesos(data.totals.warning_debt))}
            </div>
            <div class="figure pae-prescribed-total" data-testid="pae-prescribed-total">
              {T.prescribedTotal(data.totals.prescribed_accounts, pesos(data.totals.prescribed_debt))}
            </div>
          </div>
          <div class="actions">
            <button type="button" class="secondary" onClick={() => void excel()} disabled={xlsxBusy} data-testid="pae-excel">
              {xlsxBusy ? <Spinner label={T.excelBusy} /> : T.excel}
            </button>
            <button type="button" class="secondary" disabled={selected.size === 0 || pdfBusy} onClick={() => void demands()} data-testid="pae-demands">
              {pdfBusy ? <Spinner label={T.demandsBusy} /> : `${T.demands} (${selected.size})`}
            </button>
            {manager && (
              <button type="button" disabled={selected.size === 0} onClick={() => setSending(true)} data-testid="pae-send">
                {`${T.send} (${selected.size})`}
              </button>
            )}
          </div>
          {xlsxError && <p class="error">{xlsxError}</p>}
          {sending && (
            <SendDialog
              ids={[...selected]}
              onCancel={() => setSending(false)}
              onDone={(msg) => {
                setSending(false);
                setSelected(new Set());
                setMessage(msg);
                list.reload();
              }}
            />
          )}
          {data.items.length === 0 ? (
            <p class="hint" data-testid="pae-empty">
              {T.none}
            </p>
          ) : (
            <div class="table-wrap">
              <table class="pae-table">
                <thead>
                  <tr>
                    <th>
                      {selectable.length > 0 && (
                        <input
                          type="checkbox"
                          aria-label={T.selectPage}
                          checked={selectable.every((id) => selected.has(id))}
                          onChange={(e) => {
                            const on = (e.currentTarget as HTMLInputElement).checked;
                            const next = new Set(selected);
                            for (const id of selectable) {
                              if (on) next.add(id);
                              else next.delete(id);
                            }
                            setSelected(next);
                          }}
                          data-testid="pae-select-page"
                        />
                      )}
                    </th>
                    {T.cols.slice(1).map((c) => (
                      <th key={c}>{c}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((r) => (
                    <DebtorRow key={r.account_id} r={r} selectable checked={selected.has(r.account_id)} onToggle={(v) => toggle(r.account_id, v)} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager page={page} pages={data.pages} onPage={setPage} testid="pae-pager" />
        </>
      )}
    </section>
  );
}

export default function PaeScreen({ accountId }: { accountId?: string }) {
  return accountId ? <DebtorPage accountId={accountId} /> : <DebtorList />;
}
