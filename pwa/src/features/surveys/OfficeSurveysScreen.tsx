/**
 * "Encuestas" of the office (`#/encuestas?tab=formularios|quejas`, lazy chunk): the forms with
 * their published version, pending draft, responses and status, each opening its editor and its
 * results; "Nueva encuesta" (manager); and the complaints inbox with its open count.
 */
import { surveyOfficeEs } from "../../i18n/es-surveys";
import { navigate, route } from "../../state/router";
import { isManager } from "../../state/session";
import { Banner, Spinner } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { listComplaints, listForms } from "./api";
import { ComplaintsPanel } from "./ComplaintsPanel";

const O = surveyOfficeEs;

type Tab = "formularios" | "quejas";

function FormsList({ manager }: { manager: boolean }) {
  const l = useLoad(listForms, []);
  return (
    <section aria-labelledby="survey-forms-title">
      <h3 id="survey-forms-title">{O.tabForms}</h3>
      {manager && (
        <a class="button" href="#/encuestas/nueva" data-testid="survey-new">
          + {O.newForm}
        </a>
      )}
      {l.busy && <Spinner />}
      {l.error && <p class="error">{l.error}</p>}
      {l.data && l.data.length === 0 && <p data-testid="survey-forms-empty">{O.empty}</p>}
      {l.data && l.data.length > 0 && (
        <div class="table-wrap">
          <table data-testid="survey-forms">
            <thead>
              <tr>
                <th scope="col">{O.col.title}</th>
                <th scope="col">{O.col.versions}</th>
                <th scope="col">{O.col.draft}</th>
                <th scope="col" class="num">
                  {O.col.responses}
                </th>
                <th scope="col">{O.col.status}</th>
                <th scope="col">{O.col.triggers}</th>
              </tr>
            </thead>
            <tbody>
              {l.data.map((f) => {
                const key = encodeURIComponent(f.form_key);
                const when = [...(f.triggers?.standalone ? [O.triggers.standalone] : []), ...(f.triggers?.events ?? []).map((e) => O.triggers[e] ?? e)];
                return (
                  <tr key={f.form_key} data-testid="survey-form-row" data-form-key={f.form_key} data-status={f.status}>
                    <td>
                      <strong>{f.title}</strong>
                      <div class="actions">
                        <a class="button secondary" href={`#/encuestas/${key}/editar`} data-testid="survey-form-edit">
                          {manager ? O.edit : O.view}
                        </a>
                        <a class="button secondary" href={`#/encuestas/${key}/resultados`} data-testid="survey-form-results">
                          {O.results}
                        </a>
                      </div>
                    </td>
                    <td>{f.latest_published_version ?? O.neverPublished}</td>
                    <td>{f.has_draft ? O.hasDraft : O.noDraft}</td>
                    <td class="num">{f.responses}</td>
                    <td>
                      {O.status[f.status] ?? f.status}
                      {f.open_complaints ? <div class="flag">{O.openComplaints(f.open_complaints)}</div> : null}
                    </td>
                    <td>{when.join(", ") || "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export default function OfficeSurveysScreen() {
  const manager = isManager.value;
  const asked = route.value.query.get("tab");
  const tab: Tab = asked === "quejas" ? "quejas" : "formularios";
  const open = useLoad(() => listComplaints("open"), []);
  const count = open.data ? open.data.total : null;
  return (
    <section aria-labelledby="surveys-office-title" data-testid="office-surveys">
      <h2 id="surveys-office-title">{O.title}</h2>
      <div class="tabs" role="group" aria-label={O.title}>
        <button type="button" aria-pressed={tab === "formularios"} onClick={() => navigate("/encuestas?tab=formularios", true)} data-testid="surveys-tab-forms">
          {O.tabForms}
        </button>
        <button type="button" aria-pressed={tab === "quejas"} onClick={() => navigate("/encuestas?tab=quejas", true)} data-testid="surveys-tab-complaints" data-count={count ?? ""}>
          {O.tabComplaints(count)}
        </button>
      </div>
      {!manager && (
        <Banner kind="info" testid="surveys-read-only">
          <p>{O.readOnly}</p>
        </Banner>
      )}
      {tab === "formularios" ? <FormsList manager={manager} /> : <ComplaintsPanel manager={manager} onChanged={open.reload} />}
    </section>
  );
}
