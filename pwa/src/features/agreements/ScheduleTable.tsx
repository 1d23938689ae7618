/** The agreement builder's live schedule: the down payment and the installments with their due dates. */
import { formatCents, formatPesos } from "../../domain/agreement-rules";
import type { TermsPlan } from "../../domain/agreement-terms";
import { es } from "../../i18n/es";
import { fmtDate } from "./labels";

const T = es.agreements;

/** The live schedule (rows `agreement-part`). */
export function ScheduleTable({ plan }: { plan: TermsPlan }) {
  if (!plan.schedule)
    return (
      <p class="hint" data-testid="agreement-schedule" data-count="0">
        {T.noSchedule}
      </p>
    );
  return (
    <div class="table-wrap">
      <table data-testid="agreement-schedule" data-count={plan.schedule.length}>
        <caption class="visually-hidden">{T.scheduleTitle}</caption>
        <thead>
          <tr>
            <th scope="col">{T.part}</th>
            <th scope="col">{T.dueDate}</th>
            <th scope="col" class="num">
              {T.amount}
            </th>
          </tr>
        </thead>
        <tbody>
          {plan.schedule.map((p) => (
            <tr key={p.number} data-testid="agreement-part" data-number={p.number} data-kind={p.kind} data-amount={formatCents(p.amount)} data-due={p.due_date}>
              <td>{p.kind === "down_payment" ? T.downPaymentPart : T.installmentPart(p.number)}</td>
              <td>{fmtDate(p.due_date)}</td>
              <td class="num">{formatPesos(p.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
