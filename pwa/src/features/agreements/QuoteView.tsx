/** The payoff quote of the agreement builder: lines by service and concept, promotions, the total to settle today. */
import { formatCents, formatPesos, type Promotion } from "../../domain/agreement-rules";
import type { TermsPlan } from "../../domain/agreement-terms";
import { es } from "../../i18n/es";
import { conceptLabel, fmtDate, serviceLabel } from "./labels";

const T = es.agreements;

/** The quote: lines by service and concept, promotions, the total to settle today. */
export function QuoteView({ plan, promotions }: { plan: TermsPlan; promotions: (Promotion & { valid_until: string | null })[] }) {
  const q = plan.quote;
  const services = Object.keys(q.by_service);
  const hasDiscount = q.discount_total > 0;
  return (
    <section class="card" aria-labelledby="agreement-quote-title" data-testid="agreement-quote">
      <h3 id="agreement-quote-title">{T.quoteTitle}</h3>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{T.concept}</th>
              <th scope="col" class="num">
                {T.amount}
              </th>
              {hasDiscount && (
                <th scope="col" class="num">
                  {T.discount}
                </th>
              )}
              <th scope="col" class="num">
                {T.net}
              </th>
            </tr>
          </thead>
          {services.map((s) => (
            <tbody key={s} data-testid="agreement-quote-service" data-service={s}>
              <tr>
                <th scope="rowgroup" colSpan={hasDiscount ? 3 : 2}>
                  {serviceLabel(s)}
                </th>
                <th class="num">{formatPesos(q.by_service[s])}</th>
              </tr>
              {q.lines
                .filter((l) => l.service === s)
                .map((l) => (
                  <tr key={`${l.service}|${l.concept}`} data-testid="agreement-quote-line" data-concept={l.concept}>
                    <td>{conceptLabel(l.concept)}</td>
                    <td class="num">{formatPesos(l.amount)}</td>
                    {hasDiscount && <td class="num">{l.discount ? `−${formatPesos(l.discount)}` : ""}</td>}
                    <td class="num">{formatPesos(l.net)}</td>
                  </tr>
                ))}
            </tbody>
          ))}
        </table>
      </div>
      <h4>{T.promotionsTitle}</h4>
      {plan.applied.length === 0 ? (
        <p class="hint" data-testid="agreement-no-promotions">
          {T.noPromotions}
        </p>
      ) : (
        <ul data-testid="agreement-promotions">
          {plan.applied.map((p) => {
            const full = promotions.find((x) => x.id === p.id);
            return (
              <li key={String(p.id)} data-testid="agreement-promotion" data-promotion-id={String(p.id)}>
                <strong>{p.name}</strong>
                {p.kind === "freeze" ? ` (${T.freeze})` : p.pct ? ` (${Number(p.pct)}%)` : ""} · {T.promotionUntil(fmtDate(full?.valid_until ?? p.valid_until))}
              </li>
            );
          })}
        </ul>
      )}
      {hasDiscount && (
        <p>
          {T.discount}: <strong>−{formatPesos(q.discount_total)}</strong>
        </p>
      )}
      <p class="total">
        {T.totalToday}:{" "}
        <strong data-testid="agreement-total" data-value={formatCents(q.total)}>
          {formatPesos(q.total)}
        </strong>
      </p>
      <p class="hint" data-testid="agreement-valid-until" data-value={q.valid_until}>
        {T.validUntil(fmtDate(q.valid_until))}
      </p>
    </section>
  );
}
