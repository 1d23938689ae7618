/**
 * The agreement builder's signing part: the customer who signs, the clauses read to them, and
 * both signatures (or, at the counter, "Firma en papel").
 */
import { formatPesos, type AgreementPolicy, type IsoDate } from "../../domain/agreement-rules";
import type { TermsPlan } from "../../domain/agreement-terms";
import { es } from "../../i18n/es";
import { SignatureField, type SignatureHandle } from "../visit/SignatureField";
import { fmtDate } from "./labels";

const T = es.agreements;

export interface CustomerInputs {
  name: string;
  phone: string;
  id_shown: string;
}

/** The customer's name, phone and ID shown, with their messages. */
export function CustomerFields({ customer, errors, onChange }: { customer: CustomerInputs; errors: Record<string, string>; onChange: (patch: Partial<CustomerInputs>) => void }) {
  return (
    <fieldset>
      <legend>{T.customerTitle}</legend>
      <label for="agreement-customer-name">{T.customerName}</label>
      <input id="agreement-customer-name" type="text" autoComplete="off" value={customer.name} maxLength={200} onInput={(e) => onChange({ name: (e.currentTarget as HTMLInputElement).value })} aria-invalid={errors.name ? true : undefined} data-testid="agreement-customer-name" />
      {errors.name && <p class="field-error">{errors.name}</p>}
      <label for="agreement-customer-phone">{T.customerPhone}</label>
      <input id="agreement-customer-phone" type="tel" inputMode="tel" autoComplete="off" value={customer.phone} maxLength={20} onInput={(e) => onChange({ phone: (e.currentTarget as HTMLInputElement).value })} data-testid="agreement-customer-phone" />
      {errors.phone && <p class="field-error">{errors.phone}</p>}
      <label for="agreement-customer-id">{T.customerId}</label>
      <input id="agreement-customer-id" type="text" autoComplete="off" value={customer.id_shown} maxLength={100} onInput={(e) => onChange({ id_shown: (e.currentTarget as HTMLInputElement).value })} data-testid="agreement-customer-id" />
      {errors.id_shown && <p class="field-error">{errors.id_shown}</p>}
    </fieldset>
  );
}

/** The clauses read to the customer before signing. */
export function LegalText({ plan, policy, downPayment, installments, asOf }: { plan: TermsPlan; policy: AgreementPolicy; downPayment: number; installments: number; asOf: IsoDate }) {
  const L = T.legal;
  return (
    <section class="card legal" aria-labelledby="agreement-legal-title" data-testid="agreement-legal">
      <h3 id="agreement-legal-title">{T.legalTitle}</h3>
      <p>{L.recognition(formatPesos(Math.max(plan.agreedDebt, 0)), fmtDate(asOf))}</p>
      <p>{L.schedule(formatPesos(downPayment), installments)}</p>
      <p>{L.breach(plan.graceDays, !!policy.reinstate_waived_on_breach)}</p>
      <p>{L.payments}</p>
      <p>{L.standing}</p>
      <p>{L.review}</p>
    </section>
  );
}

export interface SignatureErrors {
  customer?: string;
  staff?: string;
}

/**
 * "Firma en papel" (only when `allowPaper`) and, unless signing on paper, the customer's and the
 * staff member's signatures; drawing on one clears its message, choosing paper clears both.
 */
export function Signatures(props: {
  allowPaper: boolean;
  paperChosen: boolean;
  onPaper: (chosen: boolean) => void;
  customerSig: { current: SignatureHandle | null };
  staffSig: { current: SignatureHandle | null };
  errors: SignatureErrors;
  setErrors: (change: (e: SignatureErrors) => SignatureErrors) => void;
}) {
  const { customerSig, staffSig, errors, setErrors } = props;
  const paper = props.allowPaper && props.paperChosen;
  return (
    <>
      {props.allowPaper && (
        <div>
          <label class="check" for="agreement-paper">
            <input
              id="agreement-paper"
              type="checkbox"
              checked={props.paperChosen}
              onChange={(e) => {
                props.onPaper((e.currentTarget as HTMLInputElement).checked);
                setErrors(() => ({}));
              }}
              data-testid="agreement-paper-signature"
            />
            {T.paperSignature}
          </label>
          {paper && <p class="hint">{T.paperSignatureHint}</p>}
        </div>
      )}
      {!paper && (
        <>
          <fieldset>
            <legend>{T.customerSignature}</legend>
            <SignatureField handle={customerSig} onChange={() => setErrors((s) => ({ ...s, customer: undefined }))} error={errors.customer} testid="agreement-customer-signature" label={T.customerSignatureArea} />
          </fieldset>
          <fieldset>
            <legend>{T.staffSignature}</legend>
            <SignatureField handle={staffSig} onChange={() => setErrors((s) => ({ ...s, staff: undefined }))} error={errors.staff} testid="agreement-staff-signature" label={T.staffSignatureArea} />
          </fieldset>
        </>
      )}
    </>
  );
}
