/**
 * The survey editor's form as data (pure): questions added, removed, moved and changed of kind;
 * the "Mostrar solo si" choices (earlier questions only); the body sent to the server; and the
 * server's 422 answer spread over the fields it is about.
 */
import { CHOICE_KINDS, CONDITION_KINDS, THRESHOLD_MAX, THRESHOLD_MIN, type QuestionKind, type ShowIf, type SurveyEvent, type SurveyOption, type SurveyQuestion, type SurveyTriggers } from "../../domain/survey-rules";
import type { FormBody, FormVersion } from "./api";

export interface EditorForm {
  title: string;
  description: string;
  questions: SurveyQuestion[];
  triggers: SurveyTriggers;
  /** As typed (a whole number 1–4). */
  complaint_threshold: string;
}

export const DEFAULT_THRESHOLD = 2;

export function emptyForm(): EditorForm {
  return { title: "", description: "", questions: [newQuestion([], "single")], triggers: { standalone: true, events: [] }, complaint_threshold: String(DEFAULT_THRESHOLD) };
}

export function formFromVersion(v: Pick<FormVersion, "title" | "description" | "questions" | "triggers" | "complaint_threshold">): EditorForm {
  return {
    title: v.title ?? "",
    description: v.description ?? "",
    questions: (v.questions ?? []).map((q) => ({ ...q, options: q.options ? q.options.map((o) => ({ ...o })) : q.options })),
    triggers: { standalone: !!v.triggers?.standalone, events: [...(v.triggers?.events ?? [])] },
    complaint_threshold: String(v.complaint_threshold ?? DEFAULT_THRESHOLD),
  };
}

/** The next free "qN" id. */
export function nextQuestionId(questions: readonly SurveyQuestion[]): string {
  const used = new Set(questions.map((q) => q.id));
  let n = questions.length + 1;
  while (used.has(`q${n}`)) n += 1;
  return `q${n}`;
}

function defaultOptions(): SurveyOption[] {
  return [
    { value: "o1", label: "" },
    { value: "o2", label: "" },
  ];
}

export function newQuestion(questions: readonly SurveyQuestion[], kind: QuestionKind = "single"): SurveyQuestion {
  return { id: nextQuestionId(questions), kind, label: "", required: false, ...(CHOICE_KINDS.has(kind) ? { options: defaultOptions() } : {}), show_if: null };
}

export function addQuestion(f: EditorForm): EditorForm {
  return { ...f, questions: [...f.questions, newQuestion(f.questions)] };
}

/** Remove a question; conditions that named it go away with it. */
export function removeQuestion(f: EditorForm, i: number): EditorForm {
  const gone = f.questions[i]?.id;
  return { ...f, questions: f.questions.filter((_, j) => j !== i).map((q) => (q.show_if?.question === gone ? { ...q, show_if: null } : q)) };
}

/** Move a question one place up (-1) or down (+1). */
export function moveQuestion(f: EditorForm, i: number, dir: -1 | 1): EditorForm {
  const j = i + dir;
  if (j < 0 || j >= f.questions.length) return f;
  const qs = [...f.questions];
  [qs[i], qs[j]] = [qs[j], qs[i]];
  return { ...f, questions: qs };
}

export function patchQuestion(f: EditorForm, i: number, patch: Partial<SurveyQuestion>): EditorForm {
  return { ...f, questions: f.questions.map((q, j) => (j === i ? { ...q, ...patch } : q)) };
}

/** Change a question's kind: its options, range and complaint values start over. */
export function changeKind(f: EditorForm, i: number, kind: QuestionKind): EditorForm {
  const q = f.questions[i];
  const next: SurveyQuestion = { id: q.id, kind, label: q.label, required: q.required, show_if: q.show_if ?? null };
  if (CHOICE_KINDS.has(kind)) next.options = q.options && q.options.length ? q.options : defaultOptions();
  if (q.complaint && COMPLAINT_KINDS.has(kind)) next.complaint = true;
  if (kind === "scale" && q.satisfaction) next.satisfaction = true;
  return { ...f, questions: f.questions.map((x, j) => (j === i ? next : x)) };
}

/** Add an option with a fresh value ("o3"). */
export function addOption(q: SurveyQuestion): SurveyQuestion {
  const opts = q.options ?? [];
  const used = new Set(opts.map((o) => o.value));
  let n = opts.length + 1;
  while (used.has(`o${n}`)) n += 1;
  return { ...q, options: [...opts, { value: `o${n}`, label: "" }] };
}

/** Kinds an answer of which may be a complaint (a scale complains through "satisfacción"). */
export const COMPLAINT_KINDS: ReadonlySet<QuestionKind> = new Set(["single", "multiple", "yes_no", "text"]);

/** The questions a "Mostrar solo si" of question `i` may name: the earlier option, scale and yes/no ones. */
export function conditionCandidates(questions: readonly SurveyQuestion[], i: number): SurveyQuestion[] {
  return questions.slice(0, Math.max(0, i)).filter((q) => CONDITION_KINDS.has(q.kind));
}

/** The answers a condition on `q` may ask for, as value and label. */
export function conditionValues(q: SurveyQuestion, yes: string, no: string, scaleLabels: Record<number, string>): { value: string | number | boolean; label: string }[] {
  if (CHOICE_KINDS.has(q.kind)) return (q.options ?? []).map((o) => ({ value: o.value, label: o.label || o.value }));
  if (q.kind === "yes_no")
    return [
      { value: true, label: yes },
      { value: false, label: no },
    ];
  if (q.kind === "scale") return [1, 2, 3, 4, 5].map((n) => ({ value: n, label: `${n} ${scaleLabels[n] ?? ""}`.trim() }));
  return [];
}

/** A condition on question `target` with its first possible value. */
export function conditionOn(target: SurveyQuestion): ShowIf {
  const first = CHOICE_KINDS.has(target.kind) ? target.options?.[0]?.value ?? "" : target.kind === "yes_no" ? true : 1;
  return { question: target.id, equals: first };
}

const cleanNumber = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** One question as the server takes it: only the keys its kind uses. */
export function cleanQuestion(q: SurveyQuestion): SurveyQuestion {
  const out: SurveyQuestion = { id: q.id, kind: q.kind, label: q.label.trim(), required: !!q.required, show_if: q.show_if ?? null };
  if (CHOICE_KINDS.has(q.kind)) out.options = (q.options ?? []).map((o) => ({ value: o.value.trim(), label: o.label.trim() }));
  if (q.kind === "number") {
    out.min = cleanNumber(q.min);
    out.max = cleanNumber(q.max);
  }
  if (q.complaint && COMPLAINT_KINDS.has(q.kind)) {
    out.complaint = true;
    if (CHOICE_KINDS.has(q.kind) && q.complaint_values && q.complaint_values.length) out.complaint_values = [...q.complaint_values];
  }
  if (q.satisfaction && q.kind === "scale") out.satisfaction = true;
  return out;
}

export interface FormCheck {
  body: FormBody | null;
  errors: Record<string, string>;
}

/** The body to send, or the form-level fields the editor must fix first (title, threshold). */
export function formBody(f: EditorForm, msgs: { title: string; threshold: string }): FormCheck {
  const errors: Record<string, string> = {};
  if (!f.title.trim()) errors.title = msgs.title;
  const t = f.complaint_threshold.trim();
  const threshold = /^\d+$/.test(t) ? Number(t) : NaN;
  if (!(threshold >= THRESHOLD_MIN && threshold <= THRESHOLD_MAX)) errors.complaint_threshold = msgs.threshold;
  if (Object.keys(errors).length) return { body: null, errors };
  const events = f.triggers.events.filter((e, i, all) => all.indexOf(e) === i) as SurveyEvent[];
  return {
    body: {
      title: f.title.trim(),
      description: f.description.trim() || null,
      questions: f.questions.map(cleanQuestion),
      triggers: { standalone: f.triggers.standalone, events },
      complaint_threshold: threshold,
    },
    errors,
  };
}

type Flat = [string[], string][];

function flatten(node: unknown, path: string[], out: Flat): void {
  if (typeof node === "string") out.push([path, node]);
  else if (Array.isArray(node)) node.forEach((x, i) => (typeof x === "string" ? out.push([path, x]) : flatten(x, [...path, String(i)], out)));
  else if (node && typeof node === "object") for (const [k, v] of Object.entries(node)) flatten(v, [...path, k], out);
}

export interface ServerErrors {
  /** By form field: title, description, triggers, complaint_threshold. */
  fields: Record<string, string>;
  /** By question position. */
  questions: Record<number, string[]>;
  other: string[];
}

const TOP_FIELDS = ["title", "description", "triggers", "complaint_threshold"];

/**
 * The house 422 body's `errors` ({json: {...}} from the schema, or a rule's own tree) spread
 * over the editor: `questions.<position or id>.…` by question, top fields by name, the rest apart.
 */
export function serverErrors(body: unknown, questions: readonly SurveyQuestion[]): ServerErrors {
  let tree = (body as { errors?: unknown } | null)?.errors;
  if (tree && typeof tree === "object" && !Array.isArray(tree) && "json" in tree && Object.keys(tree).length === 1) tree = (tree as { json: unknown }).json;
  const flat: Flat = [];
  flatten(tree, [], flat);
  const out: ServerErrors = { fields: {}, questions: {}, other: [] };
  for (const [path, msg] of flat) {
    const [top, which] = path;
    if (top === "questions" && which !== undefined) {
      const i = /^\d+$/.test(which) && Number(which) < questions.length ? Number(which) : questions.findIndex((q) => q.id === which);
      if (i >= 0) {
        (out.questions[i] ??= []).push(msg);
        continue;
      }
    }
    if (top && TOP_FIELDS.includes(top)) out.fields[top] = out.fields[top] ? `${out.fields[top]} ${msg}` : msg;
    else if (top === "questions") out.fields.questions = out.fields.questions ? `${out.fields.questions} ${msg}` : msg;
    else out.other.push(msg);
  }
  return out;
}
