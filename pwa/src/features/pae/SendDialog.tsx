/** "Enviar a PAE": the mandate number, the executing officer and the date for the selected debtors; the server refuses accounts already sent. */
import { useState } from "preact/hooks";
import { localDate } from "../../domain/time";
import { Spinner, TextField } from "../../ui/components";
import { sendToPae, type SendBody } from "./api";
import { T } from "./texts";

export interface SendDraft {
  mandate: string;
  officer: string;
  sentOn: string;
}

/** The request body, or the Spanish error of each field. */
export function checkSend(ids: string[], d: SendDraft, today = localDate()): { body: SendBody | null; errors: Partial<Record<keyof SendDraft, string>> } {
  const errors: Partial<Record<keyof SendDraft, string>> = {};
  if (!d.mandate.trim()) errors.mandate = T.needMandate;
  if (d.officer.trim().length < 3) errors.officer = T.needOfficer;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.sentOn)) errors.sentOn = T.needDate;
  else if (d.sentOn > today) errors.sentOn = T.futureDate;
  if (Object.keys(errors).length > 0) return { body: null, errors };
  return { body: { account_ids: ids, mandate_number: d.mandate.trim(), officer_name: d.officer.trim(), sent_on: d.sentOn }, errors };
}

export function SendDialog({ ids, onDone, onCancel }: { ids: string[]; onDone: (msg: string) => void; onCancel: () => void }) {
  const [d, setD] = useState<SendDraft>({ mandate: "", officer: "", sentOn: localDate() });
  const [errors, setErrors] = useState<Partial<Record<keyof SendDraft, string>>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const { body, errors: errs } = checkSend(ids, d);
    setErrors(errs);
    if (!body) return;
    setBusy(true);
    setError(null);
    try {
      const refs = await sendToPae(body);
      onDone(T.sentOk(refs.length, body.mandate_number));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="pae-dialog" role="dialog" aria-labelledby="pae-send-title" onSubmit={submit} data-testid="pae-send-dialog">
      <h3 id="pae-send-title">{T.sendTitle}</h3>
      <p class="hint">{T.selected(ids.length)}</p>
      <TextField id="pae-mandate" label={T.mandate} value={d.mandate} onInput={(v) => setD((x) => ({ ...x, mandate: v }))} error={errors.mandate} testid="pae-mandate" required />
      <TextField id="pae-officer" label={T.officer} value={d.officer} onInput={(v) => setD((x) => ({ ...x, officer: v }))} error={errors.officer} testid="pae-officer" required />
      <TextField id="pae-sent-on" label={T.sentOn} type="date" value={d.sentOn} onInput={(v) => setD((x) => ({ ...x, sentOn: v }))} error={errors.sentOn} testid="pae-sent-on" required />
      {error && (
        <p class="error" role="alert" data-testid="pae-send-error">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="submit" disabled={busy} data-testid="pae-send-confirm">
          {busy ? <Spinner label={T.sending} /> : T.confirm(ids.length)}
        </button>
        <button type="button" class="secondary" onClick={onCancel} data-testid="pae-send-cancel">
          {T.cancel}
        </button>
      </div>
    </form>
  );
}
