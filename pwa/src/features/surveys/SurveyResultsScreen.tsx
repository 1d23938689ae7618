/**
 * Results of a survey (`#/encuestas/<form key>/resultados`, lazy chunk with Chart.js): filters
 * (version, dates, colonia, field worker), the number of responses, and per question a chart
 * with its table (counts and percentages; average, minimum and maximum of a scale or number)
 * or the written answers with their date and account; "Descargar Excel" with the same filters.
 */
import { useState } from "preact/hooks";
import { dateTime } from "../../domain/time";
import { surveyOfficeEs } from "../../i18n/es-surveys";
import { Spinner } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { listNeighborhoods } from "../campaigns/api";
import { downloadAuthed } from "../disconnections/download";
import { filterQuery, getForm, getResults, listFieldWorkers, resultsXlsxPath, type QuestionResult, type ResultFilters } from "./api";
import { pct, ResultChart } from "./ResultChart";

const O = surveyOfficeEs;
const R = O.res;

const fmt = (v: number | string | null | undefined) => (v === null || v === undefined || v === "" ? "—" : typeof v === "number" ? v.toLocaleString("es-MX", { maximumFractionDigits: 2 }) : v);

function QuestionBlock({ q }: { q: QuestionResult }) {
  const numeric = q.kind === "scale" || q.kind === "number";
  return (
    <section class="card survey-result" aria-labelledby={`survey-result-${q.id}-title`} data-testid={`survey-result-${q.id}`} data-kind={q.kind}>
      <h3 id={`survey-result-${q.id}-title`}>{q.label}</h3>
      <p class="meta">
        {R.answered}: <strong data-testid={`survey-result-${q.id}-answered`}>{q.answered}</strong> · {R.skipped}: {q.skipped}
        {numeric && (
          <>
            {" "}
            · {R.average}: <strong data-testid={`survey-result-${q.id}-average`}>{fmt(q.average)}</strong> · {R.min}: {fmt(q.min)} · {R.max}: {fmt(q.max)}
          </>
        )}
      </p>
      {q.kind !== "text" && q.counts.length > 0 && (
        <>
          <ResultChart q={q} />
          <div class="table-wrap">
            <table data-testid={`survey-table-${q.id}`}>
              <thead>
                <tr>
                  <th scope="col">{R.value}</th>
                  <th scope="col" class="num">
                    {R.count}
                  </th>
                  <th scope="col" class="num">
                    {R.percent}
                  </th>
                </tr>
              </thead>
              <tbody>
                {q.counts.map((c) => (
                  <tr key={String(c.value)} data-value={String(c.value)}>
                    <th scope="row">{c.label}</th>
                    <td class="num">{c.count}</td>
                    <td class="num">{pct(c.percent)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {q.kind === "text" && (
        <>
          <h4>{R.texts}</h4>
          {q.texts.length === 0 ? (
            <p class="hint">{R.noAnswers}</p>
          ) : (
            <ul class="list survey-texts" data-testid={`survey-texts-${q.id}`}>
              {q.texts.map((t, i) => (
                <li key={i}>
                  <span class="meta">
                    {dateTime(t.at)}
                    {t.account_number ? ` · ${R.account} ${t.account_number}` : ""}
                  </span>
                  <div>{t.text}</div>
                </li>
              ))}
            </ul>
          )}
          {q.texts_total > q.texts.length && <p class="hint">{R.textsMore(q.texts.length, q.texts_total)}</p>}
        </>
      )}
      {q.kind !== "text" && q.counts.length === 0 && <p class="hint">{R.noAnswers}</p>}
    </section>
  );
}

export default function SurveyResultsScreen({ formKey }: { formKey: string }) {
  const [edit, setEdit] = useState<ResultFilters>({});
  const [applied, setApplied] = useState<ResultFilters>({});
  const [xlsx, setXlsx] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const form = useLoad(() => getForm(formKey), [formKey]);
  const places = useLoad(listNeighborhoods, []);
  const workers = useLoad(listFieldWorkers, []);
  const res = useLoad(() => getResults(formKey, applied), [formKey, filterQuery(applied)]);
  const versions = [...(form.data?.versions ?? [])].filter((v) => v.status !== "draft").sort((a, b) => b.version - a.version);
  const set = (k: keyof ResultFilters) => (e: Event) => setEdit((f) => ({ ...f, [k]: (e.currentTarget as HTMLInputElement | HTMLSelectElement).value }));
  const title = res.data?.title ?? versions[0]?.title ?? "";

  const download = async () => {
    setXlsx({ busy: true, error: null });
    try {
      await downloadAuthed(resultsXlsxPath(formKey, applied), `encuesta-resultados.xlsx`);
      setXlsx({ busy: false, error: null });
    } catch (e) {
      setXlsx({ busy: false, error: (e as Error).message });
    }
  };

  return (
    <section aria-labelledby="survey-results-title" data-testid="survey-results" data-form-key={formKey}>
      <h2 id="survey-results-title">{R.title(title)}</h2>
      <div class="actions">
        <a class="button secondary" href="#/encuestas">
          {R.back}
        </a>
        <button type="button" class="secondary" onClick={() => void download()} disabled={xlsx.busy} data-testid="survey-results-xlsx">
          {xlsx.busy ? <Spinner label={R.excel} /> : R.excel}
        </button>
        {xlsx.error && (
          <span class="error" role="alert">
            {xlsx.error}
          </span>
        )}
      </div>
      <form
        class="survey-filters"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied({ ...edit });
        }}
        data-testid="survey-results-filters"
      >
        <div>
          <label for="survey-f-version">{R.version}</label>
          <select id="survey-f-version" value={String(edit.version ?? "")} onChange={set("version")} data-testid="survey-f-version">
            <option value="">{R.latest}</option>
            {versions.map((v) => (
              <option key={v.id} value={String(v.version)}>
                {v.version} · {O.status[v.status] ?? v.status}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="survey-f-from">{R.from}</label>
          <input id="survey-f-from" type="date" value={edit.from ?? ""} onInput={set("from")} data-testid="survey-f-from" />
        </div>
        <div>
          <label for="survey-f-to">{R.to}</label>
          <input id="survey-f-to" type="date" value={edit.to ?? ""} onInput={set("to")} data-testid="survey-f-to" />
        </div>
        <div>
          <label for="survey-f-neighborhood">{R.neighborhood}</label>
          <select id="survey-f-neighborhood" value={String(edit.neighborhood_id ?? "")} onChange={set("neighborhood_id")} data-testid="survey-f-neighborhood">
            <option value="">{R.all}</option>
            {(places.data ?? []).map((n) => (
              <option key={n.id} value={String(n.id)}>
                {n.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="survey-f-worker">{R.worker}</label>
          <select id="survey-f-worker" value={edit.worker_id ?? ""} onChange={set("worker_id")} data-testid="survey-f-worker">
            <option value="">{R.allWorkers}</option>
            {(workers.data ?? []).map((w) => (
              <option key={w.id} value={w.id}>
                {w.full_name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" data-testid="survey-f-apply">
          {R.apply}
        </button>
      </form>

      {res.busy && <Spinner />}
      {res.error && <p class="error">{res.error}</p>}
      {res.data && (
        <>
          <div class="figures">
            <div class="figure" data-testid="survey-results-total" data-value={res.data.responses}>
              {R.responses} <span class="v">{res.data.responses}</span>
            </div>
            {res.data.version !== null && (
              <div class="figure" data-testid="survey-results-version" data-value={res.data.version}>
                {R.version} <span class="v">{res.data.version}</span>
              </div>
            )}
          </div>
          {res.data.questions.map((q) => (
            <QuestionBlock key={q.id} q={q} />
          ))}
        </>
      )}
    </section>
  );
}
