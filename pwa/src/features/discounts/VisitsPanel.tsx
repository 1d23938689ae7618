/**
 * "Visitas" (office: manager, clerk): a customer asked for the discount at the counter, the office
 * sends a social worker to the home (`POST /visits`). The account numbers (one a line, or
 * separated by commas), the social worker and the day (today by default); the answer names the
 * route made, its stops and the accounts skipped because a visit is already pending for them.
 */
import { useState } from "preact/hooks";
import { ApiError } from "../../api/errors";
import { localDate } from "../../domain/time";
import { discountsEs } from "../../i18n/es-discounts";
import { Spinner } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { assignVisits, listSocialWorkers, parseAccountNumbers, type VisitsResult } from "./api";

const V = discountsEs.visits;
const MAX_ACCOUNTS = 200;

/** The server's Spanish message, with its field messages when it gives some. */
function errorText(e: unknown): string {
  const message = (e as Error).message;
  const errors = e instanceof ApiError ? (e.body as { errors?: Record<string, unknown> } | null)?.errors : null;
  const fields = Object.values(errors ?? {})
    .flatMap((v) => (Array.isArray(v) ? v : v && typeof v === "object" ? Object.values(v).flat() : [v]))
    .filter((t): t is string => typeof t === "string" && t !== message);
  return [message, ...new Set(fields)].join(" ");
}

export function VisitsPanel() {
  const workers = useLoad(listSocialWorkers, []);
  const [text, setText] = useState("");
  const [worker, setWorker] = useState("");
  const [day, setDay] = useState(localDate());
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<VisitsResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const numbers = parseAccountNumbers(text);

  const submit = async (e: Event) => {
    e.preventDefault();
    setResult(null);
    const problem = !numbers.length ? V.noAccounts : numbers.length > MAX_ACCOUNTS ? V.tooMany(MAX_ACCOUNTS) : !worker ? V.noWorker : !day ? V.noDate : null;
    setError(problem);
    if (problem) return;
    setBusy(true);
    try {
      setResult(await assignVisits(numbers, worker, day));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="discount-visits-title">
      <h3 id="discount-visits-title">{V.title}</h3>
      <p class="hint">{V.hint}</p>
      <form onSubmit={(e) => void submit(e)} data-testid="discount-visit-form" noValidate>
        <label for="discount-visit-accounts">{V.accounts}</label>
        <textarea id="discount-visit-accounts" rows={5} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} data-testid="discount-visit-accounts" aria-describedby="discount-visit-count" />
        <p class="hint" id="discount-visit-count" data-testid="discount-visit-count" data-count={numbers.length}>
          {V.count(numbers.length)}
        </p>
        <label for="discount-visit-worker">{V.worker}</label>
        <select id="discount-visit-worker" value={worker} onChange={(e) => setWorker((e.currentTarget as HTMLSelectElement).value)} data-testid="discount-visit-worker" disabled={!workers.data}>
          <option value="">{workers.busy ? V.loadingWorkers : V.chooseWorker}</option>
          {(workers.data ?? []).map((w) => (
            <option key={w.id} value={w.id}>
              {w.full_name}
            </option>
          ))}
        </select>
        {workers.error && <p class="error">{workers.error}</p>}
        {workers.data && workers.data.length === 0 && (
          <p class="error" data-testid="discount-visit-no-workers">
            {V.noWorkers}
          </p>
        )}
        <label for="discount-visit-date">{V.date}</label>
        <input id="discount-visit-date" type="date" value={day} min={localDate()} onInput={(e) => setDay((e.currentTarget as HTMLInputElement).value)} data-testid="discount-visit-date" />
        <div class="actions">
          <button type="submit" disabled={busy} data-testid="discount-visit-submit">
            {busy ? <Spinner label={V.sending} /> : V.submit}
          </button>
        </div>
      </form>
      {error && (
        <p class="error" role="alert" data-testid="discount-visit-error">
          {error}
        </p>
      )}
      {result && (
        <div class="banner info" role="status" data-testid="discount-visit-result" data-route={result.route_name ?? ""} data-stops={result.stops} data-skipped={result.skipped.length}>
          <p>{result.route_name ? V.made(result.route_name, result.stops) : V.none}</p>
          {result.skipped.length > 0 && <p data-testid="discount-visit-skipped">{V.skipped(result.skipped.join(", "))}</p>}
        </div>
      )}
    </section>
  );
}
