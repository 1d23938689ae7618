/** Spanish names of the fields a correction may target (server/registry/enums.py PROPOSABLE_FIELDS) and of their coded values. */
import { PROPERTY_CLASS_LABELS, PROPOSABLE_FIELD_LABELS } from "../../domain/outcomes";

export const FIELD_LABELS: Record<string, string> = {
  ...PROPOSABLE_FIELD_LABELS,
  class_subtype: "Subclase",
  business_line: "Giro",
  status: "Estado de la cuenta",
  billing_type: "Tipo de cobro",
  sector: "Sector",
  phone: "Teléfono",
  rfc: "RFC",
  curp: "CURP",
  street: "Calle",
  exterior_number: "Número exterior",
  interior_number: "Número interior",
  cadastral_key: "Clave catastral",
  latitude: "Latitud",
  longitude: "Longitud",
  occupants: "Habitantes",
  built: "Construido",
};

const CODED: Record<string, Record<string, string>> = {
  property_class: PROPERTY_CLASS_LABELS,
  status: { active: "Activa", limited: "Limitada", suspended: "Suspendida", temporarily_closed: "Baja temporal", closed: "Baja" },
  billing_type: { metered: "Medido", fixed: "Cuota fija", presumed: "Presuntivo" },
};

const BOOLEAN_FIELDS = new Set(["uninhabited", "built"]);

export const SOURCE_LABELS: Record<string, string> = { field: "Campo", office: "Oficina" };

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

/** A stored value as the office reads it: labels for codes, Sí/No, "(vacío)" for nothing. */
export function valueLabel(field: string, value: string | null): string {
  if (value === null || value === "") return "(vacío)";
  if (BOOLEAN_FIELDS.has(field)) return value === "true" || value === "True" ? "Sí" : value === "false" || value === "False" ? "No" : value;
  return CODED[field]?.[value] ?? value;
}
