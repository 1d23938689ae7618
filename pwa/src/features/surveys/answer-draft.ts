/**
 * A survey being answered (pure): the draft kept on the device while she answers, the answers
 * that count (those of shown questions, not empty: a question hidden by a later change keeps its
 * answer in the draft in case it shows again, but it is not sent), and the exact
 * `survey.submit` v1 args.
 */
import {
  answerProblems,
  isEmptyAnswer,
  visibleQuestions,
  type AnswerProblem,
  type AnswerValue,
  type Answers,
  type SurveyFormRow,
  type SurveySubmitArgsV1,
  type SurveyTrigger,
} from "../../domain/survey-rules";
import type { GpsError, GpsFix } from "../../domain/types";

export interface SurveyDraft {
  response_id: string;
  form_id: string;
  form_key: string;
  version: number;
  account_id: string | null;
  stop_id: string | null;
  request_id: string | null;
  trigger: SurveyTrigger;
  answers: Answers;
  /** Questions she already went through (their "obligatoria" shows once passed). */
  touched: string[];
  respondent_name: string;
  started_at: string;
}

export function newSurveyDraft(p: {
  response_id: string;
  form: SurveyFormRow;
  account_id: string | null;
  stop_id: string | null;
  request_id: string | null;
  trigger: SurveyTrigger;
  now: string;
}): SurveyDraft {
  return {
    response_id: p.response_id,
    form_id: p.form.id,
    form_key: p.form.form_key,
    version: p.form.version,
    account_id: p.account_id,
    stop_id: p.stop_id,
    request_id: p.request_id,
    trigger: p.trigger,
    answers: {},
    touched: [],
    respondent_name: "",
    started_at: p.now,
  };
}

/** The answers that count: shown questions only, empty ones left out. */
export function effectiveAnswers(form: Pick<SurveyFormRow, "questions">, answers: Answers): Answers {
  const out: Answers = {};
  for (const id of visibleQuestions(form.questions, answers)) {
    const v = answers[id];
    if (!isEmptyAnswer(v)) out[id] = v;
  }
  return out;
}

/** The problems that keep the answers from being sent (on the answers that count). */
export function draftProblems(form: Pick<SurveyFormRow, "questions">, answers: Answers): AnswerProblem[] {
  return answerProblems(form.questions, effectiveAnswers(form, answers));
}

/** A number as typed ("12", "3.5", "3,5"); what is not a number stays text (its problem shows). */
export function parseNumberInput(s: string): AnswerValue | undefined {
  const t = s.trim();
  if (t === "") return undefined;
  return /^-?\d+([.,]\d+)?$/.test(t) ? Number(t.replace(",", ".")) : t;
}

/** Set (or clear, with undefined) one answer. */
export function withAnswer(d: SurveyDraft, qid: string, value: AnswerValue | undefined): SurveyDraft {
  const answers = { ...d.answers };
  if (value === undefined || isEmptyAnswer(value)) delete answers[qid];
  else answers[qid] = value;
  return { ...d, answers, touched: d.touched.includes(qid) ? d.touched : [...d.touched, qid] };
}

/** The `survey.submit` v1 args of a finished draft. */
export function buildSubmitArgs(d: SurveyDraft, form: SurveyFormRow, gps: { gps: GpsFix | null; gps_error: GpsError | null }): SurveySubmitArgsV1 {
  const name = d.respondent_name.trim();
  return {
    id: d.response_id,
    form_id: d.form_id,
    account_id: d.account_id,
    stop_id: d.stop_id,
    request_id: d.request_id,
    trigger: d.trigger,
    answers: effectiveAnswers(form, d.answers),
    respondent_name: name ? name.slice(0, 200) : null,
    gps: gps.gps,
    gps_error: gps.gps ? null : gps.gps_error,
    started_at: d.started_at,
  };
}
