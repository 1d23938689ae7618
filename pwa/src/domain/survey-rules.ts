/**
 * Opinion surveys: the rows a field device holds, the `survey.submit` v1 args, and the pure
 * rules the phone runs while the customer answers (which questions show, what is wrong with an
 * answer, which answers are complaints) and the office editor runs while the manager writes a
 * form (what is wrong with the questions).
 *
 * The server has the same rules in server/surveys/rules.py; both run the shared cases in
 * tests/fixtures/surveys/{rules,forms}.json, so the phone never lets through what the server
 * flags. Equality is JSON's (true is not 1, "1" is not 1); lengths count characters.
 *
 * Skip logic: a question with `show_if` shows only when the question it names is shown and its
 * answer equals the value (for a multiple-choice question, includes it); a question whose
 * condition's question is hidden is hidden too. No DOM, no storage, no network.
 */
import type { GpsError, GpsFix } from "./types";

export const QUESTION_KINDS = ["single", "multiple", "scale", "yes_no", "number", "text"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** Kinds answered by picking among `options`. */
export const CHOICE_KINDS: ReadonlySet<QuestionKind> = new Set(["single", "multiple"]);

export const SURVEY_EVENTS = ["reconnection", "agreement", "discount_approved"] as const;
export type SurveyEvent = (typeof SURVEY_EVENTS)[number];

/** Why a survey was asked (`survey.submit` `trigger`; "office": a request the office made). */
export type SurveyTrigger = "route" | SurveyEvent | "standalone" | "office";

export type AnswerValue = string | string[] | number | boolean;
export type Answers = Record<string, AnswerValue>;

export interface SurveyOption {
  value: string;
  label: string;
}

export interface ShowIf {
  question: string;
  equals: string | number | boolean;
}

export interface SurveyQuestion {
  id: string;
  kind: QuestionKind;
  label: string;
  required: boolean;
  options?: SurveyOption[];
  min?: number | null;
  max?: number | null;
  /** An answer to it expresses a complaint (any answer, or one of `complaint_values`). */
  complaint?: boolean;
  complaint_values?: (string | number | boolean)[];
  /** A scale that measures satisfaction: a score at or under the threshold is a complaint. */
  satisfaction?: boolean;
  show_if?: ShowIf | null;
}

export interface SurveyTriggers {
  standalone: boolean;
  events: SurveyEvent[];
}

/** One published or retired version of a form (row type `survey_form`, shared). */
export interface SurveyFormRow {
  id: string;
  form_key: string;
  version: number;
  title: string;
  description: string | null;
  status: "published" | "retired";
  questions: SurveyQuestion[];
  triggers: SurveyTriggers;
  complaint_threshold: number;
  published_at: string | null;
}

/** A survey the office asks one worker to take at one account (row type `survey_request`). */
export interface SurveyRequestRow {
  id: string;
  form_key: string;
  account_id: string;
  stop_id: string | null;
  reason: "route" | "discount_approved" | "office";
  status: "open" | "answered" | "cancelled";
  created_at: string;
  /** The account as the server knows it, for a request whose account the phone does not hold. */
  account_number?: string | null;
  holder_name?: string | null;
  address?: string | null;
}

/** `survey.submit` v1: the answers given at one door (append-only, with the version answered). */
export interface SurveySubmitArgsV1 {
  id: string;
  form_id: string;
  account_id: string | null;
  stop_id: string | null;
  request_id: string | null;
  trigger: SurveyTrigger;
  answers: Answers;
  respondent_name: string | null;
  gps: GpsFix | null;
  gps_error: GpsError | null;
  started_at: string;
}

export const SCALE_MIN = 1;
export const SCALE_MAX = 5;
export const TEXT_MAX = 2000;
export const LABEL_MAX = 300;
export const OPTIONS_MIN = 2;
export const OPTIONS_MAX = 20;
export const QUESTIONS_MAX = 60;
export const THRESHOLD_MIN = 1;
export const THRESHOLD_MAX = 4;
/** Kinds a "Mostrar solo si" may depend on. */
export const CONDITION_KINDS: ReadonlySet<QuestionKind> = new Set(["single", "multiple", "scale", "yes_no"]);
const ID_RE = /^[a-z0-9_]{1,40}$/;

export const ANSWER_PROBLEMS = ["REQUIRED", "NOT_AN_OPTION", "OUT_OF_RANGE", "NOT_A_NUMBER", "NOT_BOOLEAN", "NOT_TEXT", "TOO_LONG", "HIDDEN_ANSWERED", "UNKNOWN_QUESTION"] as const;
export type AnswerProblemCode = (typeof ANSWER_PROBLEMS)[number];

export interface AnswerProblem {
  question: string;
  code: AnswerProblemCode;
}

type Loose = Record<string, unknown>;
const isObj = (v: unknown): v is Loose => typeof v === "object" && v !== null && !Array.isArray(v);
const isBool = (v: unknown): v is boolean => typeof v === "boolean";
const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isInt = (v: unknown): v is number => isNumber(v) && Number.isInteger(v);
/** Length in characters (code points), as the server counts. */
const chars = (s: string) => [...s].length;

/** Strict equality as JSON sees it (true is not 1, "1" is not 1). */
function same(a: unknown, b: unknown): boolean {
  if (isBool(a) || isBool(b)) return isBool(a) && isBool(b) && a === b;
  if (isNumber(a) && isNumber(b)) return a === b;
  return typeof a === "string" && typeof b === "string" && a === b;
}

/** Not answered: absent, null, an empty or blank text, no option chosen. */
export function isEmptyAnswer(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === "string" && v.trim() === "") || (Array.isArray(v) && v.length === 0);
}

function optionValues(q: SurveyQuestion): unknown[] {
  return (Array.isArray(q.options) ? q.options : []).filter(isObj).map((o) => o.value);
}

/** Does `answer` to question `target` meet a condition's value (a multiple-choice answer: includes it)? */
export function meetsCondition(target: SurveyQuestion, answer: unknown, equals: unknown): boolean {
  if (target.kind === "multiple") return Array.isArray(answer) && answer.some((a) => same(a, equals));
  return same(answer, equals);
}

/** The ids of the questions shown for these answers, in form order. */
export function visibleQuestions(questions: readonly SurveyQuestion[], answers: Answers): string[] {
  const a: Record<string, unknown> = answers ?? {};
  const shown: string[] = [];
  const seen = new Map<string, SurveyQuestion>();
  for (const q of questions) {
    const c = q.show_if;
    let visible: boolean;
    if (c === null || c === undefined) visible = true;
    else {
      const key = isObj(c) ? c.question : undefined;
      const target = typeof key === "string" ? seen.get(key) : undefined;
      visible = !!target && shown.includes(target.id) && meetsCondition(target, a[target.id], c.equals);
    }
    if (typeof q.id === "string" && !seen.has(q.id)) seen.set(q.id, q);
    if (visible) shown.push(q.id);
  }
  return shown;
}

/** What is wrong with one answered value of a question (null: nothing). */
function valueProblem(q: SurveyQuestion, v: unknown): AnswerProblemCode | null {
  const values = optionValues(q);
  switch (q.kind) {
    case "single":
      return typeof v === "string" && values.includes(v) ? null : "NOT_AN_OPTION";
    case "multiple":
      return Array.isArray(v) && v.every((x) => typeof x === "string" && values.includes(x)) ? null : "NOT_AN_OPTION";
    case "scale":
      if (!isNumber(v)) return "NOT_A_NUMBER";
      return isInt(v) && v >= SCALE_MIN && v <= SCALE_MAX ? null : "OUT_OF_RANGE";
    case "yes_no":
      return isBool(v) ? null : "NOT_BOOLEAN";
    case "number":
      if (!isNumber(v)) return "NOT_A_NUMBER";
      return (isNumber(q.min) && v < q.min) || (isNumber(q.max) && v > q.max) ? "OUT_OF_RANGE" : null;
    case "text":
      if (typeof v !== "string") return "NOT_TEXT";
      return chars(v) > TEXT_MAX ? "TOO_LONG" : null;
    default:
      return null;
  }
}

/**
 * What is wrong with a set of answers, at most one problem per question, in the form's order,
 * then the unknown question ids sorted: an answer to a hidden question, a required shown
 * question unanswered, a value of the wrong kind or out of range.
 */
export function answerProblems(questions: readonly SurveyQuestion[], answers: Answers): AnswerProblem[] {
  const a: Record<string, unknown> = answers ?? {};
  const shown = new Set(visibleQuestions(questions, a as Answers));
  const out: AnswerProblem[] = [];
  for (const q of questions) {
    const v = a[q.id];
    if (!shown.has(q.id)) {
      if (!isEmptyAnswer(v)) out.push({ question: q.id, code: "HIDDEN_ANSWERED" });
      continue;
    }
    if (isEmptyAnswer(v)) {
      if (q.required === true) out.push({ question: q.id, code: "REQUIRED" });
      continue;
    }
    const code = valueProblem(q, v);
    if (code) out.push({ question: q.id, code });
  }
  const known = new Set(questions.map((q) => q.id));
  for (const k of Object.keys(a)
    .filter((k) => !known.has(k))
    .sort())
    out.push({ question: k, code: "UNKNOWN_QUESTION" });
  return out;
}

function complains(q: SurveyQuestion, v: unknown, threshold: number): boolean {
  if (q.kind === "scale") return q.satisfaction === true && isInt(v) && v >= SCALE_MIN && v <= Math.min(threshold, SCALE_MAX);
  if (q.complaint !== true) return false;
  if (q.kind === "yes_no") return v === true;
  if (q.kind === "text") return typeof v === "string" && v.trim() !== "";
  if (CHOICE_KINDS.has(q.kind)) {
    const chosen = q.kind === "multiple" ? (v as unknown[]) : [v];
    const bad = q.complaint_values ?? [];
    return !valueProblem(q, v) && chosen.some((c) => typeof c === "string" && bad.includes(c));
  }
  return false;
}

/**
 * The ids of the shown questions whose (valid) answer expresses a complaint: "Sí" on a
 * complaint yes/no, a chosen complaint option, any text on a complaint text question, or a
 * satisfaction score at or under the form's threshold.
 */
export function complaints(questions: readonly SurveyQuestion[], answers: Answers, threshold = 2): string[] {
  const a: Record<string, unknown> = answers ?? {};
  const shown = new Set(visibleQuestions(questions, a as Answers));
  return questions.filter((q) => shown.has(q.id) && !isEmptyAnswer(a[q.id]) && valueProblem(q, a[q.id]) === null && complains(q, a[q.id], threshold)).map((q) => q.id);
}

export const FORM_PROBLEMS = [
  "NO_QUESTIONS",
  "TOO_MANY_QUESTIONS",
  "BAD_THRESHOLD",
  "NOT_A_QUESTION",
  "BAD_ID",
  "DUPLICATE_ID",
  "BAD_KIND",
  "LABEL_REQUIRED",
  "LABEL_TOO_LONG",
  "BAD_FLAG",
  "OPTIONS_REQUIRED",
  "BAD_OPTION",
  "DUPLICATE_OPTION",
  "OPTIONS_NOT_ALLOWED",
  "BAD_RANGE",
  "RANGE_NOT_ALLOWED",
  "BAD_COMPLAINT_VALUES",
  "COMPLAINT_NOT_SUPPORTED",
  "SATISFACTION_NOT_SCALE",
  "SHOW_IF_UNKNOWN",
  "SHOW_IF_FORWARD",
  "SHOW_IF_BAD_KIND",
  "SHOW_IF_BAD_VALUE",
] as const;
export type FormProblemCode = (typeof FORM_PROBLEMS)[number];

export interface FormProblem {
  /** The question's id (null: about the whole form). */
  question: string | null;
  code: FormProblemCode;
}

/** Can a condition on `target` (an option, scale or yes/no question) ask for this value? */
export function possibleConditionValue(target: SurveyQuestion, equals: unknown): boolean {
  if (CHOICE_KINDS.has(target.kind)) return typeof equals === "string" && optionValues(target).includes(equals);
  if (target.kind === "yes_no") return isBool(equals);
  return isInt(equals) && equals >= SCALE_MIN && equals <= SCALE_MAX;
}

/** str() of an option value as the server compares them for duplicates. */
const pyStr = (v: unknown) => (v === null || v === undefined ? "None" : isBool(v) ? (v ? "True" : "False") : String(v));

function optionsProblems(q: SurveyQuestion): FormProblemCode[] {
  const options: unknown = q.options;
  if (!CHOICE_KINDS.has(q.kind)) {
    const truthy = Array.isArray(options) ? options.length > 0 : isObj(options) ? Object.keys(options).length > 0 : !!options;
    return truthy ? ["OPTIONS_NOT_ALLOWED"] : [];
  }
  if (!Array.isArray(options) || options.length < OPTIONS_MIN || options.length > OPTIONS_MAX) return ["OPTIONS_REQUIRED"];
  const out: FormProblemCode[] = [];
  const badOption = (o: unknown) => !isObj(o) || typeof o.value !== "string" || !o.value.trim() || typeof o.label !== "string" || !o.label.trim();
  if (options.some(badOption)) out.push("BAD_OPTION");
  const values = optionValues(q);
  if (new Set(values.map(pyStr)).size !== values.length) out.push("DUPLICATE_OPTION");
  return out;
}

function questionProblems(q: SurveyQuestion): FormProblemCode[] {
  const kind = q.kind;
  const out: FormProblemCode[] = (QUESTION_KINDS as readonly string[]).includes(kind) ? [] : ["BAD_KIND"];
  const label: unknown = q.label;
  if (typeof label !== "string" || !label.trim()) out.push("LABEL_REQUIRED");
  else if (chars(label) > LABEL_MAX) out.push("LABEL_TOO_LONG");
  const flags = q as unknown as Loose;
  if ((["required", "complaint", "satisfaction"] as const).some((k) => flags[k] !== null && flags[k] !== undefined && !isBool(flags[k]))) out.push("BAD_FLAG");
  out.push(...optionsProblems(q));
  const lo: unknown = q.min;
  const hi: unknown = q.max;
  const given = (x: unknown) => x !== null && x !== undefined;
  if (kind !== "number") {
    if (given(lo) || given(hi)) out.push("RANGE_NOT_ALLOWED");
  } else if ((given(lo) && !isNumber(lo)) || (given(hi) && !isNumber(hi)) || (isNumber(lo) && isNumber(hi) && lo > hi)) out.push("BAD_RANGE");
  const bad: unknown = q.complaint_values;
  if (given(bad) && !(Array.isArray(bad) && bad.length === 0)) {
    const values = optionValues(q);
    if (!CHOICE_KINDS.has(kind) || !Array.isArray(bad) || bad.some((b) => !values.includes(b))) out.push("BAD_COMPLAINT_VALUES");
  }
  if (q.complaint === true && (kind === "scale" || kind === "number")) out.push("COMPLAINT_NOT_SUPPORTED");
  if (q.satisfaction === true && kind !== "scale") out.push("SATISFACTION_NOT_SCALE");
  return out;
}

function conditionProblem(cond: unknown, earlier: Map<string, SurveyQuestion>, ids: Set<string>): FormProblemCode | null {
  if (cond === null || cond === undefined) return null;
  const targetId = isObj(cond) ? cond.question : undefined;
  if (typeof targetId !== "string") return "SHOW_IF_UNKNOWN";
  const target = earlier.get(targetId);
  if (target) {
    if (!CONDITION_KINDS.has(target.kind)) return "SHOW_IF_BAD_KIND";
    return possibleConditionValue(target, (cond as Loose).equals) ? null : "SHOW_IF_BAD_VALUE";
  }
  return ids.has(targetId) ? "SHOW_IF_FORWARD" : "SHOW_IF_UNKNOWN";
}

/**
 * What the office editor must fix before saving or publishing, in the form's order (question
 * null: the whole form): the threshold, no or too many questions, a bad or repeated id, a kind,
 * label, flag, options (2 to 20 distinct for a choice question), range or complaint setting that
 * does not fit the question, a condition on an unknown or later question, on a kind that cannot
 * be a condition, or with a value that question can never have.
 */
export function formProblems(questions: readonly SurveyQuestion[], threshold: unknown = 2): FormProblem[] {
  const out: FormProblem[] = [];
  if (!isInt(threshold) || threshold < THRESHOLD_MIN || threshold > THRESHOLD_MAX) out.push({ question: null, code: "BAD_THRESHOLD" });
  if (!Array.isArray(questions) || questions.length === 0) return [...out, { question: null, code: "NO_QUESTIONS" }];
  if (questions.length > QUESTIONS_MAX) out.push({ question: null, code: "TOO_MANY_QUESTIONS" });
  const ids = new Set(questions.filter((q) => isObj(q) && typeof q.id === "string").map((q) => q.id));
  const earlier = new Map<string, SurveyQuestion>();
  for (const q of questions as unknown[]) {
    if (!isObj(q)) {
      out.push({ question: null, code: "NOT_A_QUESTION" });
      continue;
    }
    const sq = q as unknown as SurveyQuestion;
    const qid: unknown = sq.id;
    const codes: FormProblemCode[] = [];
    if (typeof qid !== "string" || !ID_RE.test(qid)) codes.push("BAD_ID");
    else if (earlier.has(qid)) codes.push("DUPLICATE_ID");
    codes.push(...questionProblems(sq));
    const cond = conditionProblem(sq.show_if, earlier, ids);
    if (cond) codes.push(cond);
    for (const code of codes) out.push({ question: typeof qid === "string" ? qid : null, code });
    if (typeof qid === "string" && !earlier.has(qid)) earlier.set(qid, sq);
  }
  return out;
}
