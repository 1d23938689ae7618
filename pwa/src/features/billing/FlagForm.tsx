/** The manager flags or unflags an account as a large consumer by hand and files it under a category (audited, with a reason). */
import { useState } from "preact/hooks";
import { Banner, Check, TextField } from "../../ui/components";
import { flagAccount } from "./api";
import { CATEGORY_LABELS, F } from "./texts";

export function FlagForm() {
  const [account, setAccount] = useState("");
  const [flagged, setFlagged] = useState(true);
  const [category, setCategory] = useState("");
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ kind: "info" | "bad"; text: string } | null>(null);
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setMsg(null);
    try {
      const r = await flagAccount(account, { flagged, category: category || null, reason: reason.trim() });
      setMsg({ kind: "info", text: F.saved(r.account_number, r.flagged) });
    } catch (err) {
      setMsg({ kind: "bad", text: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="billing-flag" onSubmit={save} aria-labelledby="billing-flag-title">
      <h3 id="billing-flag-title">{F.title}</h3>
      <TextField id="billing-flag-account" label={F.account} value={account} onInput={setAccount} testid="billing-flag-account" required />
      <Check id="billing-flag-on" label={F.flagged} checked={flagged} onChange={setFlagged} testid="billing-flag-on" />
      <label for="billing-flag-category">{F.category}</label>
      <select id="billing-flag-category" value={category} onChange={(e) => setCategory((e.target as HTMLSelectElement).value)} data-testid="billing-flag-category">
        <option value="">{F.none}</option>
        {Object.entries(CATEGORY_LABELS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
      </select>
      <TextField id="billing-flag-reason" label={F.reason} value={reason} onInput={setReason} testid="billing-flag-reason" required />
      <button type="submit" disabled={busy || !account.trim() || reason.trim().length < 3} data-testid="billing-flag-save">{F.save}</button>
      {msg && <Banner kind={msg.kind} testid="billing-flag-msg">{msg.text}</Banner>}
    </form>
  );
}
