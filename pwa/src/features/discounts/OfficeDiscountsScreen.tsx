/**
 * "Descuentos" (office, lazy chunk; `#/descuentos?tab=solicitudes|beneficiarios|visitas|aplicar|programas`):
 * the applications queue by status (submitted first), the month's beneficiaries with totals and
 * their Excel, for the manager and the clerks the registration visits, for the manager the
 * month's posting, the renewal visits and the declared emergency, and the discount programs
 * (the manager edits them; the clerks and the director read them).
 */
import { useState } from "preact/hooks";
import { dateTime } from "../../domain/time";
import { discountsEs } from "../../i18n/es-discounts";
import { navigate, route } from "../../state/router";
import { isManager, session } from "../../state/session";
import { Pager, Spinner } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { APPLICATION_STATUSES, listApplications } from "./api";
import { BeneficiariesPanel } from "./BeneficiariesPanel";
import { statusLabel, typeLabel } from "./office-parts";
import { PostingPanel } from "./PostingPanel";
import { ProgramsPanel } from "./ProgramsPanel";
import { VisitsPanel } from "./VisitsPanel";

const O = discountsEs.office;
type Tab = "solicitudes" | "beneficiarios" | "visitas" | "aplicar" | "programas";

export function QueuePanel() {
  const [status, setStatus] = useState("submitted");
  const [page, setPage] = useState(1);
  const l = useLoad(() => listApplications(status, page), [status, page]);
  const pages = l.data ? Math.max(1, l.data.pages || Math.ceil(l.data.total / Math.max(1, l.data.page_size))) : 1;
  return (
    <section aria-labelledby="discount-queue-title">
      <h3 id="discount-queue-title">{O.tabs.solicitudes}</h3>
      <label for="discount-queue-status">{O.status}</label>
      <select
        id="discount-queue-status"
        value={status}
        onChange={(e) => {
          setStatus((e.currentTarget as HTMLSelectElement).value);
          setPage(1);
        }}
        data-testid="discount-queue-status"
      >
        {APPLICATION_STATUSES.map((s) => (
          <option key={s} value={s}>
            {O.statuses[s] ?? s}
          </option>
        ))}
        <option value="">{O.all}</option>
      </select>
      {l.busy && <Spinner />}
      {l.error && <p class="error">{l.error}</p>}
      {l.data && l.data.items.length === 0 && <p data-testid="discount-queue-empty">{O.empty}</p>}
      {l.data && l.data.items.length > 0 && (
        <div class="table-wrap">
          <table data-testid="discount-queue">
            <thead>
              <tr>
                <th scope="col">{O.account}</th>
                <th scope="col">{O.beneficiary}</th>
                <th scope="col">{O.type}</th>
                <th scope="col" class="num">
                  {O.problems}
                </th>
                <th scope="col">{O.evidence}</th>
                <th scope="col">{O.submittedAt}</th>
              </tr>
            </thead>
            <tbody>
              {l.data.items.map((a) => (
                <tr key={a.id} data-testid="discount-queue-row" data-application-id={a.id} data-status={a.status}>
                  <td>
                    <a href={`#/descuentos/${a.id}`} data-testid="discount-queue-open">
                      {a.account_number}
                    </a>
                  </td>
                  <td>
                    {a.beneficiary_name}
                    {a.other_accounts_with_curp.length > 0 && (
                      <div class="flag" data-testid="discount-queue-same-curp">
                        {O.sameCurp(a.other_accounts_with_curp.join(", "))}
                      </div>
                    )}
                    {a.status !== status && <div class="meta">{statusLabel(a.status)}</div>}
                  </td>
                  <td>{typeLabel(a.beneficiary_type)}</td>
                  <td class="num" data-testid="discount-queue-problems" data-value={a.problems.length}>
                    {a.problems.length}
                  </td>
                  <td data-testid="discount-queue-evidence" data-value={String(!!a.evidence_pending)}>
                    {a.evidence_pending ? <span class="pill evidencia_pendiente">{O.evidencePending}</span> : O.evidenceComplete}
                  </td>
                  <td>{dateTime(a.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {l.data && <Pager page={page} pages={pages} onPage={setPage} testid="discount-queue" />}
    </section>
  );
}

export default function OfficeDiscountsScreen() {
  const manager = isManager.value;
  const assigns = manager || (session.value?.user.roles ?? []).includes("clerk"); // POST /visits: manager, clerk
  const tabs: Tab[] = ["solicitudes", "beneficiarios", ...(assigns ? (["visitas"] as Tab[]) : []), ...(manager ? (["aplicar"] as Tab[]) : []), "programas"];
  const asked = route.value.query.get("tab") as Tab | null;
  const tab: Tab = asked && tabs.includes(asked) ? asked : "solicitudes";
  return (
    <section aria-labelledby="discounts-office-title" data-testid="discounts-office">
      <h2 id="discounts-office-title">{discountsEs.title}</h2>
      <div class="tabs" role="group" aria-label={discountsEs.title}>
        {tabs.map((t) => (
          <button type="button" key={t} aria-pressed={tab === t} onClick={() => navigate(`/descuentos?tab=${t}`, true)} data-testid={`discounts-tab-${t}`}>
            {O.tabs[t]}
          </button>
        ))}
      </div>
      {tab === "solicitudes" && <QueuePanel />}
      {tab === "beneficiarios" && <BeneficiariesPanel />}
      {tab === "visitas" && assigns && <VisitsPanel />}
      {tab === "aplicar" && manager && <PostingPanel />}
      {tab === "programas" && <ProgramsPanel manager={manager} />}
    </section>
  );
}
