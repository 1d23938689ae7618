/**
 * One question in the survey editor: its text, kind and "obligatoria"; the options of a choice
 * question; the range of a number; whether an answer is a complaint (and which) or the scale
 * measures satisfaction; and "Mostrar solo si" with an earlier question and one of its answers.
 * Its problems (live, and the server's) show under it.
 */
import { CHOICE_KINDS, QUESTION_KINDS, type QuestionKind, type SurveyQuestion } from "../../domain/survey-rules";
import { surveyFieldEs, surveyOfficeEs } from "../../i18n/es-surveys";
import { Check } from "../../ui/components";
import { addOption, COMPLAINT_KINDS, conditionCandidates, conditionOn, conditionValues } from "./editor-form";

const E = surveyOfficeEs.editor;

export interface QuestionEditorProps {
  q: SurveyQuestion;
  i: number;
  questions: readonly SurveyQuestion[];
  messages: string[];
  /** A change; a function gets the question as it is now (two inputs before a render must not undo each other). */
  onPatch: (patch: Partial<SurveyQuestion> | ((q: SurveyQuestion) => Partial<SurveyQuestion>)) => void;
  onKind: (kind: QuestionKind) => void;
  onMove: (dir: -1 | 1) => void;
  onRemove: () => void;
}

/** A condition's value travels typed (true, 3, "o1"); the select holds it as JSON. */
const enc = (v: unknown) => JSON.stringify(v);

const num = (s: string): number | null => (s.trim() === "" || !Number.isFinite(Number(s)) ? null : Number(s));

export function QuestionEditor({ q, i, questions, messages, onPatch, onKind, onMove, onRemove }: QuestionEditorProps) {
  const tid = `survey-edit-q-${i}`;
  const pid = `${tid}-problems`;
  const candidates = conditionCandidates(questions, i);
  const target = q.show_if ? questions.find((x) => x.id === q.show_if!.question) : undefined;
  const values = target ? conditionValues(target, E.yes, E.no, surveyFieldEs.scaleLabels) : [];
  const choice = CHOICE_KINDS.has(q.kind);
  const options = q.options ?? [];
  const setOption = (j: number, label: string) => onPatch((x) => ({ options: (x.options ?? []).map((o, k) => (k === j ? { ...o, label } : o)) }));
  const removeOption = (j: number) =>
    onPatch((x) => {
      const gone = x.options?.[j]?.value;
      return { options: (x.options ?? []).filter((_, k) => k !== j), complaint_values: (x.complaint_values ?? []).filter((v) => v !== gone) };
    });
  const toggleComplaintValue = (value: string, on: boolean) =>
    onPatch((x) => {
      const cur = (x.complaint_values ?? []).filter((v) => v !== value);
      return { complaint_values: on ? [...cur, value] : cur };
    });
  const invalid = messages.length ? true : undefined;

  return (
    <fieldset class="card survey-edit-question" data-testid={tid} data-qid={q.id} aria-invalid={invalid} aria-describedby={invalid ? pid : undefined}>
      <legend>
        {E.question(i + 1)} <span class="hint">({E.id}: {q.id})</span>
      </legend>
      <label for={`${tid}-label`}>{E.label}</label>
      <input id={`${tid}-label`} type="text" value={q.label} maxLength={300} onInput={(e) => onPatch({ label: (e.currentTarget as HTMLInputElement).value })} data-testid={`${tid}-label`} />
      <div class="grid2">
        <div>
          <label for={`${tid}-kind`}>{E.kind}</label>
          <select id={`${tid}-kind`} value={q.kind} onChange={(e) => onKind((e.currentTarget as HTMLSelectElement).value as QuestionKind)} data-testid={`${tid}-kind`}>
            {QUESTION_KINDS.map((k) => (
              <option key={k} value={k}>
                {surveyOfficeEs.kinds[k]}
              </option>
            ))}
          </select>
        </div>
        <Check id={`${tid}-required`} label={E.required} checked={q.required} onChange={(required) => onPatch({ required })} testid={`${tid}-required`} />
      </div>

      {choice && (
        <fieldset>
          <legend>{E.options}</legend>
          {options.map((o, j) => (
            <div class="survey-option" key={o.value}>
              <input type="text" aria-label={`${E.optionLabel} ${j + 1}`} value={o.label} maxLength={200} onInput={(e) => setOption(j, (e.currentTarget as HTMLInputElement).value)} data-testid={`${tid}-option-${j}`} />
              <button type="button" class="secondary" onClick={() => removeOption(j)} aria-label={`${E.removeOption} ${j + 1}`} data-testid={`${tid}-option-${j}-remove`}>
                ✕
              </button>
            </div>
          ))}
          <button type="button" class="secondary" onClick={() => onPatch((x) => ({ options: addOption(x).options }))} data-testid={`${tid}-add-option`}>
            {E.addOption}
          </button>
        </fieldset>
      )}

      {q.kind === "number" && (
        <div class="grid2">
          <div>
            <label for={`${tid}-min`}>{E.min}</label>
            <input id={`${tid}-min`} type="number" value={q.min ?? ""} onInput={(e) => onPatch({ min: num((e.currentTarget as HTMLInputElement).value) })} data-testid={`${tid}-min`} />
          </div>
          <div>
            <label for={`${tid}-max`}>{E.max}</label>
            <input id={`${tid}-max`} type="number" value={q.max ?? ""} onInput={(e) => onPatch({ max: num((e.currentTarget as HTMLInputElement).value) })} data-testid={`${tid}-max`} />
          </div>
        </div>
      )}

      {COMPLAINT_KINDS.has(q.kind) && (
        <Check id={`${tid}-complaint`} label={E.complaint} checked={!!q.complaint} onChange={(complaint) => onPatch({ complaint, ...(complaint ? {} : { complaint_values: [] }) })} testid={`${tid}-complaint`} />
      )}
      {q.complaint && choice && (
        <fieldset>
          <legend>{E.complaintValues}</legend>
          {options.map((o, j) => (
            <Check
              key={o.value}
              id={`${tid}-cv-${j}`}
              label={o.label || o.value}
              checked={(q.complaint_values ?? []).includes(o.value)}
              onChange={(on) => toggleComplaintValue(o.value, on)}
              testid={`${tid}-complaint-value-${j}`}
            />
          ))}
        </fieldset>
      )}
      {q.kind === "scale" && <Check id={`${tid}-satisfaction`} label={E.satisfaction} checked={!!q.satisfaction} onChange={(satisfaction) => onPatch({ satisfaction })} testid={`${tid}-satisfaction`} />}

      <div class="grid2">
        <div>
          <label for={`${tid}-showif-question`}>{E.showIf}</label>
          <select
            id={`${tid}-showif-question`}
            value={q.show_if?.question ?? ""}
            onChange={(e) => {
              const id = (e.currentTarget as HTMLSelectElement).value;
              const t = questions.find((x) => x.id === id);
              onPatch({ show_if: t ? conditionOn(t) : null });
            }}
            data-testid={`${tid}-showif-question`}
          >
            <option value="">{E.showIfAlways}</option>
            {candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {`${questions.indexOf(c) + 1}. ${c.label || c.id}`}
              </option>
            ))}
            {q.show_if && !candidates.some((c) => c.id === q.show_if!.question) && <option value={q.show_if.question}>{q.show_if.question}</option>}
          </select>
        </div>
        {q.show_if && (
          <div>
            <label for={`${tid}-showif-value`}>{E.showIfValue}</label>
            <select
              id={`${tid}-showif-value`}
              value={enc(q.show_if.equals)}
              onChange={(e) => {
                const equals = JSON.parse((e.currentTarget as HTMLSelectElement).value);
                onPatch((x) => (x.show_if ? { show_if: { question: x.show_if.question, equals } } : {}));
              }}
              data-testid={`${tid}-showif-value`}
            >
              {!values.some((x) => enc(x.value) === enc(q.show_if!.equals)) && <option value={enc(q.show_if.equals)}>{E.showIfPick}</option>}
              {values.map((x) => (
                <option key={enc(x.value)} value={enc(x.value)}>
                  {x.label}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>

      {messages.length > 0 && (
        <div id={pid} data-testid={`${tid}-problems`}>
          {messages.map((m, k) => (
            <p class="field-error" key={k}>
              {m}
            </p>
          ))}
        </div>
      )}

      <div class="actions">
        <button type="button" class="secondary" onClick={() => onMove(-1)} disabled={i === 0} aria-label={E.moveUp(i + 1)} data-testid={`${tid}-up`}>
          ↑ {E.up}
        </button>
        <button type="button" class="secondary" onClick={() => onMove(1)} disabled={i === questions.length - 1} aria-label={E.moveDown(i + 1)} data-testid={`${tid}-down`}>
          ↓ {E.down}
        </button>
        <button type="button" class="secondary" onClick={onRemove} aria-label={E.removeQuestion(i + 1)} data-testid={`${tid}-remove`}>
          {E.remove}
        </button>
      </div>
    </fieldset>
  );
}
