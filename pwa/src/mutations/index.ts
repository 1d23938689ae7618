/**
 * Named mutators: each writes its local change (overlay rows, draft removal, blob queueing) AND
 * its outbox row in ONE IndexedDB transaction, with the seq allocated there too. The overlay
 * makes the change visible at once; the server's answer and the next pull replace it.
 */
import { NOTICE_STATUS_BY_OUTCOME } from "../domain/outcomes";
import { MUTATION_VERSIONS, type AgreementRow, type AgreementSignArgsV1, type DiscountApplicationRow, type DiscountApplyArgsV1, type OrderExecuteArgsV1, type OrderStatus, type ProposeChangeArgs, type StopCompleteArgs, type VisitRecordArgsV2, type VisitRow } from "../domain/types";
import type { Db, OutboxEntry } from "../storage/db";
import { commitMutation, type LocalEffect } from "../storage/transactions";
import { uuid } from "../domain/ids";
import type { SurveySubmitArgsV1 } from "../domain/survey-rules";

type Listener = (e: OutboxEntry) => void;
const listeners = new Set<Listener>();

/** Be told after each committed mutation (the sync loop debounces a push on it). */
export function onMutation(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function committed(e: OutboxEntry): OutboxEntry {
  for (const fn of listeners) fn(e);
  return e;
}

/** The stop marked done on the device. */
function stopDone(stopId: string): LocalEffect {
  return { type: "overlay", t: "stop", id: stopId, op: "patch", d: { status: "done" } };
}

/**
 * The local effects of a record made at a stop (a notifier's visit or a cutter's order): its
 * `visit` row (evidence pending while it has blobs), what it does to its subject (the notice or
 * the order), the draft removed, the blobs queued for upload and the stop, if any, done.
 */
function recordEffects(row: Omit<VisitRow, "flags" | "evidence_pending">, subject: LocalEffect, draftKey: string, blobs: string[]): LocalEffect[] {
  const effects: LocalEffect[] = [
    { type: "overlay", t: "visit", id: row.id, op: "put", d: { ...row, flags: [], evidence_pending: blobs.length > 0 } },
    subject,
    { type: "delete_draft", key: draftKey },
    { type: "queue_blobs", shas: blobs },
  ];
  if (row.stop_id) effects.push(stopDone(row.stop_id));
  return effects;
}

/** The key of the visit draft of a notice. */
export function visitDraftKey(noticeId: string): string {
  return `visit:${noticeId}`;
}

/**
 * Record a visit (the legal service record, `visit.record` v2). Local effects: the visit row
 * (evidence pending while it has photos or a signature), the stop done, the notice's new
 * status, the draft removed and its blobs queued for upload.
 */
export async function recordVisit(db: Db, args: VisitRecordArgsV2, ctx: { account_id: string }): Promise<OutboxEntry> {
  const blobs = [...args.photos, ...(args.signature ? [args.signature] : [])];
  const effects = recordEffects(
    { id: args.id, stop_id: args.stop_id, notice_id: args.notice_id, account_id: ctx.account_id, outcome: args.outcome, started_at: args.started_at, ended_at: args.ended_at },
    { type: "overlay", t: "notice", id: args.notice_id, op: "patch", d: { status: NOTICE_STATUS_BY_OUTCOME[args.outcome] } },
    visitDraftKey(args.notice_id),
    blobs,
  );
  const e = await commitMutation(db, { name: "visit.record", v: MUTATION_VERSIONS["visit.record"], id: uuid(), args, ref: { t: "visit", id: args.id }, blobs }, effects);
  return committed(e);
}

/** Mark a stop done without a visit (`stop.complete` v1). */
export async function completeStop(db: Db, args: StopCompleteArgs): Promise<OutboxEntry> {
  const e = await commitMutation(
    db,
    { name: "stop.complete", v: MUTATION_VERSIONS["stop.complete"], id: uuid(), args, ref: { t: "stop", id: args.stop_id } },
    [stopDone(args.stop_id)],
  );
  return committed(e);
}

/** Propose a registry correction (`registry.propose_change` v1); the office decides. */
export async function proposeRegistryChange(db: Db, args: ProposeChangeArgs): Promise<OutboxEntry> {
  const e = await commitMutation(
    db,
    { name: "registry.propose_change", v: MUTATION_VERSIONS["registry.propose_change"], id: uuid(), args, ref: { t: "proposal", id: args.id } },
    [{ type: "overlay", t: "proposal", id: args.id, op: "put", d: { ...args } }],
  );
  return committed(e);
}

/** The key of the draft of an order's execution form. */
export function orderDraftKey(orderId: string): string {
  return `order:${orderId}`;
}

/**
 * Record what the cutter did at an order (`order.execute` v1). Local effects, in the same
 * transaction as the outbox row: the fact (a `visit` row with `order_id`; evidence pending while
 * it has photos), the order's new status, the stop done, the draft removed and the photos
 * (before and after) queued for upload. `base_rv` is the order row's version on the device:
 * the server tells a cut that crossed a cancellation in flight from one that ignored it.
 */
export async function executeOrder(db: Db, args: OrderExecuteArgsV1, ctx: { account_id: string; order_status?: OrderStatus | null }): Promise<OutboxEntry> {
  const blobs = [...new Set([...args.photos_before, ...args.photos_after])];
  const executed = args.outcome === "executed";
  const status: OrderStatus = executed ? (ctx.order_status === "cancelled" ? "executed_after_cancellation" : "executed") : "not_executed";
  const effects = recordEffects(
    { id: args.id, stop_id: args.stop_id, notice_id: null, order_id: args.order_id, account_id: ctx.account_id, outcome: args.outcome, started_at: args.started_at, ended_at: args.ended_at },
    {
      type: "overlay",
      t: "order",
      id: args.order_id,
      op: "patch",
      d: executed ? { status, executed_at: args.ended_at ?? args.started_at } : { status, not_executed_reason: args.reason },
    },
    orderDraftKey(args.order_id),
    blobs,
  );
  const e = await commitMutation(
    db,
    { name: "order.execute", v: MUTATION_VERSIONS["order.execute"], id: uuid(), args, ref: { t: "visit", id: args.id }, blobs, baseRvOf: { t: "order", id: args.order_id } },
    effects,
  );
  return committed(e);
}

/** The key of the draft of an agreement being made for an account. */
export function agreementDraftKey(accountId: string): string {
  return `agreement:${accountId}`;
}

/**
 * Sign an agreement on the device (`agreement.sign` v1, immutable once signed). In ONE
 * transaction: the outbox row, the local `agreement` row (overlay: "pendiente" until the server
 * answers), the draft removed and the signatures (already stored as blobs) queued for upload.
 * `verification_code` is verificationCode(terms_hash), computed by the caller (the rules live in
 * the builder's lazy chunk).
 */
export async function signAgreement(db: Db, args: AgreementSignArgsV1, ctx: { holder_name: string; stop_id?: string | null; verification_code: string }): Promise<OutboxEntry> {
  const blobs = [args.customer_signature, args.staff_signature].filter((s): s is string => !!s);
  const uniqueBlobs = [...new Set(blobs)];
  const row: AgreementRow = {
    id: args.id,
    account_id: args.account_id,
    stop_id: ctx.stop_id ?? null,
    holder_name: ctx.holder_name,
    customer_name: args.customer.name,
    agreed_debt: args.agreed_debt,
    down_payment: args.down_payment,
    installments: args.installments,
    signed_at: args.signed_at,
    verification_code: ctx.verification_code,
  };
  const effects: LocalEffect[] = [
    { type: "overlay", t: "agreement", id: args.id, op: "put", d: { ...row } },
    { type: "delete_draft", key: agreementDraftKey(args.account_id) },
    { type: "queue_blobs", shas: uniqueBlobs },
  ];
  const e = await commitMutation(db, { name: "agreement.sign", v: MUTATION_VERSIONS["agreement.sign"], id: uuid(), args, ref: { t: "agreement", id: args.id }, blobs: uniqueBlobs }, effects);
  return committed(e);
}

/** The key of the draft of a survey being answered for an account (or with no account). */
export function surveyDraftKey(formKey: string, accountId: string | null | undefined): string {
  return `survey:${formKey}:${accountId ?? "-"}`;
}

/**
 * Submit a survey's answers (`survey.submit` v1, append-only, with the version answered). In
 * ONE transaction: the outbox row, the local `survey_response` row, the request answered (when
 * it came from one) and the draft removed.
 */
export async function submitSurvey(db: Db, args: SurveySubmitArgsV1, ctx: { form_key: string; version: number }): Promise<OutboxEntry> {
  const effects: LocalEffect[] = [
    {
      type: "overlay",
      t: "survey_response",
      id: args.id,
      op: "put",
      d: { id: args.id, form_id: args.form_id, form_key: ctx.form_key, version: ctx.version, account_id: args.account_id, request_id: args.request_id, trigger: args.trigger, started_at: args.started_at },
    },
    { type: "delete_draft", key: surveyDraftKey(ctx.form_key, args.account_id) },
  ];
  if (args.request_id) effects.push({ type: "overlay", t: "survey_request", id: args.request_id, op: "patch", d: { status: "answered" } });
  const e = await commitMutation(db, { name: "survey.submit", v: MUTATION_VERSIONS["survey.submit"], id: uuid(), args, ref: { t: "survey_response", id: args.id } }, effects);
  return committed(e);
}

/** The key of the draft of a discount application for an account (a renewal's or an answer's apart). */
export function discountDraftKey(accountId: string, ref: string | null = null): string {
  return `discount:${accountId}${ref ? `:${ref}` : ""}`;
}

/**
 * Submit a discount application made at the door (`discount.apply` v1, append-only). In ONE
 * transaction: the outbox row, the local `discount_application` row ("submitted", evidence
 * pending while it has document photos or a signature), the application it answers marked
 * answered, the renewal stop done (a renewal started from a stop), the draft removed and the
 * photos and signature queued for upload. `problems` are what the rules found on the device.
 */
export async function applyDiscount(db: Db, args: DiscountApplyArgsV1, ctx: { stop_id?: string | null; problems?: string[] } = {}): Promise<OutboxEntry> {
  const blobs = [...new Set([...args.documents.map((d) => d.sha256), ...(args.signature ? [args.signature] : [])])];
  const row: DiscountApplicationRow = {
    id: args.id,
    program_id: args.program_id,
    account_id: args.account_id,
    beneficiary_type: args.beneficiary_type,
    beneficiary_name: args.beneficiary_name,
    curp: args.curp,
    birth_date: args.birth_date,
    status: "submitted",
    problems: ctx.problems ?? [],
    decision_note: null,
    starts_on: null,
    ends_on: null,
    evidence_pending: blobs.length > 0,
    renewal_of: args.renewal_of,
    answers_request: args.answers_request,
  };
  const effects: LocalEffect[] = [
    { type: "overlay", t: "discount_application", id: args.id, op: "put", d: { ...row } },
    { type: "delete_draft", key: discountDraftKey(args.account_id, args.answers_request ?? args.renewal_of) },
    { type: "queue_blobs", shas: blobs },
  ];
  if (args.answers_request) effects.push({ type: "overlay", t: "discount_application", id: args.answers_request, op: "patch", d: { status: "answered" } });
  if (ctx.stop_id) effects.push(stopDone(ctx.stop_id));
  const e = await commitMutation(db, { name: "discount.apply", v: MUTATION_VERSIONS["discount.apply"], id: uuid(), args, ref: { t: "discount_application", id: args.id }, blobs }, effects);
  return committed(e);
}
