/** Outcome codes of a visit, their Spanish labels, and what each one means for the notice. */
import { es } from "../i18n/es";
import type { AddressCheck, Outcome, ProposableField } from "./types";

export const OUTCOME_LABELS: Record<Outcome, string> = {
  delivered_holder: "Entregado al titular",
  delivered_other: "Entregado a otra persona",
  citatorio_left: "Citatorio dejado",
  absent: "Nadie atendió",
  refused: "Se negó a recibir",
  address_not_found: "Domicilio no localizado",
  vacant_house: "Casa deshabitada",
  already_paid: "Ya pagó",
};

/** The notice status the server derives from each outcome (docs/field-sync.md). */
export const NOTICE_STATUS_BY_OUTCOME: Record<Outcome, string> = {
  delivered_holder: "delivered",
  delivered_other: "delivered",
  citatorio_left: "citatorio",
  absent: "absent",
  refused: "refused",
  address_not_found: "not_found",
  vacant_house: "vacant",
  already_paid: "paid",
};

export const NOTICE_STATUS_LABELS: Record<string, string> = {
  issued: "Emitido",
  assigned: "Asignado",
  delivered: "Entregado",
  citatorio: "Citatorio",
  absent: "Ausente",
  refused: "Rechazado",
  not_found: "No localizado",
  vacant: "Deshabitada",
  paid: "Pagado",
  cancelled: "Cancelado",
};

export const NOTICE_KIND_LABELS: Record<string, string> = {
  informal: "Invitación de pago",
  formal: "Requerimiento",
};

export const ADDRESS_CHECK_LABELS: Record<AddressCheck, string> = {
  street_sign: "Placa o letrero de la calle",
  house_number: "Número de la casa",
  facade: "Fachada coincide",
  person_statement: "Lo dijo una persona",
  registry_match: "Coincide con el padrón",
  photo: "Fotografía",
  gps: "Ubicación GPS",
};

export const PROPERTY_CLASS_LABELS: Record<string, string> = {
  domestic: "Doméstico",
  commercial: "Comercial",
  industrial: "Industrial",
  public_services: "Servicios públicos",
  vacant_lot: "Lote baldío",
  mixed: "Mixto",
};

export const PROPOSABLE_FIELD_LABELS: Record<ProposableField, string> = {
  holder_name: "Nombre del titular",
  property_class: "Clase del predio",
  meter_serial: "Número de medidor",
  uninhabited: "Casa deshabitada",
};

export const FLAG_LABELS: Record<string, string> = {
  OUT_OF_SCOPE_AT_ARRIVAL: "La parada ya no era suya al llegar",
  FAR_FROM_PREMISES: "Lejos del domicilio",
  NO_GPS: "Sin GPS",
  OUTSIDE_BUSINESS_HOURS: "Fuera de horario hábil",
  DEVICE_CLOCK_SKEW: "Reloj del teléfono desfasado",
  INCOMPLETE_LEGAL_RECORD: "Acta incompleta",
  ROW_CHANGED_SINCE: "El padrón cambió desde entonces",
  ...es.orders.flags,
  ...es.agreements.flags,
};

/** Outcomes where a person received the notice (signature or refusal to sign expected). */
export const RECEIVED_BY_PERSON: ReadonlySet<Outcome> = new Set(["delivered_holder", "delivered_other"]);

/** Outcomes that serve a formal act (they restart prescription on the server). */
export const FORMAL_SERVICE: ReadonlySet<Outcome> = new Set(["delivered_holder", "delivered_other", "refused"]);

/** Spanish label of a flag or error code, falling back to the code itself. */
export function flagLabel(code: string): string {
  return FLAG_LABELS[code] ?? code;
}
