/** "Actualización disponible": the new version activates only when the person accepts AND the outbox is empty. */
import { view } from "../state/field";
import { isField } from "../state/session";
import { applyUpdate, updateWaiting } from "./sw-bridge";

export function UpdateBanner() {
  if (!updateWaiting.value) return null;
  const pending = isField.value ? view.value?.pending ?? 0 : 0;
  const unknown = isField.value && !view.value;
  const blocked = pending > 0 || unknown;
  return (
    <div class="banner info" role="status" data-testid="update-banner" data-blocked={blocked ? "true" : "false"}>
      <p>
        <strong>Actualización disponible.</strong>{" "}
        {blocked ? (
          <span data-testid="update-blocked-reason">
            {unknown ? "Espere a que abran los datos del teléfono." : `Primero sincronice: hay ${pending} registro(s) sin enviar.`}
          </span>
        ) : (
          "Se recargará la app."
        )}
      </p>
      <button type="button" onClick={applyUpdate} disabled={blocked} data-testid="update-apply">
        Actualizar
      </button>
    </div>
  );
}
