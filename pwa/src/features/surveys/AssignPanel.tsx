/**
 * "Asignar a rutas" (manager): pick a day's routes and ask the survey at every stop or at a
 * sample; each stop gets a request that reaches its worker's phone with the route.
 */
import { useState } from "preact/hooks";
import type { ApiError } from "../../api/errors";
import { localDate } from "../../domain/time";
import { surveyOfficeEs } from "../../i18n/es-surveys";
import { Spinner } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { listRoutes } from "../fieldwork/api";
import { assignForm } from "./api";

const A = surveyOfficeEs.assign;

export function AssignPanel({ formKey }: { formKey: string }) {
  const [day, setDay] = useState(localDate());
  const [picked, setPicked] = useState<string[]>([]);
  const [mode, setMode] = useState<"every" | "sample">("every");
  const [percent, setPercent] = useState("20");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const routes = useLoad(() => listRoutes({ work_date: day }), [day]);

  const toggle = (id: string, on: boolean) => setPicked((cur) => (on ? [...new Set([...cur, id])] : cur.filter((x) => x !== id)));

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!picked.length) return setMessage({ ok: false, text: A.pickRoutes });
    const pct = Number(percent);
    if (mode === "sample" && !(Number.isInteger(pct) && pct >= 1 && pct <= 100)) return setMessage({ ok: false, text: A.badPercent });
    setBusy(true);
    setMessage(null);
    try {
      const out = await assignForm(formKey, mode === "sample" ? { route_ids: picked, mode, sample_percent: pct } : { route_ids: picked, mode });
      setMessage({ ok: true, text: A.done(out.requests_created, out.stops_considered) });
    } catch (err) {
      setMessage({ ok: false, text: (err as ApiError).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card" aria-labelledby="survey-assign-title" onSubmit={(e) => void submit(e)} data-testid="survey-assign">
      <h3 id="survey-assign-title">{A.title}</h3>
      <label for="survey-assign-day">{A.date}</label>
      <input
        id="survey-assign-day"
        type="date"
        value={day}
        onInput={(e) => {
          setDay((e.currentTarget as HTMLInputElement).value);
          setPicked([]);
        }}
        data-testid="survey-assign-day"
      />
      <fieldset>
        <legend>{A.routes}</legend>
        {routes.busy && <Spinner />}
        {routes.error && <p class="error">{routes.error}</p>}
        {routes.data && routes.data.length === 0 && <p class="hint">{A.noRoutes}</p>}
        {(routes.data ?? []).map((r) => (
          <label class="check" key={r.id}>
            <input type="checkbox" checked={picked.includes(r.id)} onChange={(e) => toggle(r.id, (e.currentTarget as HTMLInputElement).checked)} data-testid="survey-assign-route" data-route-id={r.id} />
            <span>
              {r.name}
              {r.worker_name ? ` · ${r.worker_name}` : ""} · {A.stops(r.progress?.total ?? 0)}
            </span>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{A.mode}</legend>
        {(["every", "sample"] as const).map((m) => (
          <label class="check" key={m}>
            <input type="radio" name="survey-assign-mode" checked={mode === m} onChange={() => setMode(m)} data-testid={`survey-assign-${m}`} />
            <span>{A[m]}</span>
          </label>
        ))}
        {mode === "sample" && (
          <>
            <label for="survey-assign-percent">{A.percent}</label>
            <input id="survey-assign-percent" type="number" min={1} max={100} value={percent} onInput={(e) => setPercent((e.currentTarget as HTMLInputElement).value)} data-testid="survey-assign-percent" />
          </>
        )}
      </fieldset>
      <button type="submit" disabled={busy} data-testid="survey-assign-submit">
        {busy ? <Spinner label={A.submit} /> : A.submit}
      </button>
      {message && (
        <p class={message.ok ? "banner info" : "error"} role={message.ok ? "status" : "alert"} data-testid="survey-assign-result">
          {message.text}
        </p>
      )}
    </form>
  );
}
