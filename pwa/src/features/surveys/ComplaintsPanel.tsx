/**
 * "Quejas": the answers that expressed a complaint (a question marked as one, or a low score on a
 * satisfaction scale), open first; the manager closes each with a note of what was done.
 */
import { useState } from "preact/hooks";
import type { ApiError } from "../../api/errors";
import { dateTime } from "../../domain/time";
import { surveyOfficeEs } from "../../i18n/es-surveys";
import { Spinner } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { closeComplaint, listComplaints, type Complaint } from "./api";

const C = surveyOfficeEs.complaints;

function CloseForm({ c, onClosed, onCancel }: { c: Complaint; onClosed: () => void; onCancel: () => void }) {
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!note.trim()) return setError(C.noteRequired);
    setBusy(true);
    setError(null);
    try {
      await closeComplaint(c.id, note.trim());
      onClosed();
    } catch (err) {
      setError((err as ApiError).message);
    } finally {
      setBusy(false);
    }
  };
  const id = `complaint-note-${c.id}`;
  return (
    <form onSubmit={(e) => void submit(e)} data-testid="complaint-close-form">
      <label for={id}>{C.note}</label>
      <textarea id={id} value={note} maxLength={500} onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-err` : undefined} data-testid="complaint-note" />
      {error && (
        <p class="field-error" id={`${id}-err`} role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="submit" disabled={busy} data-testid="complaint-close-confirm">
          {busy ? <Spinner label={C.confirmClose} /> : C.confirmClose}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          {C.cancel}
        </button>
      </div>
    </form>
  );
}

export function ComplaintsPanel({ manager, onChanged }: { manager: boolean; onChanged?: () => void }) {
  const [status, setStatus] = useState<"open" | "closed">("open");
  const [closing, setClosing] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const l = useLoad(() => listComplaints(status), [status]);
  return (
    <section aria-labelledby="complaints-title" data-testid="survey-complaints">
      <h3 id="complaints-title">{C.title}</h3>
      <div class="tabs" role="group" aria-label={C.title}>
        {(["open", "closed"] as const).map((s) => (
          <button type="button" key={s} aria-pressed={status === s} onClick={() => setStatus(s)} data-testid={`complaints-${s}`}>
            {C[s]}
          </button>
        ))}
      </div>
      {done && (
        <p class="banner info" role="status">
          {done}
        </p>
      )}
      {l.busy && <Spinner />}
      {l.error && <p class="error">{l.error}</p>}
      {l.data && l.data.items.length === 0 && <p data-testid="complaints-empty">{C.empty}</p>}
      {l.data && l.data.items.length > 0 && (
        <ul class="list">
          {l.data.items.map((c) => (
            <li key={c.id} class="card" data-testid="complaint" data-complaint-id={c.id} data-status={c.status}>
              <div class="meta">
                {dateTime(c.created_at)} · {C.form}: {c.form_title}
              </div>
              <strong>
                {c.holder ?? "—"} · {C.account} {c.account_number ?? "—"}
              </strong>
              <p data-testid="complaint-summary">{c.summary}</p>
              {manager && c.status === "open" && closing !== c.id && (
                <button type="button" class="secondary" onClick={() => setClosing(c.id)} data-testid="complaint-close">
                  {C.close}
                </button>
              )}
              {closing === c.id && (
                <CloseForm
                  c={c}
                  onCancel={() => setClosing(null)}
                  onClosed={() => {
                    setClosing(null);
                    setDone(C.closedOk);
                    l.reload();
                    onChanged?.();
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
