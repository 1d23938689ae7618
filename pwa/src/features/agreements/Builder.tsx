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
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { CONCEPT_LABELS, classTerms, formatCents, formatPesos, type AgreementPolicy, type DebtLine, type IsoDate, type Promotion, type TermsError, type Waiver } from "../../domain/agreement-rules";
import {
  buildAgreementArgs,
  customerErrors,
  defaultFirstDue,
  parseCount,
  parsePesosInput,
  planTerms,
  waiverLimit,
  type TermsPlan,
} from "../../domain/agreement-terms";
import { uuid } from "../../domain/ids";
import type { AgreementSignArgsV1 } from "../../domain/types";
import { es } from "../../i18n/es";
import { canvasPng } from "../visit/photo";
import { SignatureField, type SignatureHandle } from "../visit/SignatureField";

const T = es.agreements;

export const SERVICE_LABELS: Record<string, string> = { water: "Agua", sewer: "Drenaje", sanitation: "Saneamiento", other: "Otros" };
export const serviceLabel = (s: string): string => SERVICE_LABELS[s] ?? s;
export const conceptLabel = (c: string): string => CONCEPT_LABELS[c] ?? c;

/** "2026-12-28" → "28/12/2026" (es-MX). */
export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

export interface WaiverDraft {
  key: string;
  /** "service|concept" of the debt line it reduces. */
  line: string;
  amount: string;
  reason: string;
}

/** What the person typed (kept as a draft on the phone; the agreement id is made once). */
export interface BuilderDraft {
  agreement_id: string;
  down_payment: string;
  /** The person changed the down payment: stop following the policy's minimum. */
  down_touched: boolean;
  installments: string;
  first_due: string;
  waivers: WaiverDraft[];
  name: string;
  phone: string;
  id_shown: string;
}

export interface Png {
  bytes: ArrayBuffer;
  sha256: string;
  type: string;
}

export interface SignedAgreement {
  args: AgreementSignArgsV1;
  /** Null when signed on paper (the counter's "Firma en papel"). */
  customerPng: Png | null;
  staffPng: Png | null;
  /** Signed with a pen on the printed agreement: no tablet signatures (both null in the args). */
  paper: boolean;
}

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

/** A new draft: the holder as signer, the class's longest term, first due one month ahead. */
export function newBuilderDraft(p: { holder: string; policy: AgreementPolicy; propertyClass: string | null; asOf: IsoDate }): BuilderDraft {
  const terms = classTerms(p.policy, p.propertyClass);
  return {
    agreement_id: uuid(),
    down_payment: "",
    down_touched: false,
    installments: String(Math.max(0, Math.trunc(terms.max_installments))),
    first_due: defaultFirstDue(p.asOf),
    waivers: [],
    name: p.holder,
    phone: "",
    id_shown: "",
  };
}

function toWaivers(ws: WaiverDraft[]): Waiver[] {
  return ws.map((w) => {
    const [service = "", concept = ""] = w.line.split("|");
    return { service, concept, amount: parsePesosInput(w.amount) ?? 0, reason: w.reason.trim() ? w.reason.trim() : null };
  });
}

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

function errorsFor(errors: TermsError[], field: string): string[] {
  return errors.filter((e) => e.field === field || e.field.startsWith(`${field}[`) || e.field.startsWith(`${field}.`)).map((e) => e.message);
}

function FieldErrors({ id, messages }: { id: string; messages: string[] }) {
  if (!messages.length) return null;
  return (
    <div id={id}>
      {messages.map((m, i) => (
        <p class="field-error" key={i}>
          {m}
        </p>
      ))}
    </div>
  );
}

export function AgreementBuilder(props: BuilderProps) {
  const { account, lines, promotions, asOf, policy, role } = props;
  const [draft, setDraft] = useState<BuilderDraft>(() => props.initial ?? newBuilderDraft({ holder: account.holder_name, policy, propertyClass: account.property_class, asOf }));
  const [sigErrors, setSigErrors] = useState<{ customer?: string; staff?: string }>({});
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
  /** Change one waiver from the latest draft (two quick inputs must not undo each other). */
  const setWaiver = (i: number, patch: Partial<WaiverDraft>) => update((d) => ({ waivers: d.waivers.map((x, j) => (j === i ? { ...x, ...patch } : x)) }));
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
    const e: { customer?: string; staff?: string } = {};
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

        {props.allowWaivers && (
          <fieldset data-testid="agreement-waivers">
            <legend>{T.waiversTitle}</legend>
            <p class="hint">{T.waiverLimit(limit === null ? null : formatPesos(limit))}</p>
            {draft.waivers.map((w, i) => (
              <div class="card" key={w.key} data-testid="agreement-waiver">
                <label for={`waiver-line-${w.key}`}>{T.waiverLine}</label>
                <select id={`waiver-line-${w.key}`} value={w.line} data-testid="agreement-waiver-line" onChange={(e) => setWaiver(i, { line: (e.currentTarget as HTMLSelectElement).value })}>
                  {waivableLines.map((l) => (
                    <option key={`${l.service}|${l.concept}`} value={`${l.service}|${l.concept}`}>
                      {serviceLabel(l.service)} · {conceptLabel(l.concept)} ({formatPesos(l.net)})
                    </option>
                  ))}
                </select>
                <label for={`waiver-amount-${w.key}`}>{T.waiverAmount}</label>
                <input id={`waiver-amount-${w.key}`} type="text" inputMode="decimal" value={w.amount} data-testid="agreement-waiver-amount" onInput={(e) => setWaiver(i, { amount: (e.currentTarget as HTMLInputElement).value })} />
                <label for={`waiver-reason-${w.key}`}>{T.waiverReason}</label>
                <input id={`waiver-reason-${w.key}`} type="text" value={w.reason} maxLength={300} data-testid="agreement-waiver-reason" onInput={(e) => setWaiver(i, { reason: (e.currentTarget as HTMLInputElement).value })} />
                <button type="button" class="secondary" onClick={() => update((d) => ({ waivers: d.waivers.filter((_, j) => j !== i) }))} data-testid="agreement-waiver-remove">
                  {T.waiverRemove}
                </button>
              </div>
            ))}
            <FieldErrors id="agreement-waivers-err" messages={waiverErrors} />
            {waivableLines.length > 0 && (
              <button
                type="button"
                class="secondary"
                onClick={() => update((d) => ({ waivers: [...d.waivers, { key: uuid(), line: `${waivableLines[0].service}|${waivableLines[0].concept}`, amount: "", reason: "" }] }))}
                data-testid="agreement-waiver-add"
              >
                {T.waiverAdd}
              </button>
            )}
          </fieldset>
        )}

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

      <fieldset>
        <legend>{T.customerTitle}</legend>
        <label for="agreement-customer-name">{T.customerName}</label>
        <input id="agreement-customer-name" type="text" autoComplete="off" value={draft.name} maxLength={200} onInput={(e) => update({ name: (e.currentTarget as HTMLInputElement).value })} aria-invalid={custErrors.name ? true : undefined} data-testid="agreement-customer-name" />
        {custErrors.name && <p class="field-error">{custErrors.name}</p>}
        <label for="agreement-customer-phone">{T.customerPhone}</label>
        <input id="agreement-customer-phone" type="tel" inputMode="tel" autoComplete="off" value={draft.phone} maxLength={20} onInput={(e) => update({ phone: (e.currentTarget as HTMLInputElement).value })} data-testid="agreement-customer-phone" />
        {custErrors.phone && <p class="field-error">{custErrors.phone}</p>}
        <label for="agreement-customer-id">{T.customerId}</label>
        <input id="agreement-customer-id" type="text" autoComplete="off" value={draft.id_shown} maxLength={100} onInput={(e) => update({ id_shown: (e.currentTarget as HTMLInputElement).value })} data-testid="agreement-customer-id" />
        {custErrors.id_shown && <p class="field-error">{custErrors.id_shown}</p>}
      </fieldset>

      <LegalText plan={plan} policy={policy} downPayment={downPayment ?? 0} installments={installments ?? 0} asOf={asOf} />

      {props.allowPaper && (
        <div>
          <label class="check" for="agreement-paper">
            <input
              id="agreement-paper"
              type="checkbox"
              checked={paperChosen}
              onChange={(e) => {
                setPaper((e.currentTarget as HTMLInputElement).checked);
                setSigErrors({});
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
            <SignatureField handle={customerSig} onChange={() => setSigErrors((s) => ({ ...s, customer: undefined }))} error={sigErrors.customer} testid="agreement-customer-signature" label={T.customerSignatureArea} />
          </fieldset>
          <fieldset>
            <legend>{T.staffSignature}</legend>
            <SignatureField handle={staffSig} onChange={() => setSigErrors((s) => ({ ...s, staff: undefined }))} error={sigErrors.staff} testid="agreement-staff-signature" label={T.staffSignatureArea} />
          </fieldset>
        </>
      )}

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
