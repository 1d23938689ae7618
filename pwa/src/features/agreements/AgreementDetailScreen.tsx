/**
 * One agreement (`#/convenios/<id>`, office, lazy chunk): the terms as signed, status and flags
 * with the reasons, the parts with what was paid, the PDF, and the manager's review of an
 * agreement parked in "En revisión" (approve → active, or annul, with a note).
 *
 * Clerk and manager: "Reestructurar" (active, late, breached or in review) and the scanned copy
 * signed with a pen. A restructured agreement links to the one that replaced it (the server
 * keeps `replaces_id` on the new one), the new one back to it.
 */
import { useState } from "preact/hooks";
import { formatPesos, parseCents } from "../../domain/agreement-rules";
import { dateTime, money } from "../../domain/time";
import { flagLabel } from "../../domain/outcomes";
import { es } from "../../i18n/es";
import { canWriteOffice, isManager } from "../../state/session";
import { Spinner } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { getAgreement, RESTRUCTURABLE, reviewAgreement, type AgreementDetail } from "./api";
import { conceptLabel, fmtDate, serviceLabel } from "./Builder";
import { AgreementPdfButton, officeState, statusLabel } from "./office-parts";
import { RestructurePanel } from "./RestructurePanel";
import { ScannedCopyPanel } from "./ScannedCopy";

const T = es.agreements;
const O = T.office;

function pesos(s: string | null | undefined): string {
  try {
    return s ? formatPesos(parseCents(String(s))) : "—";
  } catch {
    return money(s);
  }
}

export default function AgreementDetailScreen({ id }: { id: string }) {
  const d = useLoad(() => getAgreement(id), [id]);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  /** The server's answer to an action on this screen (the scanned copy), newer than the load. */
  const [fresh, setFresh] = useState<AgreementDetail | null>(null);
  const [restructuring, setRestructuring] = useState(false);
  const manager = isManager.value;
  const writer = canWriteOffice.value;
  const loaded = fresh && fresh.id === d.data?.id ? fresh : d.data;
  // Who replaced it: a restructured one (or one whose restructuring waits for review).
  const successor = loaded?.replaced_by ?? null;

  const review = async (decision: "approve" | "annul") => {
    setBusy(true);
    setMessage(null);
    try {
      await reviewAgreement(id, decision, note.trim());
      setMessage({ ok: true, text: O.reviewDone });
      setNote("");
      setFresh(null);
      d.reload();
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  if (d.busy && !d.data) return <Spinner />;
  if (d.error) return <p class="error">{d.error}</p>;
  if (!loaded) return null;
  const a = loaded;
  const canRestructure = writer && RESTRUCTURABLE.includes(a.status);
  const terms = a.terms ?? {};
  const snapshot = (terms.snapshot as { as_of?: string; lines?: { service: string; concept: string; amount: string }[] } | undefined) ?? {};
  const waivers = (terms.waivers as { service: string; concept: string; amount: string; reason: string | null }[] | undefined) ?? [];
  const applied = (terms.applied_promotions as { id: string; name: string }[] | undefined) ?? [];
  const problems = terms.problems ?? [];
  const customer = terms.customer;
  return (
    <section aria-labelledby="agreement-detail-title" data-testid="agreement-detail" data-folio={a.folio} data-status={a.status} data-state={officeState(a.status)}>
      <h2 id="agreement-detail-title">{O.detailTitle(a.folio)}</h2>
      <div class="card">
        <p>
          <span class={`pill ${officeState(a.status) === "review" ? "observado" : "enviado"}`} data-testid="agreement-detail-status">
            {statusLabel(a.status)}
          </span>{" "}
          {a.holder_name} · {O.account} {a.account_number}
        </p>
        <p class="code" data-testid="agreement-code" data-code={a.verification_code}>
          {T.code(a.verification_code)}
        </p>
        <dl>
          <dt>{T.agreedDebt}</dt>
          <dd>{pesos(a.agreed_debt)}</dd>
          <dt>{T.downPaymentPart}</dt>
          <dd>{pesos(a.down_payment)}</dd>
          <dt>{T.installments}</dt>
          <dd>{a.installments}</dd>
          {parseCents(String(a.waived_total ?? "0")) > 0 && (
            <>
              <dt>{T.waived}</dt>
              <dd>{pesos(a.waived_total)}</dd>
            </>
          )}
          <dt>{O.paid}</dt>
          <dd>{pesos(a.paid)}</dd>
          <dt>Firmado</dt>
          <dd>
            {dateTime(a.signed_at)} · {O.origin[a.origin] ?? a.origin} · política v{a.policy_version}
          </dd>
          {customer && (
            <>
              <dt>{T.customerName}</dt>
              <dd>
                {customer.name}
                {customer.phone ? ` · ${customer.phone}` : ""}
                {customer.id_shown ? ` · ${customer.id_shown}` : ""}
              </dd>
            </>
          )}
          <dt>Adeudo al firmar / al llegar</dt>
          <dd>
            {pesos(a.debt_snapshot)} / {pesos(a.debt_at_arrival)}
          </dd>
        </dl>
        {successor && (
          <p>
            <a href={`#/convenios/${encodeURIComponent(successor.id)}`} data-testid="agreement-restructured-by" data-agreement-id={successor.id} data-folio={successor.folio} data-status={successor.status}>
              {a.status === "restructured" ? O.restructuredBy(successor.folio) : O.restructurePending(successor.folio)}
            </a>
          </p>
        )}
        {a.replaces_id && (
          <p>
            <a href={`#/convenios/${encodeURIComponent(a.replaces_id)}`} data-testid="agreement-replaces" data-agreement-id={a.replaces_id}>
              {O.replaces}
            </a>
          </p>
        )}
        <div class="actions">
          <AgreementPdfButton id={a.id} folio={a.folio} />
          {canRestructure && !restructuring && (
            <button type="button" class="secondary" onClick={() => setRestructuring(true)} data-testid="agreement-restructure">
              {O.restructure}
            </button>
          )}
          <a class="button secondary" href="#/convenios">
            {T.back}
          </a>
        </div>
      </div>

      {canRestructure && restructuring && <RestructurePanel key={a.id} a={a} onCancel={() => setRestructuring(false)} />}

      <ScannedCopyPanel a={a} canUpload={writer} onAttached={setFresh} />

      {a.flags.length > 0 && (
        <div class="banner warn" data-testid="agreement-flags">
          <p>
            <strong>{O.flagsTitle}:</strong>
          </p>
          <ul>
            {a.flags.map((f) => (
              <li key={f} data-testid="agreement-flag" data-flag={f}>
                {flagLabel(f)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {problems.length > 0 && (
        <section aria-labelledby="agreement-problems-title">
          <h3 id="agreement-problems-title">{O.problems}</h3>
          <ul data-testid="agreement-problems">
            {problems.map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
        </section>
      )}

      <h3>{O.parts}</h3>
      <div class="table-wrap">
        <table data-testid="agreement-parts">
          <thead>
            <tr>
              <th scope="col">{T.part}</th>
              <th scope="col">{T.dueDate}</th>
              <th scope="col" class="num">
                {T.amount}
              </th>
              <th scope="col" class="num">
                {O.paid}
              </th>
            </tr>
          </thead>
          <tbody>
            {(a.parts.length ? a.parts : ((terms.schedule as typeof a.parts | undefined) ?? [])).map((p) => (
              <tr key={p.number} data-testid="agreement-part" data-number={p.number}>
                <td>{p.kind === "down_payment" ? T.downPaymentPart : T.installmentPart(p.number)}</td>
                <td>{fmtDate(p.due_date)}</td>
                <td class="num">{pesos(p.amount)}</td>
                <td class="num">
                  {p.paid !== undefined ? pesos(p.paid) : "—"}
                  {p.paid_on ? ` (${fmtDate(p.paid_on)})` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {snapshot.lines && snapshot.lines.length > 0 && (
        <>
          <h3>Adeudo al {fmtDate(snapshot.as_of)}</h3>
          <ul>
            {snapshot.lines.map((l, i) => (
              <li key={i}>
                {serviceLabel(l.service)} · {conceptLabel(l.concept)}: {pesos(l.amount)}
              </li>
            ))}
          </ul>
        </>
      )}
      {applied.length > 0 && <p>{T.promotionsTitle}: {applied.map((p) => p.name).join(", ")}</p>}
      {waivers.length > 0 && (
        <ul>
          {waivers.map((w, i) => (
            <li key={i}>
              {T.waived}: {serviceLabel(w.service)} · {conceptLabel(w.concept)} {pesos(w.amount)}
              {w.reason ? ` (${w.reason})` : ""}
            </li>
          ))}
        </ul>
      )}
      {a.review_note && (
        <p>
          {O.reviewNote}: {a.review_note}
        </p>
      )}

      {manager && a.status === "pending_review" && (
        <fieldset data-testid="agreement-review">
          <legend>{O.reviewTitle}</legend>
          <label for="agreement-review-note">{O.reviewNote}</label>
          <textarea id="agreement-review-note" value={note} maxLength={500} onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} data-testid="agreement-review-note" />
          <div class="actions">
            <button type="button" disabled={busy || note.trim().length < 3} onClick={() => void review("approve")} data-testid="agreement-approve">
              {O.approve}
            </button>
            <button type="button" class="danger" disabled={busy || note.trim().length < 3} onClick={() => void review("annul")} data-testid="agreement-annul">
              {O.annul}
            </button>
          </div>
        </fieldset>
      )}
      {message && (
        <p class={message.ok ? "hint" : "error"} role="status" data-testid="agreement-review-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
