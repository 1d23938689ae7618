/** Row types a device holds and the mutation args it sends (docs/field-sync.md). */
import type { BeneficiaryType, DiscountProgram } from "./discount-rules";
import type { SurveyFormRow, SurveyRequestRow, SurveySubmitArgsV1 } from "./survey-rules";

/** Money travels as a string with two decimals ("1250.00"); never a float in logic. */
export type Money = string;
export type Uuid = string;

export interface RouteRow {
  id: Uuid;
  name: string;
  work_date: string; // YYYY-MM-DD
  status: "planned" | "in_progress" | "closed" | "cancelled";
  zone: string | null;
  campaign_id: Uuid | null;
}

export type StopStatus = "pending" | "done" | "cancelled";

export interface StopRow {
  id: Uuid;
  route_id: Uuid;
  position: number;
  /** "discount_visit": a registration visit for a new social discount (the account alone, no task row). */
  kind: "notice" | "order" | "renewal" | "discount_visit" | string;
  status: StopStatus;
  notice_id: Uuid | null;
  /** The disconnection order of an order stop (null for notice stops; absent from older servers). */
  order_id?: Uuid | null;
  /** The discount application a renewal stop renews (null for other kinds; absent from older servers). */
  application_id?: Uuid | null;
  account_id: Uuid;
  cancel_reason: string | null;
}

export const ORDER_ACTIONS = ["restrict", "disconnect", "reconnect", "inspect"] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];
/** Actions that cut the service (a seal is required when executed). */
export const CUT_ACTIONS: ReadonlySet<OrderAction> = new Set(["restrict", "disconnect"]);

export type OrderStatus = "issued" | "assigned" | "executed" | "not_executed" | "cancelled" | "executed_after_cancellation";
export type CancelReason = "payment" | "agreement" | "office" | "protected";

/** A disconnection order (row type `order`): what to do at an account, and whether it still stands. */
export interface OrderRow {
  id: Uuid;
  folio: string;
  action: OrderAction;
  status: OrderStatus;
  urgent: boolean;
  account_id: Uuid;
  debt_amount: Money;
  months_past_due: number;
  issued_on: string;
  not_before: string | null;
  source_order_id: Uuid | null;
  charge_fee: boolean;
  cancelled_at: string | null;
  cancel_reason: CancelReason | null;
  cancel_rv: number | null;
  executed_at: string | null;
  not_executed_reason: NotExecutedReason | null;
}

export interface NoticeRow {
  id: Uuid;
  folio: string;
  kind: "informal" | "formal";
  status: string;
  account_id: Uuid;
  debt_amount: Money;
  months_past_due: number;
  oldest_period: string | null;
  issued_on: string;
}

export interface Address {
  street: string | null;
  exterior_number: string | null;
  interior_number: string | null;
  neighborhood: string | null;
  locality: string | null;
  postal_code: string | null;
  references: string | null;
}

export interface AccountRow {
  id: Uuid;
  account_number: string;
  holder_name: string;
  address: Address;
  latitude: number | null;
  longitude: number | null;
  property_class: string;
  status: string;
  meter_serial: string | null;
  debt: {
    total: Money;
    principal: Money;
    accessories: Money;
    by_service: { water: Money; sewer: Money; sanitation: Money; other: Money };
  };
  months_past_due: number;
  oldest_unpaid_period: string | null;
  last_visits: { started_at: string; outcome: string; worker_name: string }[];
  /** The premises' colonia (promotion eligibility); absent from older servers. */
  neighborhood_id?: number | null;
  /** What the account owes now by service and concept (an agreement's snapshot), in the server's order. */
  debt_lines?: { service: string; concept: string; amount: Money }[];
  /** Promotions the account already benefited from (agreements not annulled). */
  prior_promotions?: (string | number)[];
}

/** One version of the agreement policy (row type `agreement_policy`, shared); the device uses the highest. */
export interface AgreementPolicyRow {
  version: number;
  rules: {
    classes: Record<string, { down_payment_min_pct: string; max_installments: number; grace_days: number }>;
    waivable_concepts: string[];
    waiver_limits: Record<string, string | null>;
    reinstate_waived_on_breach: boolean;
  };
}

/** A promotion (row type `promotion`, shared): server/campaigns/payloads.py. */
export interface PromotionRow {
  id: Uuid;
  name: string;
  kind: "pct_off_accessories" | "pct_off_principal" | "freeze";
  pct: string | null;
  concepts: string[] | null;
  valid_from: string | null;
  valid_until: string | null;
  active: boolean;
  eligibility: {
    property_classes?: string[];
    neighborhood_ids?: number[];
    min_months_past_due?: number | null;
    max_months_past_due?: number | null;
    min_debt?: string | null;
    max_debt?: string | null;
    exclude_prior_beneficiaries?: boolean;
  };
  approving_act: string | null;
}

/** An agreement signed on this device (local overlay row `agreement`, until a pull reflects it). */
export interface AgreementRow {
  id: Uuid;
  account_id: Uuid;
  stop_id: Uuid | null;
  holder_name: string;
  customer_name: string;
  agreed_debt: Money;
  down_payment: Money;
  installments: number;
  signed_at: string;
  verification_code: string;
}

export interface VisitRow {
  id: Uuid;
  stop_id: Uuid | null;
  /** The notice of a notifier's visit (null for an order's execution). */
  notice_id: Uuid | null;
  /** The order of a cutter's execution (null or absent for notices). */
  order_id?: Uuid | null;
  account_id: Uuid;
  outcome: Outcome | OrderOutcome;
  started_at: string;
  ended_at: string | null;
  flags: string[];
  evidence_pending: boolean;
}

/** A social discount program (row type `discount_program`, shared): server/discounts/payloads.py. */
export interface DiscountProgramRow {
  id: Uuid;
  name: string;
  /** What the pure rules read (discount-rules.ts DiscountProgram); may list a `checklist` too. */
  rules: DiscountProgram & { checklist?: (string | { key: string; label?: string })[] };
  active: boolean;
  approving_act?: string | null;
}

export type DiscountApplicationStatus = "submitted" | "needs_info" | "approved" | "rejected" | "answered";

/** One of the social worker's applications (row type `discount_application`) and the office's answer. */
export interface DiscountApplicationRow {
  id: Uuid;
  program_id: Uuid;
  account_id: Uuid;
  beneficiary_type: string;
  beneficiary_name: string;
  curp?: string | null;
  birth_date?: string | null;
  status: DiscountApplicationStatus;
  problems: string[];
  /** The office's question (needs_info) or reason (rejected). */
  decision_note: string | null;
  starts_on: string | null;
  ends_on: string | null;
  evidence_pending: boolean;
  renewal_of?: Uuid | null;
  answers_request?: string | null;
}

export const DOCUMENT_KINDS = ["id", "inapam_card", "disability_certificate", "pension_receipt", "proof_of_address", "other"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** `discount.apply` v1 (server/discounts/mutations.py DiscountApplyV1): an application made at the door. */
export interface DiscountApplyArgsV1 {
  id: Uuid;
  program_id: Uuid;
  account_id: Uuid;
  beneficiary_type: BeneficiaryType;
  beneficiary_name: string; // 3..200
  curp: string; // 18
  birth_date: string | null;
  lives_there: boolean;
  checklist: Record<string, boolean>;
  documents: { kind: DocumentKind; sha256: string }[]; // ≤ 12
  signature: string | null;
  gps: GpsFix | null;
  gps_error: GpsError | null;
  phone: string | null; // ≤ 20
  notes: string | null; // ≤ 2000
  started_at: string;
  renewal_of: Uuid | null;
  /** The application whose question (needs_info) this one answers. */
  answers_request: string | null;
}

/** Row types by their `t` in the pull patch. */
export interface RowTypes {
  route: RouteRow;
  stop: StopRow;
  notice: NoticeRow;
  account: AccountRow;
  visit: VisitRow;
  order: OrderRow;
  agreement_policy: AgreementPolicyRow;
  promotion: PromotionRow;
  agreement: AgreementRow;
  discount_program: DiscountProgramRow;
  discount_application: DiscountApplicationRow;
  survey_form: SurveyFormRow;
  survey_request: SurveyRequestRow;
}
export type RowType = keyof RowTypes;

export const OUTCOMES = [
  "delivered_holder",
  "delivered_other",
  "citatorio_left",
  "absent",
  "refused",
  "address_not_found",
  "vacant_house",
  "already_paid",
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const ADDRESS_CHECKS = [
  "street_sign",
  "house_number",
  "facade",
  "person_statement",
  "registry_match",
  "photo",
  "gps",
] as const;
export type AddressCheck = (typeof ADDRESS_CHECKS)[number];

export type GpsError = "timeout" | "denied" | "unavailable";

export interface GpsFix {
  lat: number;
  lon: number;
  accuracy_m: number;
  at: string;
}

export interface AttendedBy {
  name: string;
  relationship: string;
  id_shown: string | null;
  description: string | null;
}

/** `visit.record` v2: the legal service record of one visit. */
export interface VisitRecordArgsV2 {
  id: Uuid;
  stop_id: Uuid | null;
  notice_id: Uuid;
  outcome: Outcome;
  started_at: string;
  ended_at: string | null;
  gps: GpsFix | null;
  gps_error: GpsError | null;
  address_verification: AddressCheck[];
  asked_for: string | null;
  attended_by: AttendedBy | null;
  citatorio: { date: string; time: string } | null;
  refusal: { fixed_where: string } | null;
  neighbor: { house: string; why: string } | null;
  copy_delivered: boolean;
  signature_refused: boolean;
  signature: string | null;
  photos: string[];
  notes: string | null;
}

/** `stop.complete` v1. */
export interface StopCompleteArgs {
  stop_id: Uuid;
}

export const PROPOSABLE_FIELDS = ["holder_name", "property_class", "meter_serial", "uninhabited"] as const;
export type ProposableField = (typeof PROPOSABLE_FIELDS)[number];

/** `registry.propose_change` v1. */
export interface ProposeChangeArgs {
  id: Uuid;
  account_id: Uuid;
  field: ProposableField;
  seen: string | null;
  proposed: string | null;
  reason: string;
}

export const ORDER_OUTCOMES = ["executed", "not_executed"] as const;
export type OrderOutcome = (typeof ORDER_OUTCOMES)[number];

export const NOT_EXECUTED_REASONS = ["paid_on_spot", "agreement_shown", "no_access", "valve_not_found", "hostile", "already_restricted", "other"] as const;
export type NotExecutedReason = (typeof NOT_EXECUTED_REASONS)[number];

/** `order.execute` v1: what the cutter did at an order's stop (a fact with a device-made id). */
export interface OrderExecuteArgsV1 {
  id: Uuid;
  order_id: Uuid;
  stop_id: Uuid | null;
  outcome: OrderOutcome;
  reason: NotExecutedReason | null; // required when not_executed
  reason_detail: string | null; // ≤ 500
  receipt_number: string | null; // ≤ 40; asked when paid_on_spot
  seal_number: string | null; // ≤ 40; required when a restriction or disconnection was executed
  meter_reading: number | null;
  self_reconnection: boolean | null; // inspections: "¿Se encontró reconectada?"
  started_at: string;
  ended_at: string | null;
  gps: GpsFix | null;
  gps_error: GpsError | null;
  photos_before: string[]; // sha256, ≤ 10
  photos_after: string[]; // sha256, ≤ 10
  data_age_s: number | null; // seconds since the last complete pull when the cutter confirmed
  notes: string | null; // ≤ 2000
}

/** One part of an agreement's schedule as signed (money as "123.45"). */
export interface AgreementPartArgs {
  number: number;
  kind: "down_payment" | "installment";
  amount: Money;
  due_date: string;
}

/**
 * `agreement.sign` v1: the terms exactly as the customer signed them, in the server's dump form
 * (server/agreements/mutations.py AgreementSignV1): every key present, money with two decimals,
 * dates "YYYY-MM-DD". `terms_hash` is the SHA-256 of the canonical JSON of the signed fields.
 */
export interface AgreementSignArgsV1 {
  id: Uuid;
  account_id: Uuid;
  policy_version: number;
  snapshot: { as_of: string; lines: { service: string; concept: string; amount: Money }[] };
  promotions: string[];
  waivers: { service: string; concept: string; amount: Money; reason: string | null }[];
  agreed_debt: Money;
  down_payment: Money;
  installments: number;
  start_date: string;
  first_due: string;
  schedule: AgreementPartArgs[];
  customer: { name: string; phone: string | null; id_shown: string | null };
  customer_signature: string | null;
  staff_signature: string | null;
  signed_at: string;
  terms_hash: string;
}

export interface MutationArgsByName {
  "visit.record": VisitRecordArgsV2;
  "stop.complete": StopCompleteArgs;
  "registry.propose_change": ProposeChangeArgs;
  "order.execute": OrderExecuteArgsV1;
  "agreement.sign": AgreementSignArgsV1;
  "discount.apply": DiscountApplyArgsV1;
  "survey.submit": SurveySubmitArgsV1;
}
export type MutationName = keyof MutationArgsByName;

/** The version of each mutation this build sends. */
export const MUTATION_VERSIONS: Record<MutationName, number> = {
  "visit.record": 2,
  "stop.complete": 1,
  "registry.propose_change": 1,
  "order.execute": 1,
  "agreement.sign": 1,
  "discount.apply": 1,
  "survey.submit": 1,
};

/** The client model and mutation set this build speaks (sent as `schema_version`). */
export const SCHEMA_VERSION = 2;

export type Role = "manager" | "clerk" | "notifier" | "cutter" | "social_worker" | "director";
export const FIELD_ROLES: Role[] = ["notifier", "cutter", "social_worker"];
export const OFFICE_ROLES: Role[] = ["manager", "clerk", "director"];
export const OFFICE_WRITERS: Role[] = ["manager", "clerk"];

export interface User {
  id: Uuid;
  username: string;
  full_name: string;
  roles: Role[];
}
