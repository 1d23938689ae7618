/**
 * "Proponer cargo extraordinario" (clerk, manager): account number, kind, service, amount, work
 * reference, description, due date and up to six photos of the work (uploaded first, with a count).
 */
import { useState } from "preact/hooks";
import { formatCents } from "../../domain/money-dates";
import { parsePesosInput } from "../../domain/agreement-terms";
import { Banner, Spinner, TextField } from "../../ui/components";
import { KINDS, SERVICES, proposeCharge, type ChargeProposal, type ExtraordinaryCharge } from "./api";
import { PhotoPicker } from "./ChargePhotos";
import { uploadPhotos, type PreparedPhoto } from "./photos";

interface Draft {
  account: string;
  kind: string;
  service: string;
  amount: string;
  work_reference: string;
  description: string;
  due_date: string;
}

type Errors = Partial<Record<keyof Draft | "photos", string>>;

const EMPTY: Draft = { account: "", kind: "extension", service: "other", amount: "", work_reference: "", description: "", due_date: "" };

/** The draft → the API body, or Spanish errors per field. */
export function checkCharge(d: Draft): { body: Omit<ChargeProposal, "photos"> | null; errors: Errors } {
  const errors: Errors = {};
  if (!d.account.trim()) errors.account = "Escriba el número de cuenta.";
  const cents = d.amount.trim() ? parsePesosInput(d.amount.trim()) : null;
  if (!d.amount.trim()) errors.amount = "Escriba el importe.";
  else if (cents === null) errors.amount = "Escriba un importe válido con hasta dos decimales.";
  else if (cents <= 0) errors.amount = "El importe debe ser mayor que cero.";
  if (d.description.trim().length < 3) errors.description = "Describa el cargo (al menos 3 caracteres).";
  if (d.work_reference.trim().length > 60) errors.work_reference = "Hasta 60 caracteres.";
  if (Object.keys(errors).length || cents === null) return { body: null, errors };
  return {
    body: {
      account: d.account.trim(),
      kind: d.kind,
      service: d.service,
      amount: formatCents(cents),
      work_reference: d.work_reference.trim() || null,
      description: d.description.trim(),
      due_date: d.due_date || null,
    },
    errors,
  };
}

export function ProposeChargeForm({ onDone, onCancel }: { onDone: (c: ExtraordinaryCharge) => void; onCancel: () => void }) {
  const [d, setD] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [photos, setPhotos] = useState<PreparedPhoto[]>([]);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const set = (k: keyof Draft) => (v: string) => setD((x) => ({ ...x, [k]: v }));
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const { body, errors: errs } = checkCharge(d);
    setErrors(errs);
    if (!body) return;
    setBusy(true);
    setFailure(null);
    try {
      // The photos go up first, so the manager sees them as soon as the proposal is listed.
      if (photos.length) await uploadPhotos(photos, (done, total) => setProgress({ done, total }));
      setProgress(null);
      onDone(await proposeCharge({ ...body, photos: photos.map((p) => p.sha256) }));
    } catch (err) {
      setProgress(null);
      const fields = ((err as { body?: { errors?: Record<string, string[]> } }).body?.errors ?? {}) as Record<string, string[]>;
      setErrors(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v?.[0]])) as Errors);
      setFailure((err as Error).message || "No se pudo proponer el cargo.");
    } finally {
      setBusy(false);
    }
  };
  const select = (id: keyof Draft, label: string, options: [string, string][]) => (
    <div>
      <label for={`charge-${id}`}>{label}</label>
      <select id={`charge-${id}`} value={d[id]} onChange={(e) => set(id)((e.currentTarget as HTMLSelectElement).value)} data-testid={`charge-${id}`}>
        {options.map(([k, l]) => (
          <option key={k} value={k}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form class="card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="charge-form-title" data-testid="charge-form">
      <h3 id="charge-form-title">Proponer cargo extraordinario</h3>
      <p class="hint">Queda como propuesto; llega al estado de cuenta solo cuando la encargada lo autoriza.</p>
      <div class="grid2">
        <TextField id="charge-account" label="Número de cuenta" value={d.account} onInput={set("account")} error={errors.account} testid="charge-account" required autoComplete="off" />
        {select("kind", "Tipo", KINDS)}
        {select("service", "Servicio", SERVICES)}
        <TextField id="charge-amount" label="Importe (pesos)" value={d.amount} onInput={set("amount")} error={errors.amount} inputMode="decimal" testid="charge-amount" required autoComplete="off" />
        <TextField id="charge-work-reference" label="Referencia de la obra (orden de trabajo)" value={d.work_reference} onInput={set("work_reference")} error={errors.work_reference} testid="charge-work-reference" autoComplete="off" />
        <TextField id="charge-due-date" label="Vencimiento (opcional)" type="date" value={d.due_date} onInput={set("due_date")} error={errors.due_date} testid="charge-due-date" />
      </div>
      <TextField id="charge-description" label="Descripción" value={d.description} onInput={set("description")} error={errors.description} testid="charge-description" required multiline />
      <PhotoPicker photos={photos} onChange={setPhotos} disabled={busy} />
      {errors.photos && <p class="field-error">{errors.photos}</p>}
      {failure && (
        <Banner kind="bad" testid="charge-failure">
          <p>{failure}</p>
        </Banner>
      )}
      <div class="actions">
        <button type="submit" disabled={busy} data-testid="charge-submit">
          {busy ? <Spinner label={progress ? `Subiendo fotos: ${progress.done} de ${progress.total}` : "Enviando…"} /> : "Proponer cargo"}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          Cancelar
        </button>
      </div>
    </form>
  );
}
