/** "Importaciones recientes": the last runs, newest first; "Ver" opens one. */
import { useState } from "preact/hooks";
import { dateTime } from "../../domain/time";
import { Banner, Pager, Spinner } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { history } from "./api";
import { importsEs as T } from "./texts";

export function History({ refresh, onOpen }: { refresh: number; onOpen: (id: string) => void }) {
  const [page, setPage] = useState(1);
  const { data, error, busy } = useLoad(() => history(page), [page, refresh]);
  return (
    <section aria-labelledby="imports-history-title">
      <h3 id="imports-history-title">{T.historyTitle}</h3>
      {error && <Banner kind="bad">{error}</Banner>}
      {busy && !data && <Spinner />}
      {data && data.items.length === 0 && <p class="hint">{T.historyEmpty}</p>}
      {data && data.items.length > 0 && (
        <div class="table-wrap">
          <table data-testid="import-history">
            <thead>
              <tr>
                <th scope="col">{T.historyCols.when}</th>
                <th scope="col">{T.historyCols.kind}</th>
                <th scope="col">{T.historyCols.file}</th>
                <th scope="col">{T.historyCols.mode}</th>
                <th scope="col">{T.historyCols.status}</th>
                <th scope="col">{T.historyCols.rows}</th>
                <th scope="col">{T.historyCols.imported}</th>
                <th scope="col">{T.historyCols.errors}</th>
                <th scope="col">
                  <span class="visually-hidden">{T.open}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((r) => (
                <tr key={r.id} data-testid="import-history-row" data-status={r.status}>
                  <td>{dateTime(r.created_at)}</td>
                  <td>{T.kinds[r.kind] ?? r.kind}</td>
                  <td>{r.filename}</td>
                  <td>{T.modes[r.mode] ?? r.mode}</td>
                  <td>{T.statuses[r.status] ?? r.status}</td>
                  <td>{r.rows_total}</td>
                  <td>{r.mode === "dry_run" ? "—" : r.imported}</td>
                  <td>{r.errors_count}</td>
                  <td>
                    <button type="button" class="secondary" onClick={() => onOpen(r.id)} data-testid="import-history-open">
                      {T.open}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && <Pager page={data.page} pages={data.pages} onPage={setPage} testid="import-history-pager" />}
    </section>
  );
}
