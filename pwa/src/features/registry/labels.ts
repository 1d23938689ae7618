/** Spanish labels of the registry (mirrors server/registry/enums.py) and the account page. */
export { PROPERTY_CLASS_LABELS } from "../../domain/outcomes";

export const ACCOUNT_STATUS_LABELS: Record<string, string> = {
  active: "Activa",
  limited: "Limitada",
  suspended: "Suspendida",
  temporarily_closed: "Baja temporal",
  closed: "Baja",
};
/** Credit kinds (server/ledger/enums.py CREDIT_KINDS and SYSTEM_CREDIT_KINDS). */
export const CREDIT_KIND_LABELS: Record<string, string> = { adjustment: "Ajuste", waiver: "Condonación", discount: "Descuento", correction: "Corrección", write_off: "Baja por incobrable" };
export const BILLING_TYPE_LABELS: Record<string, string> = { metered: "Medido", fixed: "Cuota fija", presumed: "Presuntivo" };
export const METER_STATE_LABELS: Record<string, string> = { working: "Funcionando", broken: "Dañado", missing: "No localizado", removed: "Retirado" };
export const FLAG_LABELS: Record<string, string> = {
  social_discount: "Descuento social vigente",
  agreement_in_good_standing: "Convenio al corriente",
  vulnerable_household: "Hogar vulnerable (protegido)",
  public_services: "Servicio público (protegido)",
  large_consumer: "Gran consumidor",
};
export const ACTION_TYPE_LABELS: Record<string, string> = {
  notice: "Aviso",
  order: "Orden",
  agreement: "Convenio",
  discount: "Descuento",
  visit: "Visita",
};
export const PAYMENT_METHOD_LABELS: Record<string, string> = {
  cash: "efectivo",
  card: "tarjeta",
  transfer: "transferencia",
  check: "cheque",
  bank_file: "archivo bancario",
  store: "tienda de conveniencia",
  online: "en línea",
};
export const AUDIT_ACTION_LABELS: Record<string, string> = { create: "Alta", update: "Cambio", delete: "Baja" };

/** https://www.openstreetmap.org/?mlat=..&mlon=.. when the premises has coordinates. */
export function mapHref(lat: number | null | undefined, lon: number | null | undefined): string | null {
  if (lat === null || lat === undefined || lon === null || lon === undefined) return null;
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=18/${lat}/${lon}`;
}
