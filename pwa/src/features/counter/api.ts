/** Counter payments (server/ledger/routes.py): the account's header, posting with an Idempotency-Key, the receipt PDF. */
import type { Money } from "../../domain/types";
import { http } from "../../state/session";

const LEDGER = "/api/v1/ledger";

/** The ledger's PAYMENT_METHODS a clerk takes at the counter (bank files come through imports). */
export const PAYMENT_METHODS: [string, string][] = [
  ["cash", "Efectivo"],
  ["card", "Tarjeta"],
  ["transfer", "Transferencia"],
  ["check", "Cheque"],
  ["store", "Tienda de conveniencia"],
  ["online", "En línea"],
];

export const SERVICE_LABELS: Record<string, string> = { water: "Agua", sewer: "Drenaje", sanitation: "Saneamiento", other: "Otros" };
export const CONCEPT_LABELS: Record<string, string> = {
  consumption: "Consumo",
  fixed: "Cuota fija",
  sewer: "Drenaje",
  sanitation: "Saneamiento",
  surcharge: "Recargos",
  fine: "Multa",
  reconnection: "Reconexión",
  extraordinary: "Cargo extraordinario",
  enforcement_costs: "Gastos de ejecución",
};

export interface AccountHeader {
  id: string;
  account_number: string;
  holder: string;
  address: string;
  neighborhood: string;
  status: string;
  balance: Money;
  months_past_due: number;
}

export interface AllocationLine {
  charge_id: number;
  amount: Money;
  period: string;
  service: string;
  concept: string;
  due_date: string;
}

export interface PaymentOut {
  id: number;
  account_id: string;
  amount: Money;
  unapplied: Money;
  paid_on: string;
  method: string;
  reference: string | null;
  receipt_number: string;
  origin: string;
  allocations: AllocationLine[];
  balance_after: Money;
}

export interface PaymentBody {
  amount: Money;
  method: string;
  reference: string | null;
  paid_on: string;
}

interface RegistryDetail {
  id: string;
  account_number: string;
  status: string;
  holder: { name: string };
  premises: { address: string; neighborhood: string };
}

interface BalanceOut {
  account_number: string;
  balance: Money;
  months_past_due: number;
}

/** Holder and address from the registry, balance and months past due from the ledger. */
export async function accountHeader(ref: string): Promise<AccountHeader> {
  const enc = encodeURIComponent(ref.trim());
  const [acc, bal] = await Promise.all([
    http.request<RegistryDetail>(`/api/v1/registry/accounts/${enc}`),
    http.request<BalanceOut>(`${LEDGER}/accounts/${enc}/balance`),
  ]);
  const a = acc.body;
  return {
    id: a.id,
    account_number: a.account_number,
    holder: a.holder.name,
    address: a.premises.address,
    neighborhood: a.premises.neighborhood,
    status: a.status,
    balance: bal.body.balance,
    months_past_due: bal.body.months_past_due,
  };
}

/** Book a payment; `key` is the form's Idempotency-Key, so a retry or a double click books it once. */
export async function postPayment(accountId: string, body: PaymentBody, key: string): Promise<{ payment: PaymentOut; replayed: boolean }> {
  const r = await http.request<PaymentOut>(`${LEDGER}/accounts/${encodeURIComponent(accountId)}/payments`, {
    method: "POST",
    body,
    headers: { "Idempotency-Key": key },
  });
  return { payment: r.body, replayed: r.headers.get("Idempotent-Replayed") === "true" };
}

export function receiptPath(paymentId: number): string {
  return `${LEDGER}/payments/${paymentId}/receipt.pdf`;
}
