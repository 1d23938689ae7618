/**
 * The agreement policy in force (every office role reads it); the manager saves a new version
 * from its JSON (`PUT /api/v1/agreements/policy {rules, note}`). Older versions stay: signed
 * agreements keep theirs; phones receive the new one on their next pull.
 */
import { useEffect, useState } from "preact/hooks";
import { CONCEPT_LABELS } from "../../domain/agreement-rules";
import { PROPERTY_CLASS_LABELS } from "../../domain/outcomes";
import { es } from "../../i18n/es";
import { Spinner } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { getPolicy, putPolicy } from "./api";

const O = es.agreements.office;
const ROLE_LABELS: Record<string, string> = { notifier: "Notificador", cutter: "Cortador", social_worker: "Trabajo social", clerk: "Ventanilla", manager: "Encargada" };

export function PolicyPanel({ manager }: { manager: boolean }) {
  const p = useLoad(getPolicy, []);
  const [text, setText] = useState("");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    if (p.data) setText(JSON.stringify(p.data.rules, null, 2));
  }, [p.data]);

  const save = async () => {
    let rules: unknown;
    try {
      rules = JSON.parse(text);
    } catch {
      setMessage({ ok: false, text: O.policyJson });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const out = await putPolicy(rules, note.trim());
      setMessage({ ok: true, text: O.policySaved(out.version) });
      setNote("");
      p.reload();
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  if (p.busy && !p.data) return <Spinner />;
  if (p.error) return <p class="error">{p.error}</p>;
  if (!p.data) return null;
  const r = p.data.rules;
  return (
    <section aria-labelledby="agreement-policy-title" data-testid="agreement-policy" data-version={p.data.version}>
      <h3 id="agreement-policy-title">{O.policyTitle(p.data.version)}</h3>
      {p.data.note && <p class="hint">{p.data.note}</p>}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Clasificación</th>
              <th scope="col" class="num">
                Enganche mínimo
              </th>
              <th scope="col" class="num">
                Parcialidades máx.
              </th>
              <th scope="col" class="num">
                Días de gracia
              </th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(r.classes).map(([k, c]) => (
              <tr key={k}>
                <td>{k === "default" ? "Las demás" : PROPERTY_CLASS_LABELS[k] ?? k}</td>
                <td class="num">{c.down_payment_min_pct}%</td>
                <td class="num">{c.max_installments}</td>
                <td class="num">{c.grace_days}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        Conceptos que se pueden condonar: {(r.waivable_concepts ?? []).map((c) => CONCEPT_LABELS[c] ?? c).join(", ") || "ninguno"}.
      </p>
      <ul>
        {Object.entries(r.waiver_limits ?? {}).map(([role, limit]) => (
          <li key={role}>
            {ROLE_LABELS[role] ?? role}: {limit === null ? "sin límite" : limit === "promotion_only" ? "solo promociones" : `hasta $${limit}`}
          </li>
        ))}
      </ul>
      <p>{r.reinstate_waived_on_breach ? "Al incumplir, se restituye lo condonado." : "Al incumplir, no se restituye lo condonado."}</p>
      {manager && (
        <fieldset>
          <legend>{O.policyEdit}</legend>
          <label for="agreement-policy-json">{O.policyEdit}</label>
          <textarea id="agreement-policy-json" rows={16} spellcheck={false} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} data-testid="agreement-policy-json" style={{ fontFamily: "monospace" }} />
          <label for="agreement-policy-note">{O.policyNote}</label>
          <input id="agreement-policy-note" type="text" value={note} maxLength={300} onInput={(e) => setNote((e.currentTarget as HTMLInputElement).value)} data-testid="agreement-policy-note" />
          <div class="actions">
            <button type="button" onClick={() => void save()} disabled={busy || note.trim().length < 3} data-testid="agreement-policy-save">
              {busy ? <Spinner label="Guardando…" /> : O.policySave}
            </button>
          </div>
        </fieldset>
      )}
      {message && (
        <p class={message.ok ? "hint" : "error"} role="status" data-testid="agreement-policy-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
