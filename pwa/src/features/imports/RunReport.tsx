/** One import run on screen: its progress bar while it runs, then the counts, a payment file's matches and the per-line errors with the CSV. */
import { formatPesos, parseCents } from "../../domain/money-dates";
import { Banner } from "../../ui/components";
import { downloadAuthed } from "../disconnections/download";
import { errorsCsvPath, type ImportRun } from "./api";
import { importsEs as T } from "./texts";

/** "1234.50" from the server as "$1,234.50" (integer centavos, never a float). */
function money(s: string): string {
  try {
    return formatPesos(parseCents(s));
  } catch {
    return s;
  }
}

export function Progress({ done, total, label }: { done: number; total: number; label: string }) {
  const pct = total > 0 ? Math.min(100, Math.round((done * 100) / total)) : 0;
  return (
    <div class="import-progress-wrap">
      <p>{label}</p>
      <div
        class="import-progress"
        role="progressbar"
        aria-label={T.progressLabel}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={T.progress(done, total)}
        data-testid="import-progress"
        data-done={done}
        data-total={total}
      >
        <span style={{ width: `${pct}%` }} />
      </div>
      <p class="hint">{T.progress(done, total)}</p>
    </div>
  );
}

export function RunReport({ run }: { run: ImportRun }) {
  if (run.status === "queued" || run.status === "running")
    return <Progress done={run.rows_done} total={run.rows_total} label={run.mode === "dry_run" ? T.previewing : T.applying} />;
  const preview = run.mode === "dry_run";
  return (
    <section aria-labelledby={`run-${run.id}`} data-testid={preview ? "import-preview" : "import-result"} data-imported={run.imported} data-errors={run.errors_count}>
      <h3 id={`run-${run.id}`}>{preview ? T.previewTitle(run.filename) : T.resultTitle(run.filename)}</h3>
      {run.status === "failed" && <Banner kind="bad">{run.errors[0]?.message ?? T.failed}</Banner>}
      <p>{T.counts(run.rows_total, run.valid, run.errors_count)}</p>
      {!preview && run.status === "done" && <p>{T.imported(run.imported)}</p>}
      {run.verdict && <Banner kind={run.errors_count ? "warn" : "info"}>{run.verdict}</Banner>}
      {run.warnings.map((w) => (
        <p key={w} class="hint">
          {w}
        </p>
      ))}
      {preview && run.totals && <Matches run={run} />}
      {run.errors_count > 0 && <Errors run={run} />}
    </section>
  );
}

function Matches({ run }: { run: ImportRun }) {
  const t = run.totals!;
  return (
    <div>
      <h4>{T.matchesTitle}</h4>
      <p data-testid="import-totals" data-matched={t.matched} data-matched-amount={t.matched_amount}>
        {T.totals(t)} · {T.matchedAmount}: <strong>{money(t.matched_amount)}</strong> · {T.unmatchedAmount}: {money(t.unmatched_amount)}
      </p>
      <div class="table-wrap">
        <table data-testid="import-matches">
          <thead>
            <tr>
              <th scope="col">{T.cols.line}</th>
              <th scope="col">{T.cols.account}</th>
              <th scope="col">{T.cols.holder}</th>
              <th scope="col">{T.cols.balance}</th>
              <th scope="col">{T.cols.amount}</th>
              <th scope="col">{T.cols.paidOn}</th>
              <th scope="col">{T.cols.reference}</th>
              <th scope="col">{T.cols.status}</th>
            </tr>
          </thead>
          <tbody>
            {run.matches.map((m) => (
              <tr key={m.line} data-testid="import-match-row" data-matched={m.matched ? "true" : "false"} class={m.matched ? undefined : "import-unmatched"}>
                <td>{m.line}</td>
                <td>{m.account_number ?? "—"}</td>
                <td>{m.holder_name ?? "—"}</td>
                <td>{m.balance === null ? "—" : money(m.balance)}</td>
                <td>{m.amount === null ? "—" : money(m.amount)}</td>
                <td>{m.paid_on ?? "—"}</td>
                <td>{m.reference ?? "—"}</td>
                <td>{m.matched ? T.matched : m.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {t.lines > run.matches.length && <p class="hint">{T.moreMatches(run.matches.length, t.lines)}</p>}
    </div>
  );
}

function Errors({ run }: { run: ImportRun }) {
  const csvName = `errores-${run.filename.replace(/\.[^.]+$/, "")}.csv`;
  return (
    <div>
      <h4>{T.errorsTitle(run.errors_count)}</h4>
      <div class="table-wrap">
        <table data-testid="import-errors">
          <thead>
            <tr>
              <th scope="col">{T.cols.line}</th>
              <th scope="col">{T.cols.column}</th>
              <th scope="col">{T.cols.message}</th>
            </tr>
          </thead>
          <tbody>
            {run.errors.map((e, i) => (
              <tr key={`${e.line}-${i}`} data-testid="import-error-row">
                <td>{e.line > 0 ? e.line : "—"}</td>
                <td>{e.column ?? "—"}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {run.errors_count > run.errors.length && <p class="hint">{T.moreErrors(run.errors.length, run.errors_count)}</p>}
      <button type="button" class="secondary" onClick={() => void downloadAuthed(errorsCsvPath(run.id), csvName)} data-testid="import-errors-csv">
        {T.errorsCsv}
      </button>
    </div>
  );
}
