/**
 * "Convenios" (office, lazy chunk; `#/convenios?tab=lista|nuevo|politica|promociones`): the
 * figures (by status, compliance, recovered, what falls due in 7 days), "Verificar código", the
 * list by status; "Nuevo convenio" at the counter (clerk, manager); the policy (the manager
 * saves a new version); the promotions (the manager creates and deactivates them).
 */
import { useState } from "preact/hooks";
import { formatPesos, parseCents } from "../../domain/agreement-rules";
import { dateTime, money } from "../../domain/time";
import { flagLabel } from "../../domain/outcomes";
import { es } from "../../i18n/es";
import { navigate, route } from "../../state/router";
import { canWriteOffice, isManager } from "../../state/session";
import { Banner, Pager, Spinner } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { AGREEMENT_STATUSES, agreementSummary, listAgreements, verifyCode, type AgreementItem } from "./api";
import { fmtDate } from "./Builder";
import { CounterAgreement } from "./CounterAgreement";
import { officeState, statusLabel } from "./office-parts";
import { PolicyPanel } from "./PolicyPanel";
import { PromotionsPanel } from "./PromotionsPanel";

const O = es.agreements.office;

type Tab = "lista" | "nuevo" | "politica" | "promociones";

/** Money the server sent ("1234.50") as "$1,234.50"; anything else as the app's money(). */
function pesos(s: string | null | undefined): string {
  try {
    return s ? formatPesos(parseCents(s)) : "—";
  } catch {
    return money(s);
  }
}

export function SummaryPanel() {
  const s = useLoad(agreementSummary, []);
  return (
    <section aria-labelledby="agreements-summary-title" data-testid="agreements-summary">
      <h3 id="agreements-summary-title">{O.summaryTitle}</h3>
      {s.busy && <Spinner />}
      {s.error && <p class="error">{s.error}</p>}
      {s.data && (
        <>
          <div class="figures">
            {AGREEMENT_STATUSES.map((st) => (
              <div class="figure" key={st} data-testid="agreements-summary-status" data-key={st} data-value={s.data!.by_status[st] ?? 0}>
                {statusLabel(st)} <span class="v">{s.data!.by_status[st] ?? 0}</span>
              </div>
            ))}
            <div class="figure" data-testid="agreements-compliance" data-value={s.data.compliance_rate ?? ""}>
              {O.compliance} <span class="v">{s.data.compliance_rate === null ? "—" : `${(s.data.compliance_rate * 100).toFixed(1)}%`}</span>
            </div>
            <div class="figure" data-testid="agreements-recovered" data-value={s.data.recovered}>
              {O.recovered} <span class="v">{pesos(s.data.recovered)}</span>
            </div>
          </div>
          <h4>{O.upcoming}</h4>
          {s.data.upcoming.length === 0 ? (
            <p class="hint">{O.noUpcoming}</p>
          ) : (
            <div class="table-wrap">
              <table data-testid="agreements-upcoming">
                <thead>
                  <tr>
                    <th scope="col">{O.folio}</th>
                    <th scope="col">{O.account}</th>
                    <th scope="col">{es.agreements.part}</th>
                    <th scope="col">{es.agreements.dueDate}</th>
                    <th scope="col" class="num">
                      {es.agreements.amount}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {s.data.upcoming.map((u) => (
                    <tr key={`${u.folio}-${u.number}`} data-testid="agreements-upcoming-row">
                      <td>{u.folio}</td>
                      <td>{u.account_number}</td>
                      <td>{u.number === 0 ? es.agreements.downPaymentPart : es.agreements.installmentPart(u.number)}</td>
                      <td>{fmtDate(u.due_date)}</td>
                      <td class="num">{pesos(u.amount)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

export function VerifyPanel() {
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ state: "ok"; a: AgreementItem } | { state: "unknown" | "error"; message: string } | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!code.trim()) return;
    setBusy(true);
    setResult(null);
    try {
      setResult({ state: "ok", a: await verifyCode(code) });
    } catch (err) {
      const status = (err as { status?: number }).status;
      setResult(status === 404 ? { state: "unknown", message: O.verifyUnknown } : { state: "error", message: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="agreement-verify-title">
      <h3 id="agreement-verify-title">{O.verifyTitle}</h3>
      <form onSubmit={(e) => void submit(e)} class="actions" style={{ alignItems: "flex-end" }}>
        <div style={{ flex: 1, minWidth: "14rem" }}>
          <label for="agreement-verify-code">{O.verifyLabel}</label>
          <input id="agreement-verify-code" type="text" autoComplete="off" autoCapitalize="characters" value={code} maxLength={20} onInput={(e) => setCode((e.currentTarget as HTMLInputElement).value)} data-testid="agreement-verify-input" />
        </div>
        <button type="submit" disabled={busy || !code.trim()} data-testid="agreement-verify-submit">
          {busy ? <Spinner label="Verificando…" /> : O.verify}
        </button>
      </form>
      {result && (
        <div
          class={`banner ${result.state === "ok" ? "info" : "bad"}`}
          role="status"
          data-testid="agreement-verify-result"
          data-state={result.state}
          data-folio={result.state === "ok" ? result.a.folio : undefined}
        >
          {result.state === "ok" ? (
            <p>
              {O.verifyOk(result.a.folio, statusLabel(result.a.status))} {result.a.holder_name} · {O.account} {result.a.account_number} · {pesos(result.a.agreed_debt)} ·{" "}
              <a href={`#/convenios/${result.a.id}`}>{O.openDetail}</a>
            </p>
          ) : (
            <p>{result.message}</p>
          )}
        </div>
      )}
    </section>
  );
}

export function AgreementsList() {
  const [status, setStatus] = useState("");
  const [page, setPage] = useState(1);
  const l = useLoad(() => listAgreements(status, page), [status, page]);
  const pages = l.data ? Math.max(1, l.data.pages || Math.ceil(l.data.total / Math.max(1, l.data.page_size))) : 1;
  return (
    <section aria-labelledby="agreements-list-title">
      <h3 id="agreements-list-title">{O.tabList}</h3>
      <label for="agreements-status">{O.filterStatus}</label>
      <select
        id="agreements-status"
        value={status}
        onChange={(e) => {
          setStatus((e.currentTarget as HTMLSelectElement).value);
          setPage(1);
        }}
        data-testid="agreements-status"
      >
        <option value="">{O.allStatuses}</option>
        {AGREEMENT_STATUSES.map((s) => (
          <option key={s} value={s}>
            {statusLabel(s)}
          </option>
        ))}
      </select>
      {l.busy && <Spinner />}
      {l.error && <p class="error">{l.error}</p>}
      {l.data && l.data.items.length === 0 && <p data-testid="agreements-empty">{O.empty}</p>}
      {l.data && l.data.items.length > 0 && (
        <div class="table-wrap">
          <table data-testid="agreements-list">
            <thead>
              <tr>
                <th scope="col">{O.folio}</th>
                <th scope="col">{O.holder}</th>
                <th scope="col" class="num">
                  {O.agreed}
                </th>
                <th scope="col" class="num">
                  {O.paid}
                </th>
                <th scope="col">{O.nextDue}</th>
                <th scope="col">{O.filterStatus}</th>
              </tr>
            </thead>
            <tbody>
              {l.data.items.map((a) => (
                <tr key={a.id} data-testid="agreement-row" data-folio={a.folio} data-status={a.status} data-agreement-id={a.id}>
                  <td>
                    <a href={`#/convenios/${a.id}`} data-testid="agreement-row-open">
                      {a.folio}
                    </a>
                    <div class="meta">
                      {dateTime(a.signed_at)} · {O.origin[a.origin] ?? a.origin}
                    </div>
                  </td>
                  <td>
                    {a.holder_name}
                    <div class="meta">
                      {O.account} {a.account_number}
                    </div>
                  </td>
                  <td class="num">{pesos(a.agreed_debt)}</td>
                  <td class="num">{pesos(a.paid)}</td>
                  <td>{fmtDate(a.next_due)}</td>
                  <td>
                    <span class={`pill ${officeState(a.status) === "review" ? "observado" : "enviado"}`} data-state={officeState(a.status)}>
                      {statusLabel(a.status)}
                    </span>
                    {a.flags.length > 0 && <div class="flag">{a.flags.map(flagLabel).join(", ")}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {l.data && <Pager page={page} pages={pages} onPage={setPage} testid="agreements" />}
    </section>
  );
}

export default function OfficeAgreementsScreen() {
  const writer = canWriteOffice.value;
  const manager = isManager.value;
  const tabs: { tab: Tab; label: string }[] = [
    { tab: "lista", label: O.tabList },
    ...(writer ? [{ tab: "nuevo" as Tab, label: O.tabNew }] : []),
    { tab: "politica", label: O.tabPolicy },
    { tab: "promociones", label: O.tabPromotions },
  ];
  const asked = (route.value.query.get("tab") as Tab | null) ?? "lista";
  const tab: Tab = tabs.some((t) => t.tab === asked) ? asked : "lista";
  return (
    <section aria-labelledby="agreements-title">
      <h2 id="agreements-title">{O.title}</h2>
      <div class="tabs" role="group" aria-label={O.title}>
        {tabs.map((t) => (
          <button type="button" key={t.tab} aria-pressed={tab === t.tab} onClick={() => navigate(`/convenios?tab=${t.tab}`, true)} data-testid={`agreements-tab-${t.tab}`}>
            {t.label}
          </button>
        ))}
      </div>
      {!writer && (
        <Banner kind="info" testid="agreements-read-only">
          <p>{O.readOnly}</p>
        </Banner>
      )}
      {tab === "lista" && (
        <>
          <SummaryPanel />
          <VerifyPanel />
          <AgreementsList />
        </>
      )}
      {tab === "nuevo" && writer && <CounterAgreement />}
      {tab === "politica" && <PolicyPanel manager={manager} />}
      {tab === "promociones" && <PromotionsPanel manager={manager} />}
    </section>
  );
}
