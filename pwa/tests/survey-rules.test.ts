/**
 * The survey rules' TypeScript twin against the cases the server's rules also run
 * (tests/fixtures/surveys/{rules,forms}.json), plus edge cases of the phone's own: the answers
 * that count once a change hides questions, number input, and the Spanish for every code.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  ANSWER_PROBLEMS,
  FORM_PROBLEMS,
  answerProblems,
  complaints,
  formProblems,
  visibleQuestions,
  type Answers,
  type SurveyQuestion,
} from "../src/domain/survey-rules";
import { buildSubmitArgs, draftProblems, effectiveAnswers, newSurveyDraft, parseNumberInput, withAnswer } from "../src/features/surveys/answer-draft";
import { surveyFieldEs, surveyOfficeEs } from "../src/i18n/es-surveys";
import { loadFixtures } from "./helpers/shared-fixtures";

interface RuleCase {
  name: string;
  questions: SurveyQuestion[];
  complaint_threshold: number;
  answers: Answers;
  visible: string[];
  problems: { question: string; code: string }[];
  complaints: string[];
}

interface FormCase {
  name: string;
  questions: SurveyQuestion[];
  complaint_threshold: unknown;
  problems: { question: string | null; code: string }[];
}

// The same files the server's tests run: both sides must agree on every case.
const rules = loadFixtures<unknown, unknown>("surveys", "rules") as unknown as RuleCase[];
const forms = loadFixtures<unknown, unknown>("surveys", "forms") as unknown as FormCase[];

describe("survey fixtures shared with the server", () => {
  it("has the promised spread of cases", () => {
    expect(rules.length).toBeGreaterThanOrEqual(40);
    expect(forms.length).toBeGreaterThanOrEqual(20);
    const answerCodes = new Set(rules.flatMap((c) => c.problems.map((p) => p.code)));
    expect([...answerCodes].sort()).toEqual([...ANSWER_PROBLEMS].sort());
    for (const c of forms) for (const p of c.problems) expect(FORM_PROBLEMS).toContain(p.code);
  });

  it.each(rules.map((c) => [c.name, c] as const))("answers: %s", (_, c) => {
    expect(visibleQuestions(c.questions, c.answers)).toEqual(c.visible);
    expect(answerProblems(c.questions, c.answers)).toEqual(c.problems);
    expect(complaints(c.questions, c.answers, c.complaint_threshold)).toEqual(c.complaints);
  });

  it.each(forms.map((c) => [c.name, c] as const))("form: %s", (_, c) => {
    expect(formProblems(c.questions, c.complaint_threshold)).toEqual(c.problems);
  });
});

const Q: SurveyQuestion[] = [
  { id: "served", kind: "yes_no", label: "¿Lo atendieron?", required: true, show_if: null },
  { id: "rating", kind: "scale", label: "Califique", required: true, satisfaction: true, show_if: { question: "served", equals: true } },
  { id: "why", kind: "text", label: "¿Por qué?", required: false, show_if: { question: "rating", equals: 1 } },
  { id: "count", kind: "number", label: "¿Cuántas veces?", required: false, min: 0, max: 10, show_if: null },
];

describe("the answers that count on the phone", () => {
  it("a change that hides a chain drops its answers from what is checked and sent, but keeps them in the draft", () => {
    const answers: Answers = { served: false, rating: 1, why: "Nadie vino" };
    // The raw answers have hidden answers; the phone never sends them.
    expect(answerProblems(Q, answers).map((p) => p.code)).toEqual(["HIDDEN_ANSWERED", "HIDDEN_ANSWERED"]);
    expect(effectiveAnswers({ questions: Q }, answers)).toEqual({ served: false });
    expect(draftProblems({ questions: Q }, answers)).toEqual([]);
    // Back to "Sí": the rating and why show again with what she had answered.
    expect(effectiveAnswers({ questions: Q }, { ...answers, served: true })).toEqual({ served: true, rating: 1, why: "Nadie vino" });
  });

  it("a required question shown by an answer blocks until answered; blank text is no answer", () => {
    expect(draftProblems({ questions: Q }, { served: true })).toEqual([{ question: "rating", code: "REQUIRED" }]);
    expect(effectiveAnswers({ questions: Q }, { served: true, rating: 1, why: "   " })).toEqual({ served: true, rating: 1 });
  });

  it("numbers as typed: commas are decimals, what is not a number stays text and is flagged", () => {
    expect(parseNumberInput(" 3,5 ")).toBe(3.5);
    expect(parseNumberInput("-2")).toBe(-2);
    expect(parseNumberInput("")).toBeUndefined();
    expect(parseNumberInput("12a")).toBe("12a");
    expect(draftProblems({ questions: Q }, { served: false, count: "12a" })).toEqual([{ question: "count", code: "NOT_A_NUMBER" }]);
    expect(draftProblems({ questions: Q }, { served: false, count: 11 })).toEqual([{ question: "count", code: "OUT_OF_RANGE" }]);
  });

  it("withAnswer clears an answer (undefined, blank, no option) and remembers the question was touched", () => {
    const form = { id: "f3", form_key: "k", version: 3, title: "T", description: null, status: "published" as const, questions: Q, triggers: { standalone: true, events: [] }, complaint_threshold: 2, published_at: null };
    let d = newSurveyDraft({ response_id: "r1", form, account_id: "a1", stop_id: null, request_id: null, trigger: "standalone", now: "2026-11-28T16:00:00.000Z" });
    d = withAnswer(d, "served", true);
    d = withAnswer(d, "count", 4);
    d = withAnswer(d, "count", undefined);
    expect(d.answers).toEqual({ served: true });
    expect(d.touched).toEqual(["served", "count"]);
    d = withAnswer({ ...d, respondent_name: "  Juana  " }, "rating", 2);
    const args = buildSubmitArgs(d, form, { gps: null, gps_error: "denied" });
    expect(args).toEqual({
      id: "r1",
      form_id: "f3",
      account_id: "a1",
      stop_id: null,
      request_id: null,
      trigger: "standalone",
      answers: { served: true, rating: 2 },
      respondent_name: "Juana",
      gps: null,
      gps_error: "denied",
      started_at: "2026-11-28T16:00:00.000Z",
    });
    expect(complaints(Q, args.answers, form.complaint_threshold)).toEqual(["rating"]);
  });

  it("a condition compares as JSON does: 1 is not true, '1' is not 1", () => {
    expect(visibleQuestions(Q, { served: 1 as unknown as boolean })).toEqual(["served", "count"]);
    expect(visibleQuestions(Q, { served: true, rating: "1" as unknown as number })).toEqual(["served", "rating", "count"]);
  });
});

describe("the Spanish for every code", () => {
  it("each answer and form problem has its message", () => {
    for (const c of ANSWER_PROBLEMS) expect(surveyFieldEs.problems[c], c).toMatch(/\S/);
    for (const c of FORM_PROBLEMS) expect(surveyOfficeEs.formProblems[c], c).toMatch(/\S/);
  });

  it("the catalogue is data only: it imports nothing and touches no browser global", () => {
    const file = join(dirname(fileURLToPath(import.meta.url)), "..", "src", "i18n", "es-surveys.ts");
    const code = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    expect(code).not.toMatch(/\bimport\b|\brequire\(/);
    expect(code).not.toMatch(/\b(window|document|localStorage|navigator|indexedDB)\b/);
  });
});
