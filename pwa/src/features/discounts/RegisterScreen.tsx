/**
 * "Registrar descuento" (`#/descuento/<account id>`, social worker, offline): opens (or resumes)
 * the draft of the account's application. `?parada=<stop id>` names the stop it comes from (a
 * registration visit, or a renewal's), done on submit; `?renueva=<application id>` pre-fills it
 * from the application being renewed and sets renewal_of; `?responde=<application id>`
 * pre-fills it from the one the office asked about and sets answers_request. After submitting,
 * the confirmation, with the satisfaction survey to ask at the same visit.
 */
import { useEffect, useState } from "preact/hooks";
import { uuid } from "../../domain/ids";
import type { DiscountApplyArgsV1 } from "../../domain/types";
import { discountsEs } from "../../i18n/es-discounts";
import { discountDraftKey } from "../../mutations";
import { getBlob } from "../../storage/blobs";
import { getDraft, putDraft } from "../../storage/drafts";
import { fieldDb, view } from "../../state/field";
import { navigate, route } from "../../state/router";
import { Banner } from "../../ui/components";
import { SurveyLauncher } from "../surveys/SurveyLauncher";
import { newDiscountDraft, type DiscountDraft } from "./form";
import { registerLink, type StoredDraft } from "./links";
import { useDiscountData } from "./local";
import { RegisterForm } from "./RegisterForm";

const F = discountsEs.form;

/** The confirmation after submitting, offering the satisfaction survey at the same visit (offline). */
function Done({ args, stopId }: { args: DiscountApplyArgsV1; stopId: string | null }) {
  return (
    <section class="card confirmation" aria-labelledby="discount-done-title" data-testid="discount-done" data-application-id={args.id} data-account-id={args.account_id}>
      <h2 id="discount-done-title">{F.doneTitle}</h2>
      <p role="status">{F.doneText(args.beneficiary_name)}</p>
      <div class="discount-done-offer" data-testid="discount-done-offer">
        <SurveyLauncher accountId={args.account_id} stopId={stopId ?? undefined} trigger="standalone" />
      </div>
      <div class="actions">
        <button type="button" class="big" onClick={() => navigate("/descuentos?tab=pendientes")} data-testid="discount-back-pending">
          {F.backToPending}
        </button>
      </div>
    </section>
  );
}

export default function RegisterScreen({ accountId }: { accountId: string }) {
  const v = view.value;
  const data = useDiscountData();
  const q = route.value.query;
  const renews = q.get("renueva");
  const answers = q.get("responde");
  // The stop it comes from: a registration visit's or a renewal's (not an answer's).
  const stopId = answers ? null : q.get("parada");
  const ref = answers ?? renews;
  const key = discountDraftKey(accountId, ref);
  const [draft, setDraft] = useState<DiscountDraft | null>(null);
  const [done, setDone] = useState<DiscountApplyArgsV1 | null>(null);
  const ready = !!data;

  // Open (or resume) the draft; the start time is when the form first opened.
  useEffect(() => {
    if (!ready || !data) return;
    let alive = true;
    void (async () => {
      const db = fieldDb();
      let d: DiscountDraft | undefined = await getDraft<StoredDraft>(db, key);
      if (d && stopId && !d.stop_id) {
        // A registration begun from the search, resumed from the visit: the visit is done with it.
        const stored: StoredDraft = { ...d, stop_id: stopId, link: registerLink(accountId, { renueva: renews, parada: stopId }) };
        await putDraft(db, key, "discount", stored);
        d = stored;
      }
      if (!d) {
        const from = ref ? (data.applications.find((a) => a.id === ref) ?? null) : null;
        d = newDiscountDraft({ id: uuid(), account_id: accountId, now: new Date().toISOString(), programs: data.programs, stop_id: stopId, renewal_of: renews, answers_request: answers, from });
        // Only photos still on the phone can go again with the answer.
        const kept = [];
        for (const doc of d.documents) if ((await getBlob(db, doc.sha256))?.bytes) kept.push(doc);
        d.documents = kept;
        const stored: StoredDraft = { ...d, link: registerLink(accountId, { renueva: renews, responde: answers, parada: stopId }) };
        await putDraft(db, key, "discount", stored);
      }
      if (alive) setDraft(d);
    })();
    return () => {
      alive = false;
    };
  }, [ready, key]);

  if (done) return <Done args={done} stopId={stopId} />;
  if (!v || !data || !draft) return <p>{discountsEs.field.opening}</p>;
  const account = v.accounts.get(accountId);
  if (!account)
    return (
      <section aria-labelledby="discount-form-title">
        <h2 id="discount-form-title">{F.title}</h2>
        <Banner kind="bad" testid="discount-account-missing">
          <p>{F.accountMissing}</p>
        </Banner>
        <a class="button secondary" href="#/descuentos">
          {F.back}
        </a>
      </section>
    );
  const question = answers ? data.applications.find((a) => a.id === answers) : undefined;
  const title = answers ? F.answerTitle : renews ? F.renewalTitle : F.title;
  return (
    <RegisterForm
      key={draft.id}
      title={title}
      initial={draft}
      draftKey={key}
      link={registerLink(accountId, { renueva: renews, responde: answers, parada: stopId })}
      account={account}
      programs={data.programs}
      applications={data.applications}
      inAgreement={v.agreements.some((a) => a.account_id === accountId && a.state !== "rejected")}
      accountNumber={(id) => v.accounts.get(id)?.account_number ?? id}
      question={question?.decision_note ?? null}
      onDone={setDone}
    />
  );
}
