/**
 * "Depuración de cartera" (office, lazy chunk; `#/depuracion/<tab>`): one tab per suspect list
 * (vacant lots billed as built, abandoned houses, duplicated holders, missing cadastral key, no
 * payment in 5+ years, debts past prescription) with its count, the accounts with their balance and
 * why they are suspect, the list's Excel; the manager proposes a reclassification or a write-off
 * from a row; the proposals tab shows them by status, where the director approves or rejects
 * write-offs (never her own) and the manager decides reclassifications.
 */
import { useState } from "preact/hooks";
import { isManager } from "../../state/session";
import { navigate } from "../../state/router";
import { Banner, Pager, Spinner } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { pesos } from "../counter/form";
import { downloadAuthed } from "../disconnections/download";
import { KINDS, PROPOSALS_SLUG, counts, excelPath, suspects, type Suspect } from "./api";
import { ProposalsTab } from "./ProposalsTab";
import { ReclassifyForm, WriteOffForm } from "./ProposeForms";
import { T } from "./texts";

/** The tab a route names: a suspect kind's slug, the proposals, or the first list. */
export function tabFor(slug: string | undefined): string {
  if (slug === PROPOSALS_SLUG) return PROPOSALS_SLUG;
  return KINDS.find((k) => k.slug === slug)?.slug ?? KINDS[0].slug;
}

function Tabs({ current }: { current: string }) {
  const c = useLoad(() => counts(), []);
  const n = (kind: string) => c.data?.kinds.find((k) => k.kind === kind)?.count;
  return (
    <div class="actions cleanup-tabs" role="tablist" aria-label="Listas">
      {KINDS.map((k) => (
        <button key={k.slug} type="button" role="tab" class={current === k.slug ? "" : "secondary"} aria-selected={current === k.slug} onClick={() => navigate(`/depuracion/${k.slug}`)} data-testid={`cleanup-tab-${k.slug}`}>
          {k.label} <span class="cleanup-count" data-testid={`cleanup-count-${k.slug}`}>{n(k.kind) === undefined ? "…" : n(k.kind)!.toLocaleString("es-MX")}</span>
        </button>
      ))}
      <button type="button" role="tab" class={current === PROPOSALS_SLUG ? "" : "secondary"} aria-selected={current === PROPOSALS_SLUG} onClick={() => navigate(`/depuracion/${PROPOSALS_SLUG}`)} data-testid="cleanup-tab-propuestas">
        {T.proposals}
      </button>
      {c.busy && <Spinner label={T.counting} />}
    </div>
  );
}

function Row({ r, manager, onDone }: { r: Suspect; manager: boolean; onDone: (msg: string) => void }) {
  const [form, setForm] = useState<"" | "reclass" | "writeoff">("");
  const done = (_p: unknown, msg: string) => {
    setForm("");
    onDone(msg);
  };
  return (
    <>
      <tr data-testid="cleanup-row" data-account={r.account_number} data-group={r.group_key ?? ""}>
        <td>
          <a href={`#/cuentas/${encodeURIComponent(r.account_id)}`}>{r.account_number}</a>
        </td>
        <td>{r.holder_name}</td>
        <td>{r.neighborhood}</td>
        <td>
          {r.property_class_label}
          <br />
          <span class="hint">{r.status_label}</span>
        </td>
        <td class="num">{pesos(r.balance)}</td>
        <td data-testid="cleanup-reason">{r.reason}</td>
        <td>
          {manager && form === "" && (
            <div class="actions">
              <button type="button" class="secondary" onClick={() => setForm("reclass")} data-testid="cleanup-propose-reclass">
                {T.proposeReclass}
              </button>
              <button type="button" class="secondary" onClick={() => setForm("writeoff")} disabled={!r.balance || Number(r.balance) <= 0} data-testid="cleanup-propose-writeoff">
                {T.proposeWriteOff}
              </button>
            </div>
          )}
        </td>
      </tr>
      {form !== "" && (
        <tr>
          <td colSpan={7}>{form === "reclass" ? <ReclassifyForm row={r} onCancel={() => setForm("")} onDone={done} /> : <WriteOffForm row={r} onCancel={() => setForm("")} onDone={done} />}</td>
        </tr>
      )}
    </>
  );
}

function SuspectList({ kind }: { kind: string }) {
  const [page, setPage] = useState(1);
  const [note, setNote] = useState<string | null>(null);
  const [xlsxBusy, setXlsxBusy] = useState(false);
  const [xlsxError, setXlsxError] = useState<string | null>(null);
  const list = useLoad(() => suspects(kind, page), [kind, page]);
  const excel = async () => {
    setXlsxBusy(true);
    setXlsxError(null);
    try {
      await downloadAuthed(excelPath(kind), `depuracion-${kind}.xlsx`);
    } catch (e) {
      setXlsxError((e as Error).message || "No se pudo descargar el Excel.");
    }
    setXlsxBusy(false);
  };
  return (
    <div data-testid="cleanup-list" data-kind={kind}>
      {note && (
        <Banner kind="info" testid="cleanup-note">
          {note}
        </Banner>
      )}
      <div class="actions">
        <button type="button" class="secondary" onClick={() => void excel()} disabled={xlsxBusy} data-testid="cleanup-excel">
          {xlsxBusy ? <Spinner label={T.excelBusy} /> : T.excel}
        </button>
        {xlsxError && <p class="error">{xlsxError}</p>}
      </div>
      {list.busy && <Spinner label={T.loading} />}
      {list.error && <p class="error">{list.error}</p>}
      {list.data && list.data.items.length === 0 && <p class="hint" data-testid="cleanup-empty">{T.none}</p>}
      {list.data && list.data.items.length > 0 && (
        <div class="table-wrap">
          <table data-testid="cleanup-table">
            <caption class="hint">{`${list.data.kind_label}: ${list.data.total.toLocaleString("es-MX")} cuentas`}</caption>
            <thead>
              <tr>
                {T.cols.map((c, i) => (
                  <th scope="col" key={i} class={i === 4 ? "num" : undefined}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((r) => (
                <Row key={r.account_id} r={r} manager={isManager.value} onDone={setNote} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && <Pager page={page} pages={list.data.pages} onPage={setPage} testid="cleanup-pager" />}
    </div>
  );
}

export default function CleanupScreen({ tab }: { tab?: string }) {
  const current = tabFor(tab);
  const kind = KINDS.find((k) => k.slug === current)?.kind;
  return (
    <section aria-labelledby="cleanup-title" data-testid="cleanup-screen">
      <h2 id="cleanup-title">{T.title}</h2>
      <p class="hint">{T.intro}</p>
      <Tabs current={current} />
      {kind ? <SuspectList kind={kind} /> : <ProposalsTab />}
    </section>
  );
}
