/** "Proponer corrección al padrón": what she saw differs from the registry; the office decides. */
import { useState } from "preact/hooks";
import { PROPERTY_CLASS_LABELS, PROPOSABLE_FIELD_LABELS } from "../../domain/outcomes";
import { uuid } from "../../domain/ids";
import { PROPOSABLE_FIELDS, type AccountRow, type ProposableField } from "../../domain/types";
import { proposeRegistryChange } from "../../mutations";
import { fieldDb } from "../../state/field";
import { TextField } from "../../ui/components";

/** The registry value she sees on the device for a field. */
export function seenValue(a: AccountRow, f: ProposableField): string {
  if (f === "holder_name") return a.holder_name ?? "";
  if (f === "property_class") return a.property_class ?? "";
  if (f === "meter_serial") return a.meter_serial ?? "";
  return "";
}

export function ProposeChange({ account, onDone }: { account: AccountRow; onDone: (msg: string) => void }) {
  const [field, setField] = useState<ProposableField>("holder_name");
  const [seen, setSeen] = useState(seenValue(account, "holder_name"));
  const [proposed, setProposed] = useState("");
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const pick = (f: ProposableField) => {
    setField(f);
    setSeen(seenValue(account, f));
    setProposed(f === "uninhabited" ? "true" : "");
  };

  const save = async (ev: Event) => {
    ev.preventDefault();
    const e: Record<string, string> = {};
    if (!proposed.trim()) e.proposed = "Anote el valor correcto.";
    if (!reason.trim()) e.reason = "Anote el motivo.";
    setErrors(e);
    if (Object.keys(e).length) return;
    setBusy(true);
    try {
      await proposeRegistryChange(fieldDb(), { id: uuid(), account_id: account.id, field, seen: seen.trim() || null, proposed: proposed.trim() || null, reason: reason.trim() });
      onDone("Propuesta de corrección guardada; la oficina la revisará.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={save} data-testid="propose-form" aria-labelledby="propose-title">
      <h3 id="propose-title">Proponer corrección al padrón</h3>
      <label for="propose-field">Dato</label>
      <select id="propose-field" value={field} onChange={(e) => pick((e.currentTarget as HTMLSelectElement).value as ProposableField)} data-testid="propose-field">
        {PROPOSABLE_FIELDS.map((f) => (
          <option value={f} key={f}>
            {PROPOSABLE_FIELD_LABELS[f]}
          </option>
        ))}
      </select>
      <TextField id="propose-seen" label="Valor en el padrón (lo que dice el teléfono)" value={seen} onInput={setSeen} testid="propose-seen" />
      {field === "property_class" ? (
        <>
          <label for="propose-proposed">Valor correcto</label>
          <select id="propose-proposed" value={proposed} onChange={(e) => setProposed((e.currentTarget as HTMLSelectElement).value)} data-testid="propose-proposed">
            <option value="">— elija —</option>
            {Object.entries(PROPERTY_CLASS_LABELS).map(([k, l]) => (
              <option value={k} key={k}>
                {l}
              </option>
            ))}
          </select>
          {errors.proposed && <p class="field-error">{errors.proposed}</p>}
        </>
      ) : field === "uninhabited" ? (
        <>
          <label for="propose-proposed">Valor correcto</label>
          <select id="propose-proposed" value={proposed} onChange={(e) => setProposed((e.currentTarget as HTMLSelectElement).value)} data-testid="propose-proposed">
            <option value="true">Sí, está deshabitada</option>
            <option value="false">No, está habitada</option>
          </select>
        </>
      ) : (
        <TextField id="propose-proposed" label="Valor correcto" value={proposed} onInput={setProposed} error={errors.proposed} testid="propose-proposed" />
      )}
      <TextField id="propose-reason" label="Motivo" value={reason} onInput={setReason} error={errors.reason} testid="propose-reason" multiline />
      <div class="actions">
        <button type="submit" disabled={busy} data-testid="propose-save">
          Guardar propuesta
        </button>
      </div>
    </form>
  );
}
