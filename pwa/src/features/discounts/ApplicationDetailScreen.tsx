/**
 * One discount application (`#/descuentos/<id>`, office, lazy chunk): the beneficiary, the same
 * CURP on other accounts (shown first, never silently accepted), what the rules found, the
 * question it answers, the documents side by side (click for large; "Evidencia pendiente" until
 * a photo reaches the server), the signature, GPS and checklist. The manager approves, rejects
 * (reason required) or asks for more information (question required); clerks and the director
 * read.
 */
import { useState } from "preact/hooks";
import { REASON_LABELS, type DiscountReason } from "../../domain/discount-rules";
import { dateTime } from "../../domain/time";
import { discountsEs } from "../../i18n/es-discounts";
import { isManager } from "../../state/session";
import { Banner, Spinner } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { GPS_ERROR_LABELS } from "../visit/gps";
import { decideApplication, getApplication, type Decision, type OfficeApplication } from "./api";
import { dmy } from "./links";
import { EvidenceImage, statusLabel, typeLabel } from "./office-parts";

const O = discountsEs.office;
const DOCS = discountsEs.documentKinds;


function Decide({ a, onDecided }: { a: OfficeApplication; onDecided: (a: OfficeApplication) => void }) {
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState<Decision | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const noted = note.trim().length > 0;
  const decide = async (decision: Decision) => {
    if (decision !== "approve" && !noted) {
      setMessage({ ok: false, text: O.noteRequired });
      return;
    }
    setBusy(decision);
    setMessage(null);
    try {
      const out = await decideApplication(a.id, decision, note);
      setMessage({ ok: true, text: O.decided });
      setNote("");
      onDecided(out);
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    } finally {
      setBusy(null);
    }
  };
  return (
    <fieldset data-testid="discount-decide">
      <legend>{O.decision}</legend>
      <label for="discount-decision-note">{O.decisionNote}</label>
      <textarea id="discount-decision-note" value={note} maxLength={500} onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} aria-describedby="discount-decision-hint" data-testid="discount-decision-note" />
      <p class="hint" id="discount-decision-hint">
        {O.decisionNoteHint}
      </p>
      <div class="actions">
        <button type="button" disabled={!!busy} onClick={() => void decide("approve")} data-testid="discount-approve">
          {busy === "approve" ? <Spinner label={O.approve} /> : O.approve}
        </button>
        <button type="button" class="danger" disabled={!!busy || !noted} onClick={() => void decide("reject")} data-testid="discount-reject">
          {O.reject}
        </button>
        <button type="button" class="secondary" disabled={!!busy || !noted} onClick={() => void decide("needs_info")} data-testid="discount-needs-info">
          {O.needsInfo}
        </button>
      </div>
      {message && (
        <p class={message.ok ? "hint" : "error"} role="status" data-testid="discount-decide-message">
          {message.text}
        </p>
      )}
    </fieldset>
  );
}

export default function ApplicationDetailScreen({ id }: { id: string }) {
  const d = useLoad(() => getApplication(id), [id]);
  const [fresh, setFresh] = useState<OfficeApplication | null>(null);
  const [big, setBig] = useState<{ url: string; label: string } | null>(null);
  const manager = isManager.value;
  if (d.busy && !d.data) return <Spinner />;
  if (d.error) return <p class="error">{d.error}</p>;
  const a = fresh && fresh.id === d.data?.id ? fresh : d.data;
  if (!a) return null;
  const r = a.record ?? {};
  const docs = r.documents ?? [];
  const answers = a.answers ?? null;
  const labels = a.problem_labels?.length === a.problems.length ? a.problem_labels : a.problems.map((p) => REASON_LABELS[p as DiscountReason] ?? p);
  const open = (label: string) => (url: string) => setBig({ url, label });
  const undecided = a.status === "submitted" || a.status === "needs_info";
  return (
    <section aria-labelledby="discount-detail-title" data-testid="discount-detail" data-application-id={a.id} data-status={a.status}>
      <h2 id="discount-detail-title">{O.detailTitle(a.beneficiary_name)}</h2>
      {a.other_accounts_with_curp.length > 0 && (
        <Banner kind="bad" testid="discount-same-curp">
          <p>
            <strong>{O.sameCurp(a.other_accounts_with_curp.join(", "))}</strong>
          </p>
        </Banner>
      )}
      {(answers || a.answers_request) && (
        <Banner kind="info" testid="discount-detail-question">
          <p>
            <strong>{O.earlierQuestion}</strong> {answers?.question ?? "—"}
            {answers?.asked_at && <span class="meta"> ({dateTime(answers.asked_at)})</span>}
          </p>
          {answers && (
            <a href={`#/descuentos/${encodeURIComponent(answers.application_id)}`} data-testid="discount-detail-earlier">
              {O.earlierOpen}
            </a>
          )}
        </Banner>
      )}
      <div class="card">
        <p>
          <span class={`pill ${a.status === "approved" ? "enviado" : a.status === "rejected" ? "observado" : "pendiente"}`} data-testid="discount-detail-status" data-status={a.status}>
            {statusLabel(a.status)}
          </span>{" "}
          {a.evidence_pending && (
            <span class="pill evidencia_pendiente" data-testid="discount-detail-evidence-pending">
              {O.evidencePending}
            </span>
          )}
        </p>
        <dl>
          <dt>{O.account}</dt>
          <dd data-testid="discount-detail-account">
            {a.account_number}
            {a.holder_name ? ` · ${a.holder_name}` : ""}
          </dd>
          <dt>{O.type}</dt>
          <dd>{typeLabel(a.beneficiary_type)}</dd>
          <dt>{O.curp}</dt>
          <dd class="curp" data-testid="discount-detail-curp">
            {a.curp}
          </dd>
          <dt>{O.birthDate}</dt>
          <dd>{dmy(a.birth_date)}</dd>
          {r.phone && (
            <>
              <dt>{O.phone}</dt>
              <dd>{r.phone}</dd>
            </>
          )}
          <dt>{O.startedAt}</dt>
          <dd>{r.started_at ? dateTime(r.started_at) : "—"} · {dateTime(a.created_at)}</dd>
          <dt>{O.gps}</dt>
          <dd data-testid="discount-detail-gps">
            {r.gps ? (
              <>
                {r.gps.lat.toFixed(5)}, {r.gps.lon.toFixed(5)} (±{Math.round(r.gps.accuracy_m)} m)
              </>
            ) : (
              O.noGps(r.gps_error ? GPS_ERROR_LABELS[r.gps_error] : "—")
            )}
          </dd>
          {a.starts_on && (
            <>
              <dt>{O.validity}</dt>
              <dd>
                {dmy(a.starts_on)} – {dmy(a.ends_on)}
              </dd>
            </>
          )}
          {a.decision_note && (
            <>
              <dt>{O.decisionNote}</dt>
              <dd data-testid="discount-detail-note">{a.decision_note}</dd>
            </>
          )}
        </dl>
        {a.renewal_of && <p class="hint">{O.renewalOf}</p>}
        {r.notes && (
          <p>
            <strong>{O.notes}:</strong> {r.notes}
          </p>
        )}
      </div>

      <section aria-labelledby="discount-problems-title">
        <h3 id="discount-problems-title">{O.problemsTitle}</h3>
        {labels.length === 0 ? (
          <p class="hint">{O.noProblems}</p>
        ) : (
          <ul class="flags" data-testid="discount-detail-problems">
            {labels.map((l, i) => (
              <li key={i} data-testid="discount-detail-problem" data-code={a.problems[i]}>
                {l}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="discount-checklist-title">
        <h3 id="discount-checklist-title">{O.checklist}</h3>
        <ul data-testid="discount-detail-checklist">
          {Object.entries(r.checklist ?? {}).map(([k, on]) => (
            <li key={k} data-key={k} data-value={String(on)}>
              {on ? "✔" : "✘"} {discountsEs.checklist[k] ?? k}: {on ? O.yes : O.no}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="discount-docs-title">
        <h3 id="discount-docs-title">{O.documents}</h3>
        {docs.length === 0 ? (
          <p class="hint">{O.noDocuments}</p>
        ) : (
          <div class="doc-grid" data-testid="discount-documents" data-count={docs.length}>
            {docs.map((doc, i) => (
              <figure key={`${doc.sha256}-${i}`} data-testid="discount-document" data-kind={doc.kind}>
                <EvidenceImage sha={doc.sha256} label={DOCS[doc.kind] ?? doc.kind} testid="discount-document-image" onOpen={open(DOCS[doc.kind] ?? doc.kind)} />
                <figcaption>{DOCS[doc.kind] ?? doc.kind}</figcaption>
              </figure>
            ))}
          </div>
        )}
        <h3>{O.signature}</h3>
        {r.signature ? <EvidenceImage sha={r.signature} label={O.signature} testid="discount-signature-image" onOpen={open(O.signature)} /> : <p class="hint">{O.noSignature}</p>}
      </section>

      {big && (
        <div class="lightbox" role="dialog" aria-modal="true" aria-label={big.label} data-testid="discount-image-large" onKeyDown={(e) => e.key === "Escape" && setBig(null)}>
          <figure>
            <img src={big.url} alt={big.label} />
            <figcaption>{big.label}</figcaption>
          </figure>
          <button type="button" autoFocus onClick={() => setBig(null)} data-testid="discount-image-close">
            {O.closeImage}
          </button>
        </div>
      )}

      {undecided && manager && <Decide a={a} onDecided={setFresh} />}
      {undecided && !manager && (
        <p class="hint" data-testid="discount-decide-readonly">
          {O.managerOnly}
        </p>
      )}
      <a class="button secondary" href="#/descuentos" data-testid="discount-detail-back">
        {O.back}
      </a>
    </section>
  );
}
