/**
 * "Emergencia declarada" (manager, on "Aplicar descuentos"): whether the emergency is declared
 * (`GET /emergency`) and the button that declares or lifts it (`PUT /emergency {declared}`),
 * after a confirmation that says what it means: while it lasts, social-discount beneficiaries
 * are never restricted or cut.
 */
import { useState } from "preact/hooks";
import { dateTime } from "../../domain/time";
import { discountsEs } from "../../i18n/es-discounts";
import { Spinner } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { getEmergency, setEmergency, type EmergencyState } from "./api";

const E = discountsEs.emergency;

export function EmergencySection() {
  const loaded = useLoad(getEmergency, []);
  const [saved, setSaved] = useState<EmergencyState | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const state = saved ?? loaded.data;

  const toggle = async () => {
    if (!state) return;
    const declared = !state.declared;
    if (!confirm(declared ? E.confirmDeclare : E.confirmLift)) return;
    setBusy(true);
    setError(null);
    try {
      setSaved(await setEmergency(declared));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="discount-emergency" aria-labelledby="discount-emergency-title" data-testid="discount-emergency" data-declared={state ? String(state.declared) : ""}>
      <h3 id="discount-emergency-title">{E.title}</h3>
      {loaded.busy && !state && <Spinner />}
      {loaded.error && !state && <p class="error">{loaded.error}</p>}
      {state && (
        <>
          <div class={`banner ${state.declared ? "warn" : "info"}`} role="status" data-testid="discount-emergency-state">
            <p>
              <strong>{state.declared ? E.declared : E.notDeclared}</strong>
            </p>
            <p>{E.explain}</p>
            {state.updated_at && <p class="meta">{E.since(dateTime(state.updated_at))}</p>}
          </div>
          <div class="actions">
            <button type="button" class={state.declared ? "secondary" : "danger"} disabled={busy} onClick={() => void toggle()} data-testid="discount-emergency-toggle">
              {busy ? <Spinner label={E.saving} /> : state.declared ? E.lift : E.declare}
            </button>
          </div>
        </>
      )}
      {error && (
        <p class="error" role="alert" data-testid="discount-emergency-error">
          {error}
        </p>
      )}
    </section>
  );
}
