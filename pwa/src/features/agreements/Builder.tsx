/**
 * The agreement builder, shared by the field screen (offline, from the device's rows) and the
 * counter (online, from the server's quote): the payoff quote by service and concept with the
 * promotions that apply, the terms (down payment prefilled with the policy's minimum,
 * installments, first due date; manual waivers only for roles the policy allows), the schedule
 * live, the Spanish policy messages, the customer, the clauses, both signatures, and "Firmar".
 *
 * It hands the caller the exact `agreement.sign` v1 args (with terms_hash) and the two PNG
 * signatures; the caller stores them (the phone: one IndexedDB transaction) or posts them (the
 * counter).
 *
 * Its parts are siblings: QuoteView, ScheduleTable, WaiversEditor, SignerParts (customer,
 * clauses, signatures), FieldErrors; the draft and signed types are in builder-draft.ts and the
 * labels in labels.ts. They are re-exported here, so the screens import the builder from one place.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { classTerms, formatCents, formatPesos, type AgreementPolicy, type DebtLine, type IsoDate, type Promotion } from "../../domain/agreement-rules";
import { buildAgreementArgs, customerErrors, parseCount, parsePesosInput, planTerms, waiverLimit } from "../../domain/agreement-terms";
import { es } from "../../i18n/es";
import { canvasPng } from "../visit/photo";
import type { SignatureHandle } from "../visit/SignatureField";
import { newBuilderDraft, toWaivers, type BuilderDraft, type SignedAgreement, type WaiverDraft } from "./builder-draft";
import { errorsFor, FieldErrors } from "./FieldErrors";
import { QuoteView } from "./QuoteView";
import { ScheduleTable } from "./ScheduleTable";
import { CustomerFields, LegalText, Signatures, type SignatureErrors } from "./SignerParts";
import { WaiversEditor } from "./WaiversEditor";

export { newBuilderDraft, type BuilderDraft, type Png, type SignedAgreement, type WaiverDraft } from "./builder-draft";
export { conceptLabel, fmtDate, SERVICE_LABELS, serviceLabel } from "./labels";
export { QuoteView } from "./QuoteView";
export { ScheduleTable } from "./ScheduleTable";
export { LegalText } from "./SignerParts";

const T = es.agreements;

export interface BuilderAccount {
  id: string;
  account_number: string;
  holder_name: string;
  property_class: string | null;
}

export interface BuilderProps {
  account: BuilderAccount;
  lines: DebtLine[];
  /** Eligible promotions, in the order they apply. */
  promotions: (Promotion & { valid_until: string | null })[];
  asOf: IsoDate;
  policy: AgreementPolicy;
  /** The role the server checks the terms against (notifier, clerk, manager…). */
  role: string;
  /** Offer manual waivers (never to field roles). */
  allowWaivers: boolean;
  initial?: BuilderDraft | null;
  onDraft?: (d: BuilderDraft) => void;
  onSubmit: (s: SignedAgreement) => Promise<void>;
  /** Offer "Firma en papel" (office only; the field always takes both signatures on screen). */
  allowPaper?: boolean;
  /** The submit button's text and test id (default "Firmar convenio", `agreement-sign`). */
  submitLabel?: string;
  submitTestid?: string;
}

export function AgreementBuilder(props: BuilderProps) {
  const { account, lines, promotions, asOf, policy, role } = props;
  const [draft, setDraft] = useState<BuilderDraft>(() => props.initial ?? newBuilderDraft({ holder: account.holder_name, policy, propertyClass: account.property_class, asOf }));
  const [sigErrors, setSigErrors] = useState<SignatureErrors>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [paperChosen, setPaper] = useState(false);
  const paper = !!props.allowPaper && paperChosen;
  const customerSig = useRef<SignatureHandle | null>(null);
  const staffSig = useRef<SignatureHandle | null>(null);
  const onDraft = useRef(props.onDraft);
  onDraft.current = props.onDraft;

  useEffect(() => {
    onDraft.current?.(draft);
  }, [draft]);

  const update = (patch: Partial<BuilderDraft> | ((d: BuilderDraft) => Partial<BuilderDraft>)) => setDraft((d) => ({ ...d, ...(typeof patch === "function" ? patch(d) : patch) }));
  /** Change the waivers from the latest draft (two quick inputs must not undo each other). */
  const changeWaivers = (change: (ws: WaiverDraft[]) => WaiverDraft[]) => update((d) => ({ waivers: change(d.waivers) }));
  const waivers = useMemo(() => (props.allowWaivers ? toWaivers(draft.waivers) : []), [draft.waivers, props.allowWaivers]);
  const installments = parseCount(draft.installments);
  const common = { lines, promotions, asOf, policy, propertyClass: account.property_class, role, waivers, firstDue: draft.first_due };
  // The minimum down payment follows the agreed debt (waivers change it) until the person types one.
  const pre = useMemo(() => planTerms({ ...common, downPayment: 0, installments: 0 }), [lines, promotions, asOf, policy, role, waivers, draft.first_due]);
  const downText = draft.down_touched ? draft.down_payment : formatCents(Math.max(pre.minDown, 0));
  const downPayment = parsePesosInput(downText);
  const plan = useMemo(() => planTerms({ ...common, downPayment, installments }), [pre, downPayment, installments]);
  const customer = { name: draft.name, phone: draft.phone, id_shown: draft.id_shown };
  const custErrors = customerErrors(customer);
  const blocked = plan.errors.length > 0 || Object.keys(custErrors).length > 0;
  const terms = classTerms(policy, account.property_class);
  const limit = props.allowWaivers ? waiverLimit(policy, role) : 0;
  const waivableLines = plan.quote.lines.filter((l) => (policy.waivable_concepts ?? []).includes(l.concept) && l.net > 0);

  const sign = async () => {
    setSaveError(null);
    const e: SignatureErrors = {};
    if (!paper && (!customerSig.current || customerSig.current.isEmpty())) e.customer = T.errors.customerSignature;
    if (!paper && (!staffSig.current || staffSig.current.isEmpty())) e.staff = T.errors.staffSignature;
    setSigErrors(e);
    if (e.customer || e.staff || blocked || downPayment === null || installments === null) {
      requestAnimationFrame(() => (document.querySelector("[data-testid='agreement-screen'] .field-error") as HTMLElement | null)?.scrollIntoView?.({ block: "center" }));
      return;
    }
    setBusy(true);
    try {
      const customerPng = paper ? null : await canvasPng(customerSig.current!.canvas()!);
      const staffPng = paper ? null : await canvasPng(staffSig.current!.canvas()!);
      const args = await buildAgreementArgs({
        ...common,
        downPayment,
        installments,
        id: draft.agreement_id,
        account_id: account.id,
        customer,
        customerSignature: customerPng?.sha256 ?? null,
        staffSignature: staffPng?.sha256 ?? null,
        signedAt: new Date().toISOString(),
      });
      await props.onSubmit({ args, customerPng, staffPng, paper });
    } catch (err) {
      setSaveError(T.errors.save((err as Error).message));
    } finally {
      setBusy(false);
    }
  };

  const downErrors = errorsFor(plan.errors, "down_payment");
  const instErrors = errorsFor(plan.errors, "installments");
  const dueErrors = errorsFor(plan.errors, "first_due");
  const debtErrors = errorsFor(plan.errors, "agreed_debt");
  const waiverErrors = errorsFor(plan.errors, "waivers");

  return (
    <div class="agreement-builder">
      <QuoteView plan={plan} promotions={promotions} />

      <fieldset>
        <legend>{T.termsTitle}</legend>
        <p>
          {T.agreedDebt}:{" "}
          <strong data-testid="agreement-agreed-debt" data-value={formatCents(plan.agreedDebt)}>
            {formatPesos(plan.agreedDebt)}
          </strong>
          {plan.waivedTotal > 0 && (
            <span class="meta">
              {" "}
              ({T.waived}: −{formatPesos(plan.waivedTotal)})
            </span>
          )}
        </p>
        <FieldErrors id="agreement-debt-err" messages={debtErrors} />

        {props.allowWaivers && <WaiversEditor waivers={draft.waivers} waivableLines={waivableLines} limit={limit} errors={waiverErrors} onChange={changeWaivers} />}

        <label for="agreement-down">{T.downPayment}</label>
        <input
          id="agreement-down"
          type="text"
          inputMode="decimal"
          value={downText}
          onInput={(e) => update({ down_payment: (e.currentTarget as HTMLInputElement).value, down_touched: true })}
          aria-invalid={downErrors.length ? true : undefined}
          aria-describedby="agreement-down-hint agreement-down-err"
          data-testid="agreement-down-payment"
        />
        <p class="hint" id="agreement-down-hint" data-testid="agreement-min-down" data-value={formatCents(Math.max(pre.minDown, 0))}>
          {T.minDown(formatPesos(Math.max(pre.minDown, 0)), terms.down_payment_min_pct)}
        </p>
        <FieldErrors id="agreement-down-err" messages={downErrors} />

        <label for="agreement-installments">{T.installments}</label>
        <input
          id="agreement-installments"
          type="number"
          inputMode="numeric"
          min={0}
          max={plan.maxInstallments}
          step={1}
          value={draft.installments}
          onInput={(e) => update({ installments: (e.currentTarget as HTMLInputElement).value })}
          aria-invalid={instErrors.length ? true : undefined}
          aria-describedby="agreement-installments-hint agreement-installments-err"
          data-testid="agreement-installments"
        />
        <p class="hint" id="agreement-installments-hint">
          {T.maxInstallments(plan.maxInstallments)}
        </p>
        <FieldErrors id="agreement-installments-err" messages={instErrors} />

        <label for="agreement-first-due">{T.firstDue}</label>
        <input
          id="agreement-first-due"
          type="date"
          min={asOf}
          value={draft.first_due}
          onInput={(e) => update({ first_due: (e.currentTarget as HTMLInputElement).value })}
          aria-invalid={dueErrors.length ? true : undefined}
          aria-describedby="agreement-first-due-err"
          data-testid="agreement-first-due"
        />
        <FieldErrors id="agreement-first-due-err" messages={dueErrors} />

        <h4>{T.scheduleTitle}</h4>
        <ScheduleTable plan={plan} />
      </fieldset>

      <CustomerFields customer={customer} errors={custErrors} onChange={update} />

      <LegalText plan={plan} policy={policy} downPayment={downPayment ?? 0} installments={installments ?? 0} asOf={asOf} />

      <Signatures allowPaper={!!props.allowPaper} paperChosen={paperChosen} onPaper={setPaper} customerSig={customerSig} staffSig={staffSig} errors={sigErrors} setErrors={setSigErrors} />

      {(plan.errors.length > 0 || saveError) && (
        <div class="banner bad" role={saveError ? "alert" : "status"} data-testid="agreement-errors">
          <p>{saveError ?? `${T.signHint} ${plan.errors.map((e) => e.message).join(" ")}`}</p>
        </div>
      )}
      <div class="sticky-save actions">
        <button type="button" class="big" onClick={() => void sign()} disabled={blocked || busy} aria-busy={busy} data-testid={props.submitTestid ?? "agreement-sign"}>
          {busy ? T.signing : (props.submitLabel ?? T.sign)}
        </button>
      </div>
    </div>
  );
}
