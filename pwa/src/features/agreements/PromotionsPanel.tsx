/**
 * Promotions (programas de descuento): every office role sees them; the manager creates one
 * (with its approving act and, as JSON, who qualifies) and deactivates them. Phones quote with
 * them on their next pull; agreements already signed keep theirs.
 */
import { useState } from "preact/hooks";
import { es } from "../../i18n/es";
import { Spinner } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { createPromotion, deactivatePromotion, listPromotions } from "./api";
import { fmtDate } from "./Builder";

const O = es.agreements.office;
const KINDS = ["pct_off_accessories", "pct_off_principal", "freeze"] as const;

export function PromotionsPanel({ manager }: { manager: boolean }) {
  const l = useLoad(listPromotions, []);
  const [form, setForm] = useState({ name: "", kind: "pct_off_accessories", pct: "", valid_from: "", valid_until: "", approving_act: "", eligibility: "{}" });
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const set = (k: keyof typeof form) => (e: Event) => setForm((f) => ({ ...f, [k]: (e.currentTarget as HTMLInputElement).value }));

  const create = async () => {
    let eligibility: unknown;
    try {
      eligibility = form.eligibility.trim() ? JSON.parse(form.eligibility) : {};
    } catch {
      setMessage({ ok: false, text: O.policyJson });
      return;
    }
    setBusy("create");
    setMessage(null);
    try {
      await createPromotion({
        name: form.name.trim(),
        kind: form.kind,
        pct: form.kind === "freeze" ? "0" : form.pct.trim(),
        valid_from: form.valid_from || null,
        valid_until: form.valid_until || null,
        approving_act: form.approving_act.trim(),
        eligibility,
      });
      setMessage({ ok: true, text: O.promotionCreated });
      setForm((f) => ({ ...f, name: "", pct: "", approving_act: "" }));
      l.reload();
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    } finally {
      setBusy(null);
    }
  };

  const deactivate = async (id: string, name: string) => {
    if (!confirm(O.deactivateConfirm(name))) return;
    setBusy(id);
    try {
      await deactivatePromotion(id);
      l.reload();
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="promotions-title">
      <h3 id="promotions-title">{O.promotionsTitle}</h3>
      {l.busy && <Spinner />}
      {l.error && <p class="error">{l.error}</p>}
      {l.data && (
        <ul class="list" data-testid="promotions-list">
          {l.data.map((p) => (
            <li class="card" key={p.id} data-testid="promotion-row" data-promotion-id={p.id} data-active={p.active ? "true" : "false"}>
              <strong>{p.name}</strong> · {O.kinds[p.kind] ?? p.kind}
              {p.kind !== "freeze" && p.pct ? ` · ${Number(p.pct)}%` : ""} · <span class={`pill ${p.active ? "enviado" : "observado"}`}>{p.active ? O.active : O.inactive}</span>
              <div class="meta">
                {p.valid_from ? `desde ${fmtDate(p.valid_from)}` : ""} {p.valid_until ? `hasta ${fmtDate(p.valid_until)}` : ""}
                {p.approving_act ? ` · ${p.approving_act}` : ""}
              </div>
              {manager && p.active && (
                <button type="button" class="secondary" disabled={busy !== null} onClick={() => void deactivate(p.id, p.name)} data-testid="promotion-deactivate">
                  {O.deactivate}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {manager && (
        <fieldset data-testid="promotion-form">
          <legend>{O.promotionNew}</legend>
          <label for="promo-name">{O.promotionName}</label>
          <input id="promo-name" type="text" value={form.name} onInput={set("name")} maxLength={160} data-testid="promotion-name" />
          <label for="promo-kind">{O.promotionKind}</label>
          <select id="promo-kind" value={form.kind} onChange={set("kind")} data-testid="promotion-kind">
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {O.kinds[k]}
              </option>
            ))}
          </select>
          {form.kind !== "freeze" && (
            <>
              <label for="promo-pct">{O.promotionPct}</label>
              <input id="promo-pct" type="text" inputMode="decimal" value={form.pct} onInput={set("pct")} data-testid="promotion-pct" />
            </>
          )}
          <div class="grid2">
            <div>
              <label for="promo-from">{O.promotionFrom}</label>
              <input id="promo-from" type="date" value={form.valid_from} onInput={set("valid_from")} data-testid="promotion-valid-from" />
            </div>
            <div>
              <label for="promo-until">{O.promotionUntil}</label>
              <input id="promo-until" type="date" value={form.valid_until} onInput={set("valid_until")} data-testid="promotion-valid-until" />
            </div>
          </div>
          <label for="promo-act">{O.promotionAct}</label>
          <input id="promo-act" type="text" value={form.approving_act} onInput={set("approving_act")} maxLength={200} data-testid="promotion-act" />
          <label for="promo-elig">{O.promotionEligibility}</label>
          <textarea id="promo-elig" rows={4} spellcheck={false} value={form.eligibility} onInput={set("eligibility")} data-testid="promotion-eligibility" style={{ fontFamily: "monospace" }} />
          <p class="hint">p. ej. {'{"property_classes": ["domestic"], "min_months_past_due": 3, "exclude_prior_beneficiaries": true}'}</p>
          <div class="actions">
            <button type="button" onClick={() => void create()} disabled={busy !== null || form.name.trim().length < 3 || form.approving_act.trim().length < 3} data-testid="promotion-create">
              {busy === "create" ? <Spinner label="Guardando…" /> : O.promotionCreate}
            </button>
          </div>
        </fieldset>
      )}
      {message && (
        <p class={message.ok ? "hint" : "error"} role="status" data-testid="promotion-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
