/** Push on the sync screen: activated, deactivated (with "Activar"), blocked, or why not. */
import { useState } from "preact/hooks";
import { es } from "../../i18n/es";
import { enablePush, pushState, type PushUiState } from "./push";

const TEXT: Record<PushUiState, string> = {
  unknown: es.push.state.unknown,
  on: es.push.state.on,
  pending: es.push.state.pending,
  off: es.push.state.off,
  denied: es.push.state.denied,
  unsupported: es.push.state.unsupported,
  install: es.push.state.install,
  "no-key": es.push.state.noKey,
};

/** A `<dt>`/`<dd>` pair for the "Este teléfono" list. */
export function PushStatus() {
  const [busy, setBusy] = useState(false);
  const st = pushState.value;
  const enable = () => {
    setBusy(true);
    void enablePush().finally(() => setBusy(false));
  };
  return (
    <>
      <dt>{es.push.label}</dt>
      <dd data-testid="push-status" data-state={st}>
        <span class={st === "denied" ? "flag" : undefined}>{TEXT[st]}</span>
        {st === "off" && (
          <>
            {" "}
            <button type="button" class="secondary" onClick={enable} disabled={busy} aria-label={es.push.enable} data-testid="push-activate">
              {es.push.activate}
            </button>
          </>
        )}
      </dd>
    </>
  );
}
