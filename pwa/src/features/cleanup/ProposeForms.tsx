/** The manager's two proposals from a suspect row: a reclassification (class, status, flags) and a write-off (all open charges or the ones marked, an amount, a reason). */
import { useState } from "preact/hooks";
import { Spinner } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { dayLabel, pesos, periodLabel } from "../counter/form";
import { openCharges, proposeReclassification, proposeWriteOff, type Proposal, type Suspect } from "./api";
import { CLASSES, STATUSES, T } from "./texts";

interface FormProps {
  row: Suspect;
  onCancel: () => void;
  onDone: (p: Proposal, msg: string) => void;
}

function useSubmit(onDone: FormProps["onDone"]) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (fn: () => Promise<Proposal>, msg: (p: Proposal) => string) => {
    setBusy(true);
    setError(null);
    try {
      const p = await fn();
      onDone(p, msg(p));
    } catch (e) {
      setError((e as Error).message || "No se pudo enviar la propuesta.");
    }
    setBusy(false);
  };
  return { busy, error, setError, submit };
}

function Reason({ id, value, onInput }: { id: string; value: string; onInput: (v: string) => void }) {
  return (
    <p>
      <label for={id}>{T.reason}</label>{" "}
      <input id={id} type="text" maxLength={500} value={value} onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)} data-testid="cleanup-form-reason" />
      <span class="hint"> {T.reasonHint}</span>
    </p>
  );
}

function Select({ id, label, value, options, onChange }: { id: string; label: string; value: string; options: [string, string][]; onChange: (v: string) => void }) {
  return (
    <span>
      <label for={id}>{label}</label>{" "}
      <select id={id} value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)} data-testid={id}>
        <option value="">{T.noChange}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </span>
  );
}

/** The changes a reclassification form holds, without the untouched fields. */
export function reclassChanges(v: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== ""));
}

export function ReclassifyForm({ row, onCancel, onDone }: FormProps) {
  const [values, setValues] = useState<Record<string, string>>({ property_class: "", status: "", uninhabited: "", built: "" });
  const [reason, setReason] = useState("");
  const { busy, error, setError, submit } = useSubmit(onDone);
  const set = (k: string) => (v: string) => setValues({ ...values, [k]: v });
  const yesNo: [string, string][] = [["sí", T.yes], ["no", T.no]];
  const send = () => {
    const changes = reclassChanges(values);
    if (Object.keys(changes).length === 0) return setError(T.needChange);
    if (reason.trim().length < 3) return setError(T.needReason);
    void submit(() => proposeReclassification({ account: row.account_number, changes, reason: reason.trim(), suspect_kind: row.kind }), () => T.reclassSent(row.account_number));
  };
  return (
    <div class="cleanup-form" data-testid="cleanup-reclass-form">
      <div class="actions">
        <Select id="cleanup-class" label={T.newClass} value={values.property_class} options={CLASSES} onChange={set("property_class")} />
        <Select id="cleanup-status" label={T.newStatus} value={values.status} options={STATUSES} onChange={set("status")} />
        <Select id="cleanup-uninhabited" label={T.uninhabited} value={values.uninhabited} options={yesNo} onChange={set("uninhabited")} />
        <Select id="cleanup-built" label={T.built} value={values.built} options={yesNo} onChange={set("built")} />
      </div>
      <Reason id={`cleanup-reason-${row.account_id}`} value={reason} onInput={setReason} />
      <Buttons busy={busy} onSend={send} onCancel={onCancel} />
      {error && <p class="error" data-testid="cleanup-form-error">{error}</p>}
    </div>
  );
}

function Buttons({ busy, onSend, onCancel }: { busy: boolean; onSend: () => void; onCancel: () => void }) {
  return (
    <div class="actions">
      <button type="button" disabled={busy} onClick={onSend} data-testid="cleanup-form-send">
        {busy ? <Spinner label={T.sending} /> : T.send}
      </button>
      <button type="button" class="secondary" onClick={onCancel}>
        {T.cancel}
      </button>
    </div>
  );
}

export function WriteOffForm({ row, onCancel, onDone }: FormProps) {
  const charges = useLoad(() => openCharges(row.account_id), [row.account_id]);
  const [all, setAll] = useState(true);
  const [picked, setPicked] = useState<Set<number>>(new Set());
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const { busy, error, setError, submit } = useSubmit(onDone);
  const toggle = (id: number) => {
    const next = new Set(picked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setPicked(next);
  };
  const send = () => {
    if (!all && picked.size === 0) return setError(T.pickOne);
    if (reason.trim().length < 3) return setError(T.needReason);
    const body = { account: row.account_number, charge_ids: all ? null : [...picked].sort((a, b) => a - b), amount: amount.trim().replace(/[$,\s]/g, "") || null, reason: reason.trim(), suspect_kind: row.kind };
    void submit(() => proposeWriteOff(body), (p) => T.writeOffSent(row.account_number, pesos(p.amount)));
  };
  return (
    <div class="cleanup-form" data-testid="cleanup-writeoff-form">
      <div class="actions" role="radiogroup">
        <label>
          <input type="radio" name={`cleanup-scope-${row.account_id}`} checked={all} onChange={() => setAll(true)} data-testid="cleanup-scope-all" /> {T.allOpen}
        </label>
        <label>
          <input type="radio" name={`cleanup-scope-${row.account_id}`} checked={!all} onChange={() => setAll(false)} data-testid="cleanup-scope-some" /> {T.someOpen}
        </label>
      </div>
      {charges.busy && <Spinner label={T.loadingCharges} />}
      {charges.error && <p class="error">{charges.error}</p>}
      {!all && charges.data && (
        <ul class="cleanup-charges">
          {charges.data.map((c) => (
            <li key={c.id}>
              <label>
                <input type="checkbox" checked={picked.has(c.id)} onChange={() => toggle(c.id)} data-testid="cleanup-charge" data-id={c.id} /> {periodLabel(c.period)} · {c.concept} · vence {dayLabel(c.due_date)} · {pesos(c.open_amount)}
              </label>
            </li>
          ))}
        </ul>
      )}
      <p>
        <label for={`cleanup-amount-${row.account_id}`}>{T.amount}</label>{" "}
        <input id={`cleanup-amount-${row.account_id}`} type="text" inputMode="decimal" value={amount} onInput={(e) => setAmount((e.currentTarget as HTMLInputElement).value)} data-testid="cleanup-amount" />
      </p>
      <Reason id={`cleanup-wo-reason-${row.account_id}`} value={reason} onInput={setReason} />
      <Buttons busy={busy} onSend={send} onCancel={onCancel} />
      {error && <p class="error" data-testid="cleanup-form-error">{error}</p>}
    </div>
  );
}
