/**
 * "Descuentos" of the social worker (`#/descuentos?tab=pendientes|registrar|solicitudes`,
 * offline): what is waiting for her (registration and renewal visits on her routes, the office's
 * questions with "Responder", registrations left half-done), the search among the accounts on the phone to
 * "Registrar descuento", and her applications with where each one stands.
 */
import { useState } from "preact/hooks";
import { REASON_LABELS, type DiscountReason } from "../../domain/discount-rules";
import { dateTime } from "../../domain/time";
import type { StopRow } from "../../domain/types";
import { discountsEs } from "../../i18n/es-discounts";
import { view } from "../../state/field";
import { navigate, route } from "../../state/router";
import { addressLine } from "../route/stops";
import { searchAccounts, useDiscountData, type ApplicationView, type DiscountData } from "./local";
import { dmy, registerLink, type StoredDraft } from "./links";
import { DiscountStopCard, isDiscountStop } from "./DiscountStopCard";

const L = discountsEs.field;
type Tab = "pendientes" | "registrar" | "solicitudes";
const TABS: Tab[] = ["pendientes", "registrar", "solicitudes"];
const SHOWN = 30;

/** The chip of an application ("Enviada", "Falta información"...), for her list and her pending work. */
export function ApplicationChipPill({ a }: { a: ApplicationView }) {
  const tone = a.chip === "approved" || a.chip === "submitted" || a.chip === "answered" ? "enviado" : a.chip === "rejected" || a.chip === "observed" || a.chip === "needs_info" ? "observado" : "evidencia_pendiente";
  return (
    <span class={`pill ${tone}`} data-testid="discount-chip" data-chip={a.chip}>
      {discountsEs.chips[a.chip] ?? a.chip}
    </span>
  );
}

/** The registration visits and renewal stops on her phone still to do (any day the phone holds), in route order. */
export function pendingDiscountStops(stops: StopRow[]): StopRow[] {
  return stops.filter((s) => isDiscountStop(s) && s.status === "pending");
}

function Pending({ data }: { data: DiscountData }) {
  const v = view.value!;
  const stops = pendingDiscountStops(v.stops);
  const questions = data.applications.filter((a) => a.status === "needs_info" && a.chip === "needs_info");
  const drafts = data.drafts as unknown as { key: string; data: StoredDraft; updated_at: string }[];
  if (!stops.length && !questions.length && !drafts.length) return <p data-testid="discount-pending-empty">{L.pendingEmpty}</p>;
  return (
    <ol class="list" data-testid="discount-pending">
      {questions.map((a) => {
        const acc = v.accounts.get(a.account_id);
        return (
          <li key={a.id} class="card needs-info" data-testid="discount-question" data-application-id={a.id}>
            <div class="meta">
              <ApplicationChipPill a={a} /> {discountsEs.beneficiaryTypes[a.beneficiary_type] ?? a.beneficiary_type}
            </div>
            <h3 class="holder">{a.beneficiary_name}</h3>
            <div>
              {L.account} {acc?.account_number ?? "—"} · {addressLine(acc)}
            </div>
            <p class="question" data-testid="discount-question-text">
              <strong>{L.question}</strong> {a.decision_note ?? "—"}
            </p>
            <div class="actions">
              <a class="button big" href={`#${registerLink(a.account_id, { responde: a.id })}`} data-testid="discount-answer">
                {L.answer}
              </a>
            </div>
          </li>
        );
      })}
      {stops.map((s) => (
        <DiscountStopCard key={s.id} stop={s} account={v.accounts.get(s.account_id)} application={s.application_id ? data.applications.find((a) => a.id === s.application_id) : undefined} />
      ))}
      {drafts.map((d) => (
        <li key={d.key} class="card" data-testid="discount-draft" data-key={d.key}>
          <div class="meta">
            {L.drafts} · {dateTime(d.updated_at)}
          </div>
          <h3 class="holder">{d.data.beneficiary_name || v.accounts.get(d.data.account_id)?.holder_name || "—"}</h3>
          <a class="button secondary" href={`#${d.data.link ?? registerLink(d.data.account_id)}`} data-testid="discount-draft-resume">
            {L.resume}
          </a>
        </li>
      ))}
    </ol>
  );
}

function Register() {
  const v = view.value!;
  const [q, setQ] = useState("");
  const found = searchAccounts(v.accounts.values(), q);
  return (
    <section aria-labelledby="discount-search-label">
      <label id="discount-search-label" for="discount-search">
        {L.searchLabel}
      </label>
      <input id="discount-search" type="search" value={q} autoComplete="off" onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)} data-testid="discount-search" />
      <p class="hint">{L.searchHint}</p>
      {found.length === 0 ? (
        <p data-testid="discount-search-none">{L.searchNone}</p>
      ) : (
        <ol class="list" data-testid="discount-search-results" data-count={found.length}>
          {found.slice(0, SHOWN).map((a) => (
            <li key={a.id} class="card" data-testid="discount-account" data-account-id={a.id}>
              <h3 class="holder">{a.holder_name}</h3>
              <div>{addressLine(a)}</div>
              <div class="meta">
                {L.account} {a.account_number}
              </div>
              <a class="button" href={`#${registerLink(a.id)}`} data-testid="discount-register">
                {L.register}
              </a>
            </li>
          ))}
        </ol>
      )}
      {found.length > SHOWN && <p class="hint">{L.searchMore(SHOWN)}</p>}
    </section>
  );
}

function Mine({ data }: { data: DiscountData }) {
  const v = view.value!;
  if (!data.applications.length) return <p data-testid="discount-mine-empty">{L.mineEmpty}</p>;
  return (
    <ol class="list" data-testid="discount-mine">
      {data.applications.map((a) => (
        <li key={a.id} class="card" data-testid="discount-application" data-application-id={a.id} data-chip={a.chip} data-status={a.status}>
          <div class="meta">
            <ApplicationChipPill a={a} />
            {a.evidencePending && a.chip !== "evidence_pending" && (
              <>
                {" "}
                <span class="pill evidencia_pendiente" data-testid="discount-evidence-flag">
                  {discountsEs.chips.evidence_pending}
                </span>
              </>
            )}{" "}
            {discountsEs.beneficiaryTypes[a.beneficiary_type] ?? a.beneficiary_type}
          </div>
          <h3 class="holder">{a.beneficiary_name}</h3>
          <div>
            {L.account} {v.accounts.get(a.account_id)?.account_number ?? "—"}
            {a.created_at ? ` · ${dateTime(a.created_at)}` : ""}
            {a.renewal_of ? ` · ${L.renewalOf}` : ""}
            {a.answers_request ? ` · ${L.answersQuestion}` : ""}
          </div>
          {a.status === "approved" && a.starts_on && a.ends_on && <div class="meta">{L.validity(dmy(a.starts_on), dmy(a.ends_on))}</div>}
          {(a.status === "needs_info" || a.status === "rejected") && a.decision_note && (
            <p class="question" data-testid="discount-application-note">
              {a.decision_note}
            </p>
          )}
          {(a.problems.length > 0 || a.codes.length > 0) && (
            <ul class="flags" data-testid="discount-application-flags">
              {a.codes.map((c) => (
                <li key={c}>{discountsEs.flags[c] ?? c}</li>
              ))}
              {a.problems.map((p) => (
                <li key={p}>{REASON_LABELS[p as DiscountReason] ?? p}</li>
              ))}
            </ul>
          )}
          {a.status === "needs_info" && a.chip === "needs_info" && (
            <a class="button" href={`#${registerLink(a.account_id, { responde: a.id })}`} data-testid="discount-answer">
              {L.answer}
            </a>
          )}
        </li>
      ))}
    </ol>
  );
}

export default function FieldDiscountsScreen() {
  const v = view.value;
  const data = useDiscountData();
  const asked = route.value.query.get("tab") as Tab | null;
  const tab: Tab = asked && TABS.includes(asked) ? asked : "pendientes";
  if (!v || !data) return <p>{L.opening}</p>;
  const counts: Record<Tab, number> = {
    pendientes: pendingDiscountStops(v.stops).length + data.applications.filter((a) => a.status === "needs_info" && a.chip === "needs_info").length + data.drafts.length,
    registrar: v.accounts.size,
    solicitudes: data.applications.length,
  };
  return (
    <section aria-labelledby="discounts-title" data-testid="discounts-field">
      <h2 id="discounts-title">{discountsEs.title}</h2>
      <div class="tabs" role="group" aria-label={discountsEs.title}>
        {TABS.map((t) => (
          <button type="button" key={t} aria-pressed={tab === t} onClick={() => navigate(`/descuentos?tab=${t}`, true)} data-testid={`discounts-tab-${t}`}>
            {L.tabs[t]} ({counts[t]})
          </button>
        ))}
      </div>
      {tab === "pendientes" && <Pending data={data} />}
      {tab === "registrar" && <Register />}
      {tab === "solicitudes" && <Mine data={data} />}
    </section>
  );
}
