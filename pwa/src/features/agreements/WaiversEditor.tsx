/**
 * The agreement builder's manual waivers (condonaciones; only for roles the policy allows): one
 * card per waiver with the debt line it reduces, the amount and the reason, and "add".
 */
import { formatPesos, type Cents, type QuoteLine } from "../../domain/agreement-rules";
import { uuid } from "../../domain/ids";
import { es } from "../../i18n/es";
import type { WaiverDraft } from "./builder-draft";
import { FieldErrors } from "./FieldErrors";
import { conceptLabel, serviceLabel } from "./labels";

const T = es.agreements;

export function WaiversEditor({
  waivers,
  waivableLines,
  limit,
  errors,
  onChange,
}: {
  waivers: WaiverDraft[];
  /** The quote lines a waiver may reduce (waivable concept, something left to pay). */
  waivableLines: QuoteLine[];
  /** The role's limit; null = no limit. */
  limit: Cents | null;
  errors: string[];
  /** Change the waivers from the latest draft (two quick inputs must not undo each other). */
  onChange: (change: (ws: WaiverDraft[]) => WaiverDraft[]) => void;
}) {
  const setWaiver = (i: number, patch: Partial<WaiverDraft>) => onChange((ws) => ws.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  return (
    <fieldset data-testid="agreement-waivers">
      <legend>{T.waiversTitle}</legend>
      <p class="hint">{T.waiverLimit(limit === null ? null : formatPesos(limit))}</p>
      {waivers.map((w, i) => (
        <div class="card" key={w.key} data-testid="agreement-waiver">
          <label for={`waiver-line-${w.key}`}>{T.waiverLine}</label>
          <select id={`waiver-line-${w.key}`} value={w.line} data-testid="agreement-waiver-line" onChange={(e) => setWaiver(i, { line: (e.currentTarget as HTMLSelectElement).value })}>
            {waivableLines.map((l) => (
              <option key={`${l.service}|${l.concept}`} value={`${l.service}|${l.concept}`}>
                {serviceLabel(l.service)} · {conceptLabel(l.concept)} ({formatPesos(l.net)})
              </option>
            ))}
          </select>
          <label for={`waiver-amount-${w.key}`}>{T.waiverAmount}</label>
          <input id={`waiver-amount-${w.key}`} type="text" inputMode="decimal" value={w.amount} data-testid="agreement-waiver-amount" onInput={(e) => setWaiver(i, { amount: (e.currentTarget as HTMLInputElement).value })} />
          <label for={`waiver-reason-${w.key}`}>{T.waiverReason}</label>
          <input id={`waiver-reason-${w.key}`} type="text" value={w.reason} maxLength={300} data-testid="agreement-waiver-reason" onInput={(e) => setWaiver(i, { reason: (e.currentTarget as HTMLInputElement).value })} />
          <button type="button" class="secondary" onClick={() => onChange((ws) => ws.filter((_, j) => j !== i))} data-testid="agreement-waiver-remove">
            {T.waiverRemove}
          </button>
        </div>
      ))}
      <FieldErrors id="agreement-waivers-err" messages={errors} />
      {waivableLines.length > 0 && (
        <button
          type="button"
          class="secondary"
          onClick={() => onChange((ws) => [...ws, { key: uuid(), line: `${waivableLines[0].service}|${waivableLines[0].concept}`, amount: "", reason: "" }])}
          data-testid="agreement-waiver-add"
        >
          {T.waiverAdd}
        </button>
      )}
    </fieldset>
  );
}
