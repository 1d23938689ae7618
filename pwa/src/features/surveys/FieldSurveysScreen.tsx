/**
 * "Encuestas" of a field worker (`#/encuestas`, lazy chunk, precached; works offline): the
 * surveys the office asked of her (open requests, with the account's number and address), the
 * forms she may take on her own (for an account found among those on the phone, or without one)
 * and the surveys sent from this phone with their sync state.
 */
import { useState } from "preact/hooks";
import { flagLabel } from "../../domain/outcomes";
import { dateTime } from "../../domain/time";
import type { AccountRow } from "../../domain/types";
import { surveyFieldEs as T } from "../../i18n/es-surveys";
import { view } from "../../state/field";
import { addressLine } from "../route/stops";
import { formsForTrigger, latestPublished, openRequests, requestTrigger, surveyHref } from "./pick";
import { useSurveyData } from "./survey-data";

const norm = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

/** Accounts on the phone matching every word (holder, address, number); at most `limit`. */
export function searchAccounts(accounts: Iterable<AccountRow>, q: string, limit = 8): AccountRow[] {
  const words = norm(q).split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  const out: AccountRow[] = [];
  for (const a of accounts) {
    const hay = norm([a.holder_name, addressLine(a), a.account_number].filter(Boolean).join(" "));
    if (words.every((w) => hay.includes(w))) out.push(a);
    if (out.length >= limit) break;
  }
  return out;
}

export default function FieldSurveysScreen() {
  const v = view.value;
  const data = useSurveyData();
  const [q, setQ] = useState("");
  const [chosen, setChosen] = useState<AccountRow | null>(null);
  if (!v || !data) return <p>{T.opening}</p>;
  const latest = latestPublished(data.forms);
  const requests = openRequests(data.requests).filter((r) => latest.has(r.form_key));
  const standalone = formsForTrigger(data.forms, "standalone");
  const matches = chosen ? [] : searchAccounts(v.accounts.values(), q);
  const titleOf = (formId: string) => data.forms.find((f) => f.id === formId)?.title ?? "";

  return (
    <section aria-labelledby="surveys-title" data-testid="field-surveys">
      <h2 id="surveys-title">{T.listTitle}</h2>

      <h3>{T.requestsTitle}</h3>
      {requests.length === 0 ? (
        <p class="hint" data-testid="survey-requests-empty">
          {T.noRequests}
        </p>
      ) : (
        <ul class="list" data-testid="survey-requests">
          {requests.map((r) => {
            const a = v.accounts.get(r.account_id);
            const form = latest.get(r.form_key)!;
            return (
              <li key={r.id} class="card" data-testid="survey-request" data-request-id={r.id}>
                <h4>{form.title}</h4>
                <div>
                  <strong>{a?.holder_name ?? r.holder_name ?? ""}</strong> · {T.account} {a?.account_number ?? r.account_number ?? "—"}
                </div>
                <div class="meta">{a ? addressLine(a) : r.address ?? ""}</div>
                <div class="meta">{T.reason[r.reason] ?? r.reason}</div>
                <div class="actions">
                  <a
                    class="button"
                    href={surveyHref(r.form_key, { accountId: r.account_id, stopId: r.stop_id, requestId: r.id, trigger: requestTrigger(r.reason), back: "/encuestas" })}
                    data-testid="survey-request-start"
                  >
                    {T.start}
                  </a>
                </div>
              </li>
            );
          })}
        </ul>
      )}

      <h3>{T.standaloneTitle}</h3>
      {standalone.length === 0 ? (
        <p class="hint" data-testid="survey-standalone-empty">
          {T.noStandalone}
        </p>
      ) : (
        <>
          {chosen ? (
            <p class="banner info" data-testid="survey-chosen-account">
              <span>{T.chosenAccount(chosen.account_number, chosen.holder_name)}</span>
              <button type="button" class="secondary" onClick={() => setChosen(null)} data-testid="survey-clear-account">
                {T.clearAccount}
              </button>
            </p>
          ) : (
            <>
              <label for="survey-account-search">{T.searchAccount}</label>
              <input id="survey-account-search" type="search" autoComplete="off" value={q} onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)} data-testid="survey-account-search" />
              {q.trim() && matches.length === 0 && <p class="hint">{T.noAccountMatch}</p>}
              {matches.length > 0 && (
                <ul class="list" data-testid="survey-account-matches">
                  {matches.map((a) => (
                    <li key={a.id}>
                      <button type="button" class="secondary survey-account-pick" onClick={() => setChosen(a)} data-testid="survey-account-pick" data-account-id={a.id}>
                        {a.account_number} · {a.holder_name} · {addressLine(a)}
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
          <ul class="list" data-testid="survey-standalone">
            {standalone.map((f) => (
              <li key={f.form_key} class="card">
                <h4>{f.title}</h4>
                {f.description && <p class="meta">{f.description}</p>}
                <a
                  class="button"
                  href={surveyHref(f.form_key, { accountId: chosen?.id ?? null, trigger: "standalone", back: "/encuestas" })}
                  data-testid={`survey-start-${f.form_key}`}
                >
                  {T.start} {chosen ? "" : `(${T.withoutAccount.toLowerCase()})`}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}

      {data.sent.length > 0 && (
        <>
          <h3>{T.sentTitle}</h3>
          <ul class="list" data-testid="survey-sent">
            {data.sent.map((s) => {
              const a = s.account_id ? v.accounts.get(s.account_id) : undefined;
              return (
                <li key={s.id} class="card" data-testid="survey-sent-item" data-state={s.state}>
                  {dateTime(s.started_at)} · {titleOf(s.form_id)} {a ? `· ${T.account} ${a.account_number}` : ""}{" "}
                  <span class={`pill ${s.state}`}>{T.state[s.state]}</span>
                  {s.codes.length > 0 && <span class="flag"> {s.codes.map(flagLabel).join(", ")}</span>}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
