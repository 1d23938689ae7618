/** The counter payment form, pure: what the clerk typed → the API body, or Spanish errors per field. */
import { formatCents, formatPesos } from "../../domain/money-dates";
import { parsePesosInput } from "../../domain/agreement-terms";
import { uuid } from "../../domain/ids";
import type { PaymentBody } from "./api";
import { PAYMENT_METHODS } from "./api";

export interface PaymentDraft {
  amount: string;
  method: string;
  reference: string;
  paidOn: string;
}

export type PaymentErrors = Partial<Record<keyof PaymentDraft, string>>;

/** A fresh Idempotency-Key for one payment form (8–100 of letters, digits, . _ : -). */
export function newPaymentKey(): string {
  return `pago-${uuid()}`;
}

/** Validate the draft against `today` ("YYYY-MM-DD"): amount > 0 with at most two decimals, a known method, a date not in the future. */
export function checkPayment(d: PaymentDraft, today: string): { body: PaymentBody | null; errors: PaymentErrors } {
  const errors: PaymentErrors = {};
  const text = d.amount.trim();
  const cents = text ? parsePesosInput(text) : null;
  if (!text) errors.amount = "Escriba el importe.";
  else if (cents === null) errors.amount = /^\d+\.\d{3,}$/.test(text.replace(/[\s$,]/g, "")) ? "Use como máximo dos decimales (centavos)." : "Escriba un importe válido, p. ej. 1,250.50.";
  else if (cents <= 0) errors.amount = "El importe debe ser mayor que cero.";
  if (!PAYMENT_METHODS.some(([k]) => k === d.method)) errors.method = "Elija la forma de pago.";
  const ref = d.reference.trim();
  if (ref.length > 80) errors.reference = "La referencia admite hasta 80 caracteres.";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.paidOn)) errors.paidOn = "Escriba la fecha de pago.";
  else if (d.paidOn > today) errors.paidOn = "La fecha de pago no puede ser futura.";
  if (Object.keys(errors).length > 0 || cents === null) return { body: null, errors };
  return { body: { amount: formatCents(cents), method: d.method, reference: ref || null, paid_on: d.paidOn }, errors };
}

/** Money the server sent ("1234.50") as "$1,234.50"; "—" when absent. */
export function pesos(s: string | null | undefined): string {
  if (!s) return "—";
  const neg = s.startsWith("-");
  const cents = parsePesosInput(neg ? s.slice(1) : s);
  return cents === null ? s : formatPesos(neg ? -cents : cents);
}

const MONTHS = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"];

/** "2026-03-01" → "mar 2026". */
export function periodLabel(iso: string): string {
  const m = Number(iso.slice(5, 7));
  return m >= 1 && m <= 12 ? `${MONTHS[m - 1]} ${iso.slice(0, 4)}` : iso;
}

/** "2026-03-15" → "15/03/2026". */
export function dayLabel(iso: string | null | undefined): string {
  return iso && /^\d{4}-\d{2}-\d{2}/.test(iso) ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : "—";
}
