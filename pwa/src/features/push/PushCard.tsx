/**
 * The card that explains push before the browser asks (never a bare prompt): shown after login
 * to field roles and managers while the permission is undecided and "Ahora no" is not holding.
 */
import { useState } from "preact/hooks";
import { es } from "../../i18n/es";
import { isField } from "../../state/session";
import { enablePush, pushOffer, snoozePush } from "./push";

export function PushCard() {
  const [busy, setBusy] = useState(false);
  if (pushOffer.value !== "card") return null;
  const enable = () => {
    setBusy(true);
    // enablePush asks the browser first thing, still inside this click (Safari requires it).
    void enablePush().finally(() => setBusy(false));
  };
  return (
    <section class="banner info push-card" aria-labelledby="push-card-title" data-testid="push-card">
      <div class="push-card-text">
        <h2 id="push-card-title">{es.push.cardTitle}</h2>
        <p>{isField.value ? es.push.cardField : es.push.cardManager}</p>
        <p class="hint">{es.push.cardNote}</p>
      </div>
      <div class="actions">
        <button type="button" onClick={enable} disabled={busy} aria-busy={busy} data-testid="push-enable">
          {es.push.enable}
        </button>
        <button type="button" class="secondary" onClick={() => void snoozePush()} disabled={busy} data-testid="push-later">
          {es.push.later}
        </button>
      </div>
    </section>
  );
}
