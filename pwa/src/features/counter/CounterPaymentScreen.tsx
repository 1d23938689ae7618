/**
 * "Pago en caja" (office, lazy chunk; `#/pago/<cuenta>`): the account's header (number, holder,
 * balance, months past due), the payment form (amount, method, reference, paid-on date) posted
 * with one Idempotency-Key per form — a double click or a retry books one payment — then what it
 * paid (oldest first), the receipt number, "Imprimir recibo" (PDF) and "Nuevo pago".
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { localDate } from "../../domain/time";
import { navigate } from "../../state/router";
import { canWriteOffice } from "../../state/session";
import { Banner, Spinner, TextField } from "../../ui/components";
import { downloadAuthed } from "../disconnections/download";
import { CONCEPT_LABELS, PAYMENT_METHODS, SERVICE_LABELS, accountHeader, postPayment, receiptPath, type AccountHeader, type PaymentOut } from "./api";
import { checkPayment, dayLabel, newPaymentKey, periodLabel, pesos, type PaymentDraft, type PaymentErrors } from "./form";

function AccountPicker({ initial }: { initial: string }) {
  const [number, setNumber] = useState(initial);
  const submit = (e: Event) => {
    e.preventDefault();
    if (number.trim()) navigate(`/pago/${encodeURIComponent(number.trim())}`);
  };
  return (
    <form onSubmit={submit} class="actions" style={{ alignItems: "flex-end" }} data-testid="counter-pick">
      <div style={{ flex: 1, minWidth: "14rem" }}>
        <label for="counter-account">Número de cuenta</label>
        <input id="counter-account" type="text" autoComplete="off" value={number} onInput={(e) => setNumber((e.currentTarget as HTMLInputElement).value)} data-testid="counter-account-input" />
      </div>
      <button type="submit" disabled={!number.trim()} data-testid="counter-account-open">
        Abrir cuenta
      </button>
    </form>
  );
}

function Header({ acc }: { acc: AccountHeader }) {
  return (
    <section class="card" aria-labelledby="counter-account-title" data-testid="counter-header" data-account={acc.account_number}>
      <h3 id="counter-account-title">
        Cuenta {acc.account_number} · {acc.holder}
      </h3>
      <p>
        {acc.address}
        {acc.neighborhood ? `, col. ${acc.neighborhood}` : ""}
      </p>
      <div class="figures">
        <div class="figure" data-testid="counter-balance" data-value={acc.balance}>
          Saldo <span class="v">{pesos(acc.balance)}</span>
        </div>
        <div class="figure" data-testid="counter-months" data-value={acc.months_past_due}>
          Meses de atraso <span class="v">{acc.months_past_due}</span>
        </div>
      </div>
    </section>
  );
}

function Result({ p, replayed, onNew }: { p: PaymentOut; replayed: boolean; onNew: () => void }) {
  const [printing, setPrinting] = useState<string | null>(null);
  const newRef = useRef<HTMLButtonElement>(null);
  useEffect(() => newRef.current?.focus(), []);
  const print = async () => {
    setPrinting("…");
    try {
      await downloadAuthed(receiptPath(p.id), `recibo-${p.receipt_number}.pdf`);
      setPrinting(null);
    } catch (e) {
      setPrinting((e as Error).message || "No se pudo descargar el recibo.");
    }
  };
  return (
    <section class="card" aria-labelledby="counter-done-title" data-testid="counter-result" data-receipt={p.receipt_number} data-payment={p.id}>
      <h3 id="counter-done-title">Pago registrado · recibo {p.receipt_number}</h3>
      {replayed && <Banner kind="info">Este pago ya estaba registrado; no se cobró dos veces.</Banner>}
      <p>
        {pesos(p.amount)} · {PAYMENT_METHODS.find(([k]) => k === p.method)?.[1] ?? p.method}
        {p.reference ? ` · Ref. ${p.reference}` : ""} · {dayLabel(p.paid_on)}
      </p>
      <h4>Lo que pagó (primero lo más antiguo)</h4>
      <div class="table-wrap">
        <table data-testid="counter-allocations">
          <thead>
            <tr>
              <th scope="col">Periodo</th>
              <th scope="col">Servicio</th>
              <th scope="col">Concepto</th>
              <th scope="col" class="num">
                Importe
              </th>
            </tr>
          </thead>
          <tbody>
            {p.allocations.map((a) => (
              <tr key={a.charge_id} data-testid="counter-allocation">
                <td>{periodLabel(a.period)}</td>
                <td>{SERVICE_LABELS[a.service] ?? a.service}</td>
                <td>{CONCEPT_LABELS[a.concept] ?? a.concept}</td>
                <td class="num">{pesos(a.amount)}</td>
              </tr>
            ))}
            {Number(p.unapplied) > 0 && (
              <tr data-testid="counter-unapplied">
                <td colSpan={3}>Saldo a favor</td>
                <td class="num">{pesos(p.unapplied)}</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <p data-testid="counter-balance-after" data-value={p.balance_after}>
        Saldo después del pago: <strong>{pesos(p.balance_after)}</strong>
      </p>
      {printing && printing !== "…" && <p class="error">{printing}</p>}
      <div class="actions">
        <button type="button" onClick={() => void print()} disabled={printing === "…"} data-testid="counter-print">
          Imprimir recibo
        </button>
        <button type="button" class="secondary" ref={newRef} onClick={onNew} data-testid="counter-new">
          Nuevo pago
        </button>
      </div>
    </section>
  );
}

function PaymentForm({ acc, onPaid }: { acc: AccountHeader; onPaid: (p: PaymentOut, replayed: boolean) => void }) {
  const today = localDate();
  const [draft, setDraft] = useState<PaymentDraft>({ amount: "", method: "cash", reference: "", paidOn: today });
  const [errors, setErrors] = useState<PaymentErrors>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [keyUsed, setKeyUsed] = useState(false);
  // One key per form: a retry after a lost answer, or a second click, books the payment once.
  const key = useRef(newPaymentKey());
  const sending = useRef(false);
  useEffect(() => document.getElementById("counter-amount")?.focus(), []);
  const set = (k: keyof PaymentDraft) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const submit = async (e: Event) => {
    e.preventDefault();
    if (sending.current) return;
    const { body, errors: errs } = checkPayment(draft, today);
    setErrors(errs);
    if (!body) return;
    sending.current = true;
    setBusy(true);
    setFailure(null);
    try {
      const r = await postPayment(acc.id, body, key.current);
      onPaid(r.payment, r.replayed);
    } catch (err) {
      const fields = ((err as { body?: { errors?: Record<string, string[]> } }).body?.errors ?? {}) as Record<string, string[]>;
      setErrors({ amount: fields.amount?.[0], method: fields.method?.[0], reference: fields.reference?.[0], paidOn: fields.paid_on?.[0] });
      const reused = (err as { errorCode?: string }).errorCode === "IDEMPOTENCY_KEY_REUSED";
      setKeyUsed(reused);
      setFailure(reused ? "Este formulario ya registró un pago con otros datos. Revise el estado de cuenta antes de cobrar de nuevo; para otro pago use «Nuevo pago»." : (err as Error).message || "No se pudo registrar el pago.");
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };
  return (
    <form class="card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="counter-form-title" data-testid="counter-form">
      <h3 id="counter-form-title">Registrar pago</h3>
      <div class="grid2">
        <TextField id="counter-amount" label="Importe (pesos)" value={draft.amount} onInput={set("amount")} error={errors.amount} inputMode="decimal" testid="counter-amount" required placeholder="0.00" autoComplete="off" />
        <div>
          <label for="counter-method">Forma de pago</label>
          <select id="counter-method" value={draft.method} onChange={(e) => set("method")((e.currentTarget as HTMLSelectElement).value)} data-testid="counter-method" aria-invalid={errors.method ? true : undefined}>
            {PAYMENT_METHODS.map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
          {errors.method && <p class="field-error">{errors.method}</p>}
        </div>
        <TextField id="counter-reference" label="Referencia (autorización, folio, cheque)" value={draft.reference} onInput={set("reference")} error={errors.reference} testid="counter-reference" autoComplete="off" />
        <TextField id="counter-paid-on" label="Fecha de pago" type="date" value={draft.paidOn} onInput={set("paidOn")} error={errors.paidOn} testid="counter-paid-on" required />
      </div>
      {failure && (
        <Banner kind="bad" testid="counter-failure">
          <p>{failure}</p>
          {keyUsed ? (
            <button
              type="button"
              class="secondary"
              onClick={() => {
                key.current = newPaymentKey();
                setKeyUsed(false);
                setFailure(null);
              }}
              data-testid="counter-new-key"
            >
              Nuevo pago
            </button>
          ) : (
            <p class="hint">Puede reintentar: el pago no se registrará dos veces.</p>
          )}
        </Banner>
      )}
      <div class="actions">
        <button type="submit" disabled={busy} data-testid="counter-submit">
          {busy ? <Spinner label="Registrando…" /> : failure ? "Reintentar" : "Registrar pago"}
        </button>
      </div>
    </form>
  );
}

export default function CounterPaymentScreen({ accountId }: { accountId?: string }) {
  const [acc, setAcc] = useState<AccountHeader | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ p: PaymentOut; replayed: boolean } | null>(null);
  const [formKey, setFormKey] = useState(0);
  const load = (ref: string) => {
    setError(null);
    accountHeader(ref).then(setAcc, (e: Error) => setError(e.message || "No se pudo abrir la cuenta."));
  };
  useEffect(() => {
    setAcc(null);
    setDone(null);
    if (accountId) load(accountId);
  }, [accountId]);
  const again = () => {
    setDone(null);
    setFormKey((n) => n + 1);
    if (accountId) load(accountId);
  };
  return (
    <section aria-labelledby="counter-title" data-testid="counter-screen">
      <h2 id="counter-title">Pago en caja</h2>
      <AccountPicker key={acc?.account_number ?? ""} initial={acc?.account_number ?? ""} />
      {!canWriteOffice.value && <Banner kind="info">Su usuario puede consultar, pero no registrar pagos.</Banner>}
      {accountId && !acc && !error && <Spinner />}
      {error && (
        <Banner kind="bad" testid="counter-error">
          <p>{error}</p>
        </Banner>
      )}
      {acc && <Header acc={acc} />}
      {acc && done && <Result p={done.p} replayed={done.replayed} onNew={again} />}
      {acc && !done && canWriteOffice.value && <PaymentForm key={formKey} acc={acc} onPaid={(p, replayed) => setDone({ p, replayed })} />}
    </section>
  );
}
