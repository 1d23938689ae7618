/**
 * Answering a survey at the door, offline (`#/encuesta/<form key>?cuenta=&parada=&solicitud=&motivo=&volver=`,
 * lazy chunk, precached). It answers the newest published version the phone holds, unless a
 * draft for this form and account already started on an older one, which it keeps. Questions
 * show and hide as she answers (skip logic), problems show on each question in Spanish and
 * "Enviar encuesta" stays disabled while any remains. The draft is saved as she answers;
 * sending is one `survey.submit` v1 written with its local effects in one IndexedDB transaction.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { uuid } from "../../domain/ids";
import { PROPERTY_CLASS_LABELS } from "../../domain/outcomes";
import { SURVEY_EVENTS, visibleQuestions, type AnswerValue, type SurveyTrigger } from "../../domain/survey-rules";
import { surveyFieldEs as T } from "../../i18n/es-surveys";
import { submitSurvey, surveyDraftKey } from "../../mutations";
import { deleteDraft, getDraft, putDraft } from "../../storage/drafts";
import { fieldDb, refreshView, view } from "../../state/field";
import { navigate, route } from "../../state/router";
import { Banner, TextField } from "../../ui/components";
import { addressLine } from "../route/stops";
import { GPS_ERROR_LABELS, gpsFields, useGps } from "../visit/gps";
import { buildSubmitArgs, draftProblems, newSurveyDraft, withAnswer, type SurveyDraft } from "./answer-draft";
import { latestPublished, versionToAnswer } from "./pick";
import { QuestionField } from "./QuestionField";
import { useSurveyData } from "./survey-data";

const TRIGGERS: readonly string[] = ["route", "standalone", "office", ...SURVEY_EVENTS];

/** The `motivo` of the link, if it is one the server knows. */
function triggerOf(motivo: string | null): SurveyTrigger {
  return motivo && TRIGGERS.includes(motivo) ? (motivo as SurveyTrigger) : "standalone";
}

export default function SurveyAnswerScreen({ formKey }: { formKey: string }) {
  const v = view.value;
  const data = useSurveyData();
  const q = route.value.query;
  const accountId = q.get("cuenta");
  const volver = q.get("volver");
  const back = volver && volver.startsWith("/") ? volver : "/encuestas";
  const key = surveyDraftKey(formKey, accountId);
  const [stored, setStored] = useState<SurveyDraft | null | undefined>(undefined);
  const [draft, setDraft] = useState<SurveyDraft | null>(null);
  const [gps, refreshGps] = useGps();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    let alive = true;
    void getDraft<SurveyDraft>(fieldDb(), key).then((d) => alive && setStored(d ?? null));
    return () => {
      alive = false;
    };
  }, [key]);

  // Pick the version once: the stored draft's while the phone holds it, else the newest.
  useEffect(() => {
    if (!data || stored === undefined || draft) return;
    const { form, fromDraft } = versionToAnswer(data.forms, formKey, stored?.form_id);
    if (!form) return;
    if (fromDraft && stored) setDraft(stored);
    else
      setDraft(
        newSurveyDraft({
          response_id: uuid(),
          form,
          account_id: accountId,
          stop_id: q.get("parada"),
          request_id: q.get("solicitud"),
          trigger: triggerOf(q.get("motivo")),
          now: new Date().toISOString(),
        }),
      );
  }, [data, stored]);

  const update = (fn: (d: SurveyDraft) => SurveyDraft) => {
    setDraft((d) => {
      if (!d) return d;
      const next = fn(d);
      if (saveTimer.current) clearTimeout(saveTimer.current);
      saveTimer.current = setTimeout(() => void putDraft(fieldDb(), key, "survey", next).catch(() => undefined), 300);
      return next;
    });
  };

  const backLink = (
    <a class="button secondary" href={`#${back}`} data-testid="survey-back">
      {T.back}
    </a>
  );

  if (sent)
    return (
      <section aria-labelledby="survey-title" data-testid="survey-screen" data-mode="done">
        <div class="card confirmation" data-testid="survey-done" role="status">
          <h2 id="survey-title">{T.doneTitle}</h2>
          <p>{T.done}</p>
          <div class="actions">{backLink}</div>
        </div>
      </section>
    );
  if (!v || !data || stored === undefined) return <p>{T.opening}</p>;
  const form = draft ? data.forms.find((f) => f.id === draft.form_id) : undefined;
  if (!draft || !form)
    return (
      <section aria-labelledby="survey-title" data-testid="survey-screen" data-mode="missing">
        <h2 id="survey-title">{T.launcherTitle}</h2>
        <Banner kind="bad" testid="survey-missing">
          <p>{T.missing}</p>
        </Banner>
        {backLink}
      </section>
    );

  const account = draft.account_id ? v.accounts.get(draft.account_id) : undefined;
  const newest = latestPublished(data.forms).get(form.form_key);
  const shown = visibleQuestions(form.questions, draft.answers);
  const problems = draftProblems(form, draft.answers);
  // "Obligatoria" shows as a problem once she went past the question (or touched it).
  const answeredAt = form.questions.map((x) => shown.includes(x.id) && draft.answers[x.id] !== undefined);
  const passed = (i: number) => draft.touched.includes(form.questions[i].id) || answeredAt.slice(i + 1).some(Boolean);
  const problemOf = (qid: string, i: number) => {
    const p = problems.find((x) => x.question === qid);
    if (!p || (p.code === "REQUIRED" && !passed(i))) return null;
    return T.problems[p.code] ?? p.code;
  };

  const submit = async () => {
    if (problems.length || busy) return;
    setBusy(true);
    setError(null);
    try {
      if (saveTimer.current) clearTimeout(saveTimer.current);
      const args = buildSubmitArgs(draft, form, {
        ...gpsFields(gps),
      });
      await submitSurvey(fieldDb(), args, { form_key: form.form_key, version: form.version });
      await refreshView();
      setSent(true);
    } catch (e) {
      setError(T.saveFailed((e as Error).message));
    } finally {
      setBusy(false);
    }
  };

  const discard = async () => {
    if (!confirm(T.discardConfirm)) return;
    if (saveTimer.current) clearTimeout(saveTimer.current);
    await deleteDraft(fieldDb(), key);
    navigate(back);
  };

  return (
    <section aria-labelledby="survey-title" data-testid="survey-screen" data-mode="answer" data-form-id={form.id} data-version={form.version} data-response-id={draft.response_id}>
      <h2 id="survey-title">{form.title}</h2>
      <p class="hint" data-testid="survey-version">
        {T.version(form.version)}
      </p>
      {form.description && <p>{form.description}</p>}
      {newest && newest.version > form.version && (
        <Banner kind="info" testid="survey-old-version">
          <p>{T.oldVersion(form.version)}</p>
        </Banner>
      )}
      {form.status === "retired" && !newest && (
        <Banner kind="warn" testid="survey-retired">
          <p>{T.retiredVersion}</p>
        </Banner>
      )}
      {account && (
        <div class="card" data-testid="survey-account">
          <strong>{account.holder_name}</strong>
          <div>{addressLine(account)}</div>
          <div class="meta">
            {T.account} {account.account_number} · {PROPERTY_CLASS_LABELS[account.property_class] ?? account.property_class}
          </div>
        </div>
      )}

      {form.questions.map((x, i) =>
        shown.includes(x.id) ? (
          <QuestionField key={x.id} q={x} n={shown.indexOf(x.id) + 1} value={draft.answers[x.id]} problem={problemOf(x.id, i)} onChange={(val: AnswerValue | undefined) => update((d) => withAnswer(d, x.id, val))} />
        ) : null,
      )}

      <TextField id="survey-respondent" label={T.respondent} value={draft.respondent_name} onInput={(s) => update((d) => ({ ...d, respondent_name: s }))} testid="survey-respondent" autoComplete="off" />

      <p class="hint" data-testid="survey-gps-status" data-state={gps.kind}>
        {gps.kind === "searching" ? T.gps.searching : gps.kind === "fix" ? T.gps.fix(Math.round(gps.fix.accuracy_m)) : T.gps.error(GPS_ERROR_LABELS[gps.error])}
        {gps.kind === "error" && (
          <button type="button" class="link" onClick={() => void refreshGps()}>
            {T.gps.retry}
          </button>
        )}
      </p>

      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="sticky-save actions">
        {problems.length > 0 && (
          <p class="hint" data-testid="survey-problems-count" data-count={problems.length} aria-live="polite">
            {T.fixFirst(problems.length)}
          </p>
        )}
        <button type="button" class="big" onClick={() => void submit()} disabled={problems.length > 0 || busy} data-testid="survey-submit">
          {busy ? T.saving : T.submit}
        </button>
        <button type="button" class="secondary" onClick={() => void discard()} data-testid="survey-discard">
          {T.discard}
        </button>
        {backLink}
      </div>
    </section>
  );
}
