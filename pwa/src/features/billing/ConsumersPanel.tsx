/** "Grandes consumidores" of a period: each against its average, deviations highlighted, and the manager's three actions (validate, explain, send an inspection). */
import { useState } from "preact/hooks";
import { Banner, Pager, Spinner } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { type FieldWorker, listNotifiers } from "../fieldwork/api";
import { type ConsumerFilter, type LargeConsumer, type ReviewBody, listConsumers, reviewConsumer } from "./api";
import { B, CATEGORY_LABELS, CLASS_LABELS, pct } from "./texts";

type Form = { kind: "explain"; note: string } | { kind: "inspect"; worker: string; date: string } | null;

function tomorrow(): string {
  const d = new Date(Date.now() + 86400000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function Actions({ period, c, onDone }: { period: string; c: LargeConsumer; onDone: () => void }) {
  const [form, setForm] = useState<Form>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [workers, setWorkers] = useState<FieldWorker[] | null>(null);
  const tid = `billing-lc-${c.account_number}`;
  const send = async (body: ReviewBody) => {
    setBusy(true);
    setError(null);
    try {
      await reviewConsumer(period, c.account_id, body);
      setForm(null);
      onDone();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const openInspect = async () => {
    setForm({ kind: "inspect", worker: "", date: tomorrow() });
    if (!workers) listNotifiers().then(setWorkers, (e: Error) => setError(e.message));
  };
  return (
    <div class="billing-actions">
      <div class="actions">
        <button type="button" disabled={busy} onClick={() => send({ action: "validated" })} data-testid={`${tid}-validate`}>{B.validate}</button>
        <button type="button" class="secondary" disabled={busy} onClick={() => setForm({ kind: "explain", note: "" })} data-testid={`${tid}-explain`}>{B.explain}</button>
        <button type="button" class="secondary" disabled={busy} onClick={openInspect} data-testid={`${tid}-inspect`}>{B.inspect}</button>
      </div>
      {form?.kind === "explain" && (
        <div>
          <label for={`${tid}-note`}>{B.note}</label>
          <textarea id={`${tid}-note`} value={form.note} onInput={(e) => setForm({ kind: "explain", note: (e.target as HTMLTextAreaElement).value })} data-testid={`${tid}-note`} />
          <div class="actions">
            <button type="button" disabled={busy || !form.note.trim()} onClick={() => send({ action: "explained", note: form.note })} data-testid={`${tid}-send`}>{B.send}</button>
            <button type="button" class="secondary" onClick={() => setForm(null)}>{B.cancel}</button>
          </div>
        </div>
      )}
      {form?.kind === "inspect" && (
        <div>
          <label for={`${tid}-worker`}>{B.worker}</label>
          <select id={`${tid}-worker`} value={form.worker} onChange={(e) => setForm({ ...form, worker: (e.target as HTMLSelectElement).value })} data-testid={`${tid}-worker`}>
            <option value="">—</option>
            {(workers ?? []).map((w) => <option key={w.id} value={w.id}>{w.full_name}</option>)}
          </select>
          <label for={`${tid}-date`}>{B.workDate}</label>
          <input id={`${tid}-date`} type="date" value={form.date} onInput={(e) => setForm({ ...form, date: (e.target as HTMLInputElement).value })} data-testid={`${tid}-date`} />
          <div class="actions">
            <button type="button" disabled={busy || !form.worker || !form.date} onClick={() => send({ action: "inspection_sent", worker_id: form.worker, work_date: form.date })} data-testid={`${tid}-send`}>{B.send}</button>
            <button type="button" class="secondary" onClick={() => setForm(null)}>{B.cancel}</button>
          </div>
        </div>
      )}
      {error && <Banner kind="bad" testid={`${tid}-error`}>{error}</Banner>}
    </div>
  );
}

export function ConsumersPanel({ period, canDecide, refresh, onChange }: { period: string; canDecide: boolean; refresh: number; onChange: () => void }) {
  const [only, setOnly] = useState<ConsumerFilter>("all");
  const [page, setPage] = useState(1);
  const { data, error, busy, reload } = useLoad(() => listConsumers(period, only, page), [period, only, page, refresh]);
  const changed = () => {
    reload();
    onChange();
  };
  return (
    <section aria-labelledby="billing-lc-title">
      <h3 id="billing-lc-title">{B.consumers}</h3>
      <div class="actions" role="group">
        {(["all", "needs_validation", "pending"] as const).map((k) => (
          <button key={k} type="button" class={only === k ? "" : "secondary"} aria-pressed={only === k} onClick={() => { setOnly(k); setPage(1); }} data-testid={`billing-filter-${k}`}>{B.filter[k]}</button>
        ))}
      </div>
      {error && <Banner kind="bad">{error}</Banner>}
      {busy && !data && <Spinner />}
      {data && <p data-testid="billing-lc-summary">{B.consumersSummary(data.summary)}</p>}
      {data && data.items.length === 0 && <p class="hint">{B.noConsumers}</p>}
      {data && data.items.length > 0 && (
        <div class="table-wrap">
          <table data-testid="billing-lc">
            <thead>
              <tr>
                {[B.ccol.account, B.ccol.holder, B.ccol.m3, B.ccol.avg, B.ccol.dev, B.ccol.state, B.ccol.review].map((h) => <th scope="col" key={h}>{h}</th>)}
                {canDecide && <th scope="col">{B.ccol.actions}</th>}
              </tr>
            </thead>
            <tbody>
              {data.items.map((c) => (
                <tr key={c.account_id} class={c.needs_validation ? "billing-deviates" : ""} data-testid="billing-lc-row" data-pending={String(c.pending)}>
                  <td>{c.account_number}</td>
                  <td>
                    {c.holder}
                    <div class="hint">{[CLASS_LABELS[c.property_class] ?? c.property_class, c.category && CATEGORY_LABELS[c.category], c.neighborhood].filter(Boolean).join(" · ")}</div>
                  </td>
                  <td class="num">{c.consumption_m3}</td>
                  <td class="num">{c.average_m3 ?? "—"}<div class="hint">{B.months(c.history_months)}</div></td>
                  <td class="num">{pct(c.deviation)}</td>
                  <td>
                    {B.deviation[c.deviation_status]}
                    {c.pending && <strong class="billing-pending"> · {B.pendingTag}</strong>}
                  </td>
                  <td>{c.review ? `${B.actions[c.review.action]}${c.review.note ? `: ${c.review.note}` : ""}` : "—"}</td>
                  {canDecide && <td>{c.needs_validation && <Actions period={period} c={c} onDone={changed} />}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && <Pager page={data.page} pages={data.pages} onPage={setPage} testid="billing-lc-pager" />}
    </section>
  );
}
