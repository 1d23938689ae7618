/**
 * One question of a survey as the worker answers it at the door, with one hand: big radio
 * buttons (single), checkboxes (multiple), five big buttons 1–5 with their words (scale), two big
 * buttons Sí / No, a numeric field, or a text area; the question's problem in Spanish under it.
 */
import type { AnswerValue, SurveyQuestion } from "../../domain/survey-rules";
import { TEXT_MAX } from "../../domain/survey-rules";
import { surveyFieldEs as T } from "../../i18n/es-surveys";
import { parseNumberInput } from "./answer-draft";

export interface QuestionFieldProps {
  q: SurveyQuestion;
  n: number;
  value: AnswerValue | undefined;
  problem: string | null;
  onChange: (v: AnswerValue | undefined) => void;
}

/** The words of a scale score: the form's own option label for it, else "Muy malo" … "Muy bueno". */
function scaleLabel(q: SurveyQuestion, n: number): string {
  return q.options?.find((o) => String(o.value) === String(n))?.label ?? T.scaleLabels[n] ?? "";
}

export function QuestionField({ q, n, value, problem, onChange }: QuestionFieldProps) {
  const base = `survey-q-${q.id}`;
  const errId = `${base}-err`;
  const invalid = problem ? true : undefined;
  const describedBy = problem ? errId : undefined;
  let control;
  if (q.kind === "single" || q.kind === "multiple") {
    const multi = q.kind === "multiple";
    const chosen = multi ? (Array.isArray(value) ? value : []) : value;
    control = (
      <div class="choices">
        {(q.options ?? []).map((o) => {
          const on = multi ? (chosen as string[]).includes(o.value) : chosen === o.value;
          const toggle = () => {
            if (!multi) return onChange(o.value);
            const cur = chosen as string[];
            const next = on ? cur.filter((x) => x !== o.value) : [...cur, o.value];
            onChange(next.length ? next : undefined);
          };
          return (
            <label key={o.value} class={`choice ${on ? "is-on" : ""}`}>
              <input type={multi ? "checkbox" : "radio"} name={base} value={o.value} checked={on} onChange={toggle} data-testid={`${base}-${o.value}`} aria-describedby={describedBy} />
              <span>{o.label}</span>
            </label>
          );
        })}
      </div>
    );
  } else if (q.kind === "scale") {
    control = (
      <div class="survey-scale" role="group" aria-label={q.label}>
        {[1, 2, 3, 4, 5].map((s) => (
          <button type="button" key={s} aria-pressed={value === s} onClick={() => onChange(value === s ? undefined : s)} data-testid={`${base}-${s}`} aria-describedby={describedBy}>
            <strong>{s}</strong>
            <span>{scaleLabel(q, s)}</span>
          </button>
        ))}
      </div>
    );
  } else if (q.kind === "yes_no") {
    control = (
      <div class="survey-yesno" role="group" aria-label={q.label}>
        {[true, false].map((b) => (
          <button type="button" key={String(b)} aria-pressed={value === b} onClick={() => onChange(value === b ? undefined : b)} data-testid={`${base}-${b}`} aria-describedby={describedBy}>
            {b ? T.yes : T.no}
          </button>
        ))}
      </div>
    );
  } else if (q.kind === "number") {
    const hint = T.numberHint(q.min, q.max);
    control = (
      <>
        <input
          id={base}
          aria-labelledby={`${base}-label`}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          value={value === undefined ? "" : String(value)}
          onInput={(e) => onChange(parseNumberInput((e.currentTarget as HTMLInputElement).value))}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          data-testid={base}
        />
        {hint && <p class="hint">{hint}</p>}
      </>
    );
  } else {
    const text = typeof value === "string" ? value : "";
    control = (
      <>
        <textarea id={base} aria-labelledby={`${base}-label`} value={text} maxLength={TEXT_MAX} onInput={(e) => onChange((e.currentTarget as HTMLTextAreaElement).value)} aria-invalid={invalid} aria-describedby={describedBy} data-testid={base} />
        <p class="hint">{T.chars(text.length, TEXT_MAX)}</p>
      </>
    );
  }
  return (
    <fieldset class="card survey-question" data-testid="survey-question" data-qid={q.id} data-kind={q.kind} aria-invalid={invalid}>
      <legend id={`${base}-label`}>
        {`${n}. ${q.label}`}{" "}
        <span class={q.required ? "survey-required" : "hint"}>{q.required ? T.required : T.optional}</span>
      </legend>
      {control}
      {problem && (
        <p class="field-error" id={errId} data-testid={`${base}-problem`}>
          {problem}
        </p>
      )}
    </fieldset>
  );
}
