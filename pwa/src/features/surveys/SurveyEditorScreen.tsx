/**
 * The survey editor (`#/encuestas/<form key>/editar`, `#/encuestas/nueva`; lazy chunk; the
 * manager edits, clerk and director read): title, description, the questions (add, remove, move,
 * kind, options, range, complaint, satisfaction, "Mostrar solo si"), when it is asked, the
 * complaint threshold; the problems live under each field; "Guardar borrador", "Publicar versión
 * N" (answers in flight on older versions are still accepted), "Retirar", "Asignar a rutas".
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import type { ApiError } from "../../api/errors";
import { formProblems, SURVEY_EVENTS, type QuestionKind, type SurveyQuestion } from "../../domain/survey-rules";
import { dateTime } from "../../domain/time";
import { surveyOfficeEs } from "../../i18n/es-surveys";
import { say } from "../../state/flash";
import { navigate } from "../../state/router";
import { isManager } from "../../state/session";
import { Banner, Check, Spinner, TextField } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { createForm, getForm, publishForm, retireForm, saveDraft, type FormDetail } from "./api";
import { AssignPanel } from "./AssignPanel";
import { QuestionEditor } from "./QuestionEditor";
import { addQuestion, changeKind, cleanQuestion, emptyForm, formBody, formFromVersion, moveQuestion, patchQuestion, removeQuestion, serverErrors, type EditorForm, type ServerErrors } from "./editor-form";

const O = surveyOfficeEs;
const E = O.editor;
const NO_SERVER: ServerErrors = { fields: {}, questions: {}, other: [] };

/** The version the next "Publicar" creates: the draft's own number, else one over the newest. */
export function nextVersion(d: FormDetail | null): number {
  if (!d) return 1;
  if (d.draft) return d.draft.version;
  return Math.max(0, ...d.versions.map((v) => v.version)) + 1;
}

/** What the editor opens with: the draft, else the newest version, else an empty form. */
function initialForm(d: FormDetail | null): EditorForm {
  if (!d) return emptyForm();
  const newest = [...d.versions].sort((a, b) => b.version - a.version)[0];
  const src = d.draft ?? newest;
  return src ? formFromVersion(src) : emptyForm();
}

export default function SurveyEditorScreen({ formKey }: { formKey: string | null }) {
  const manager = isManager.value;
  const detail = useLoad<FormDetail | null>(() => (formKey ? getForm(formKey) : Promise.resolve(null)), [formKey]);
  const [form, setForm] = useState<EditorForm | null>(formKey ? null : emptyForm());
  const [dirty, setDirty] = useState(false);
  const [server, setServer] = useState<ServerErrors>(NO_SERVER);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string; more?: string[] } | null>(null);
  const [busy, setBusy] = useState(false);

  // An existing form opens (and, after each save, reopens) with what the server holds.
  useEffect(() => {
    if (formKey && detail.data) setForm(initialForm(detail.data));
  }, [detail.data]);

  const problems = useMemo(() => {
    if (!form) return [];
    const t = form.complaint_threshold.trim();
    return formProblems(form.questions.map(cleanQuestion), /^\d+$/.test(t) ? Number(t) : t);
  }, [form]);

  if (formKey && detail.busy && !detail.data) return <Spinner />;
  if (detail.error) return <p class="error">{detail.error}</p>;
  if (!form) return <Spinner />;

  const d = detail.data;
  const n = nextVersion(d);
  const published = d?.versions.some((v) => v.status === "published") ?? false;
  // Updates apply to the latest form (two inputs before a render must not undo each other).
  const change = (fn: (f: EditorForm) => EditorForm) => {
    setForm((f) => (f ? fn(f) : f));
    setDirty(true);
    setMessage(null);
  };
  const byIndex = (i: number): string[] => [
    ...problems.filter((p) => p.question !== null && form.questions.findIndex((q) => q.id === p.question) === i).map((p) => O.formProblems[p.code] ?? p.code),
    ...(server.questions[i] ?? []),
  ];
  const formLevel = problems.filter((p) => p.question === null && p.code !== "BAD_THRESHOLD").map((p) => O.formProblems[p.code] ?? p.code);
  const thresholdError = [fieldErrors.complaint_threshold ?? (problems.some((p) => p.code === "BAD_THRESHOLD") ? O.formProblems.BAD_THRESHOLD : ""), server.fields.complaint_threshold ?? ""].filter(Boolean).join(" ");

  const fail = (err: unknown) => {
    const e = err as ApiError;
    const s = serverErrors(e.body, form.questions);
    setServer(s);
    setMessage({ ok: false, text: e.message, more: s.other });
  };

  /** Save the draft (creating the form the first time); true when it reached the server. */
  const save = async (): Promise<boolean> => {
    const checked = formBody(form, { title: E.titleRequired, threshold: O.formProblems.BAD_THRESHOLD });
    setFieldErrors(checked.errors);
    setServer(NO_SERVER);
    if (!checked.body || problems.length) {
      setMessage({ ok: false, text: E.fix });
      return false;
    }
    setBusy(true);
    try {
      if (!formKey) {
        const created = await createForm(checked.body);
        setDirty(false);
        say(E.saved);
        navigate(`/encuestas/${encodeURIComponent(created.form_key)}/editar`, true);
        return true;
      }
      await saveDraft(formKey, checked.body);
      setDirty(false);
      setMessage({ ok: true, text: E.saved });
      detail.reload();
      return true;
    } catch (err) {
      fail(err);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const publish = async () => {
    if (!formKey || !confirm(E.publishConfirm(n))) return;
    if ((dirty || !d?.draft) && !(await save())) return;
    setBusy(true);
    try {
      const v = await publishForm(formKey);
      setMessage({ ok: true, text: E.published(v?.version ?? n) });
      detail.reload();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const retire = async () => {
    if (!formKey || !confirm(E.retireConfirm)) return;
    setBusy(true);
    try {
      await retireForm(formKey);
      setMessage({ ok: true, text: E.retired });
      detail.reload();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const eventLabel = (e: (typeof SURVEY_EVENTS)[number]) => O.triggers[e];
  const setQ = (i: number, patch: Partial<SurveyQuestion> | ((q: SurveyQuestion) => Partial<SurveyQuestion>)) =>
    change((f) => (f.questions[i] ? patchQuestion(f, i, typeof patch === "function" ? patch(f.questions[i]) : patch) : f));

  return (
    <section aria-labelledby="survey-editor-title" data-testid="survey-editor" data-form-key={formKey ?? ""} data-dirty={dirty ? "true" : "false"}>
      <h2 id="survey-editor-title">{formKey ? E.title(d?.draft?.title ?? form.title) : E.newTitle}</h2>
      <div class="actions">
        <a class="button secondary" href="#/encuestas">
          {E.back}
        </a>
        {formKey && (
          <a class="button secondary" href={`#/encuestas/${encodeURIComponent(formKey)}/resultados`} data-testid="survey-open-results">
            {O.results}
          </a>
        )}
      </div>
      {!manager && (
        <Banner kind="info" testid="survey-read-only">
          <p>{O.readOnly}</p>
        </Banner>
      )}
      {d && d.versions.length > 0 && (
        <details class="card">
          <summary>{E.versions}</summary>
          <ul class="list" data-testid="survey-versions">
            {[...d.versions]
              .sort((a, b) => b.version - a.version)
              .map((v) => (
                <li key={v.id} data-testid="survey-version" data-version={v.version} data-status={v.status}>
                  {E.versionLine(v.version, O.status[v.status] ?? v.status, v.published_at ? dateTime(v.published_at) : "")}
                </li>
              ))}
          </ul>
        </details>
      )}

      <fieldset disabled={!manager || busy} class="survey-editor-body">
        <TextField id="survey-edit-title" label={O.editor.formTitle} value={form.title} onInput={(title) => change((f) => ({ ...f, title }))} error={fieldErrors.title ?? server.fields.title} testid="survey-edit-title" required />
        <TextField id="survey-edit-description" label={E.description} value={form.description} onInput={(description) => change((f) => ({ ...f, description }))} error={server.fields.description} testid="survey-edit-description" multiline />

        <h3>{E.questions}</h3>
        {formLevel.length > 0 && (
          <p class="field-error" data-testid="survey-form-problems">
            {formLevel.join(" ")}
          </p>
        )}
        {server.fields.questions && <p class="field-error">{server.fields.questions}</p>}
        {form.questions.map((q, i) => (
          <QuestionEditor
            key={q.id}
            q={q}
            i={i}
            questions={form.questions}
            messages={byIndex(i)}
            onPatch={(patch) => setQ(i, patch)}
            onKind={(k: QuestionKind) => change((f) => changeKind(f, i, k))}
            onMove={(dir) => change((f) => moveQuestion(f, i, dir))}
            onRemove={() => change((f) => removeQuestion(f, i))}
          />
        ))}
        <button type="button" class="secondary" onClick={() => change(addQuestion)} data-testid="survey-edit-add">
          + {E.add}
        </button>

        <fieldset>
          <legend>{E.triggersTitle}</legend>
          <Check id="survey-edit-standalone" label={E.standalone} checked={form.triggers.standalone} onChange={(standalone) => change((f) => ({ ...f, triggers: { ...f.triggers, standalone } }))} testid="survey-edit-standalone" />
          <p class="hint">{E.events}</p>
          {SURVEY_EVENTS.map((ev) => (
            <Check
              key={ev}
              id={`survey-edit-event-${ev}`}
              label={eventLabel(ev)}
              checked={form.triggers.events.includes(ev)}
              onChange={(on) => change((f) => ({ ...f, triggers: { ...f.triggers, events: on ? [...f.triggers.events.filter((x) => x !== ev), ev] : f.triggers.events.filter((x) => x !== ev) } }))}
              testid={`survey-edit-event-${ev}`}
            />
          ))}
          {server.fields.triggers && <p class="field-error">{server.fields.triggers}</p>}
        </fieldset>
        <TextField
          id="survey-edit-threshold"
          label={E.threshold}
          value={form.complaint_threshold}
          onInput={(complaint_threshold) => change((f) => ({ ...f, complaint_threshold }))}
          error={thresholdError || undefined}
          inputMode="numeric"
          testid="survey-edit-threshold"
        />
      </fieldset>

      {message && (
        <div class={`banner ${message.ok ? "info" : "bad"}`} role={message.ok ? "status" : "alert"} data-testid="survey-editor-message" data-ok={message.ok ? "true" : "false"}>
          <p>{message.text}</p>
          {message.more && message.more.length > 0 && (
            <ul>
              {message.more.map((m, k) => (
                <li key={k}>{m}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {manager && (
        <div class="actions sticky-save">
          <button type="button" onClick={() => void save()} disabled={busy} data-testid="survey-save">
            {E.save}
          </button>
          {formKey && (
            <button type="button" onClick={() => void publish()} disabled={busy || problems.length > 0} data-testid="survey-publish" data-version={n}>
              {E.publish(n)}
            </button>
          )}
          {formKey && published && (
            <button type="button" class="danger" onClick={() => void retire()} disabled={busy} data-testid="survey-retire">
              {E.retire}
            </button>
          )}
        </div>
      )}
      {manager && formKey && published && <AssignPanel formKey={formKey} />}
    </section>
  );
}
