/**
 * A social worker's day on the fake server (discount tests): the default program, three accounts
 * on the phone, an application the office asked about (needs_info), an approved one due for
 * renewal with its renewal stop on today's route; and how to log her in.
 */
import { vi, expect } from "vitest";
import { localDate } from "../src/domain/time";
import type { AccountRow, DiscountApplicationRow, DiscountProgramRow, User } from "../src/domain/types";
import { startField, view } from "../src/state/field";
import { session } from "../src/state/session";
import type { FakeServer } from "./helpers/fake-server";

export const D = {
  program: "70000000-0000-4000-8000-000000000001",
  oldProgram: "70000000-0000-4000-8000-000000000002",
  route: "10000000-0000-4000-8000-0000000000d1",
  renewalStop: "20000000-0000-4000-8000-0000000000d1",
  noticeStop: "20000000-0000-4000-8000-0000000000d2",
  notice: "30000000-0000-4000-8000-0000000000d2",
  acc1: "40000000-0000-4000-8000-0000000000d1",
  acc2: "40000000-0000-4000-8000-0000000000d2",
  acc3: "40000000-0000-4000-8000-0000000000d3",
  asked: "80000000-0000-4000-8000-0000000000d1",
  renewed: "80000000-0000-4000-8000-0000000000d2",
  visitStop: "20000000-0000-4000-8000-0000000000d3",
};

/** Valid CURPs (tests/fixtures/discounts/curp.json). */
export const CURP = { rosa: "GONR550312MSRMXS03", jose: "LOPJ580923HSRPRN08" };

export const PROGRAM_RULES: DiscountProgramRow["rules"] = {
  beneficiary_types: ["senior", "disability", "pensioner", "retiree"],
  pct: "50",
  services: ["water"],
  monthly_m3_cap: 20,
  property_classes: ["domestic"],
  required_documents: {
    senior: ["id", "inapam_card", "proof_of_address"],
    disability: ["id", "disability_certificate", "proof_of_address"],
    pensioner: ["id", "pension_receipt", "proof_of_address"],
    retiree: ["id", "pension_receipt", "proof_of_address"],
  },
  min_age: { senior: 60 },
  requires_current_or_agreement: true,
  validity_days: 365,
  renewal_notice_days: 30,
};

export const PROGRAM: DiscountProgramRow = { id: D.program, name: "Descuento social", rules: PROGRAM_RULES, active: true, approving_act: "Acta 12/2026" };

export function accountRow(id: string, number: string, holder: string, p: Partial<AccountRow> = {}): AccountRow {
  return {
    id,
    account_number: number,
    holder_name: holder,
    address: { street: "Calle Héroes", exterior_number: "12", interior_number: null, neighborhood: "Centro", locality: "Heroica Caborca", postal_code: "83600", references: null },
    latitude: 30.716,
    longitude: -112.156,
    property_class: "domestic",
    status: "active",
    meter_serial: "M-1",
    debt: { total: "0.00", principal: "0.00", accessories: "0.00", by_service: { water: "0.00", sewer: "0.00", sanitation: "0.00", other: "0.00" } },
    months_past_due: 0,
    oldest_unpaid_period: null,
    last_visits: [],
    ...p,
  };
}

export function applicationRow(id: string, p: Partial<DiscountApplicationRow> = {}): DiscountApplicationRow {
  return {
    id,
    program_id: D.program,
    account_id: D.acc1,
    beneficiary_type: "senior",
    beneficiary_name: "Rosa González Núñez",
    curp: CURP.rosa,
    birth_date: "1955-03-12",
    status: "submitted",
    problems: [],
    decision_note: null,
    starts_on: null,
    ends_on: null,
    evidence_pending: false,
    renewal_of: null,
    answers_request: null,
    ...p,
  };
}

/** The social worker's rows on the server: program, accounts, her two applications, today's route with a renewal stop. */
export function seedSocial(server: FakeServer, day = localDate()): void {
  server.putRow("discount_program", D.program, PROGRAM);
  server.putRow("discount_program", D.oldProgram, { ...PROGRAM, id: D.oldProgram, name: "Programa 2025", active: false });
  server.putRow("account", D.acc1, accountRow(D.acc1, "01-0042-7", "Rosa González Núñez"));
  server.putRow("account", D.acc2, accountRow(D.acc2, "01-0043-5", "José López Peña", { address: { street: "Av. Obregón", exterior_number: "301", interior_number: null, neighborhood: "Pueblo Nuevo", locality: "Heroica Caborca", postal_code: "83600", references: null } }));
  server.putRow("account", D.acc3, accountRow(D.acc3, "02-0100-1", "Abarrotes Martínez", { property_class: "commercial", months_past_due: 3 }));
  server.putRow(
    "discount_application",
    D.asked,
    applicationRow(D.asked, { account_id: D.acc2, beneficiary_type: "pensioner", beneficiary_name: "José López Peña", curp: CURP.jose, birth_date: "1958-09-23", status: "needs_info", decision_note: "Falta la foto del comprobante de pensión." }),
  );
  server.putRow("discount_application", D.renewed, applicationRow(D.renewed, { status: "approved", starts_on: "2025-12-20", ends_on: "2026-12-19" }));
  server.putRow("route", D.route, { id: D.route, name: "Social Centro", work_date: day, status: "planned", zone: "Centro", campaign_id: null });
  server.putRow("stop", D.renewalStop, { id: D.renewalStop, route_id: D.route, position: 1, kind: "renewal", status: "pending", notice_id: null, order_id: null, application_id: D.renewed, account_id: D.acc1, cancel_reason: null });
}

/** A registration visit (a customer asked for the discount at the counter) on today's route, at the account `accountId`. */
export function seedVisit(server: FakeServer, accountId: string = D.acc2, p: Record<string, unknown> = {}): void {
  server.putRow("stop", D.visitStop, { id: D.visitStop, route_id: D.route, position: 2, kind: "discount_visit", status: "pending", notice_id: null, order_id: null, application_id: null, account_id: accountId, cancel_reason: null, ...p });
}

let n = 0;

/** Log a social worker in and wait until her phone holds the accounts, programs and her `stops` stops. */
export async function startSocialWorker(stops = 1): Promise<User> {
  n += 1;
  const user: User = { id: `s-${n}-${Math.random().toString(36).slice(2)}`, username: "social1", full_name: "Trabajadora Social Uno", roles: ["social_worker"] };
  const s = { access_token: "access-1", refresh_token: "refresh-1", user };
  localStorage.setItem("cartera.session", JSON.stringify(s));
  session.value = s;
  await startField(user.id);
  await vi.waitFor(() => expect(view.value?.accounts.size).toBe(3));
  await vi.waitFor(() => expect(view.value?.stops.length).toBe(stops));
  return user;
}
