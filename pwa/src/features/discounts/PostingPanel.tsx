/**
 * "Aplicar descuentos" (manager): the declared emergency (EmergencySection), the month's posting
 * (`POST /postings {period}`, idempotent on the server) and "Generar renovaciones"
 * (`POST /renewals {as_of?}`), each with its result.
 */
import { useState } from "preact/hooks";
import { localDate } from "../../domain/time";
import { discountsEs } from "../../i18n/es-discounts";
import { Spinner } from "../../ui/components";
import { generateRenewals, postDiscounts, type PostingResult, type RenewalsResult } from "./api";
import { EmergencySection } from "./EmergencySection";
import { pesos } from "./office-parts";

const P = discountsEs.posting;

export function PostingPanel() {
  const [period, setPeriod] = useState(localDate().slice(0, 7));
  const [asOf, setAsOf] = useState("");
  const [busy, setBusy] = useState<"post" | "renew" | null>(null);
  const [posted, setPosted] = useState<PostingResult | null>(null);
  const [renewed, setRenewed] = useState<RenewalsResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const post = async () => {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period) || !confirm(P.confirm(period))) return;
    setBusy("post");
    setError(null);
    setPosted(null);
    try {
      setPosted(await postDiscounts(period));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const renew = async () => {
    setBusy("renew");
    setError(null);
    setRenewed(null);
    try {
      setRenewed(await generateRenewals(asOf));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="discount-posting-title">
      <EmergencySection />
      <h3 id="discount-posting-title">{P.title}</h3>
      <div class="actions" style={{ alignItems: "flex-end" }}>
        <div>
          <label for="discount-period">{P.period}</label>
          <input id="discount-period" type="month" value={period} onInput={(e) => setPeriod((e.currentTarget as HTMLInputElement).value)} data-testid="discount-period" />
        </div>
        <button type="button" disabled={!!busy || !period} onClick={() => void post()} data-testid="discount-post">
          {busy === "post" ? <Spinner label={P.running} /> : P.run}
        </button>
      </div>
      {posted && (
        <p class="banner info" role="status" data-testid="discount-post-result" data-posted={posted.posted} data-total={posted.total}>
          {P.result(posted.period, posted.posted, pesos(posted.total))}
        </p>
      )}

      <h3>{P.renewalsTitle}</h3>
      <p class="hint">{P.renewalsHint}</p>
      <div class="actions" style={{ alignItems: "flex-end" }}>
        <div>
          <label for="discount-renewals-as-of">{P.asOf}</label>
          <input id="discount-renewals-as-of" type="date" value={asOf} onInput={(e) => setAsOf((e.currentTarget as HTMLInputElement).value)} data-testid="discount-renewals-as-of" />
        </div>
        <button type="button" class="secondary" disabled={!!busy} onClick={() => void renew()} data-testid="discount-renewals">
          {busy === "renew" ? <Spinner label={P.renewalsRunning} /> : P.renewals}
        </button>
      </div>
      {renewed && (
        <div data-testid="discount-renewals-result" data-routes={renewed.routes} data-stops={renewed.stops}>
          <p class="banner info" role="status">
            {P.renewalsResult(renewed.routes, renewed.stops)}
            {renewed.left_for_later ? ` ${P.renewalsLeft(renewed.left_for_later)}` : ""}
          </p>
          {renewed.by_worker.length > 0 && (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{P.worker}</th>
                    <th scope="col" class="num">
                      {P.stops}
                    </th>
                    <th scope="col">{P.colonias}</th>
                  </tr>
                </thead>
                <tbody>
                  {renewed.by_worker.map((w, i) => (
                    <tr key={i} data-testid="discount-renewals-worker">
                      <td>{w.worker}</td>
                      <td class="num">{w.stops}</td>
                      <td>{w.colonias.join(", ")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
      {error && (
        <p class="error" role="alert" data-testid="discount-posting-error">
          {error}
        </p>
      )}
    </section>
  );
}
