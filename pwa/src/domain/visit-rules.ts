/** The legal record rules checked on the device before a visit is saved (the server re-checks). */
import { RECEIVED_BY_PERSON } from "./outcomes";
import type { AddressCheck, GpsError, GpsFix, Outcome, VisitRecordArgsV2 } from "./types";

/** What the visit form holds while the notifier fills it (also saved as a draft). */
export interface VisitDraft {
  notice_id: string;
  stop_id: string | null;
  visit_id: string;
  started_at: string;
  outcome: Outcome | null;
  address_verification: AddressCheck[];
  asked_for: string;
  attended_name: string;
  attended_relationship: string;
  attended_id_shown: string;
  attended_description: string;
  is_neighbor: boolean;
  neighbor_house: string;
  neighbor_why: string;
  citatorio_date: string;
  citatorio_time: string;
  fixed_where: string;
  copy_delivered: boolean;
  signature_refused: boolean;
  photos: string[];
  notes: string;
}

/** Which blocks of the form each outcome shows. */
export interface OutcomeFields {
  person: boolean;
  neighbor: boolean;
  citatorio: boolean;
  refusal: boolean;
  signature: boolean;
  copy: boolean;
}

/** The form blocks shown for an outcome. */
export function fieldsFor(outcome: Outcome | null): OutcomeFields {
  const o = outcome;
  return {
    person: o === "delivered_holder" || o === "delivered_other" || o === "citatorio_left",
    neighbor: o === "delivered_other" || o === "citatorio_left",
    citatorio: o === "citatorio_left",
    refusal: o === "refused",
    signature: o === "delivered_holder" || o === "delivered_other" || o === "citatorio_left",
    copy: o === "delivered_holder" || o === "delivered_other" || o === "citatorio_left" || o === "refused",
  };
}

export type DraftErrors = Partial<Record<string, string>>;

/** Spanish messages for what is missing; an empty object means the visit can be saved. */
export function validateVisit(d: VisitDraft, hasSignature: boolean): DraftErrors {
  const e: DraftErrors = {};
  if (!d.outcome) {
    e.outcome = "Elija el resultado de la visita.";
    return e;
  }
  const f = fieldsFor(d.outcome);
  if (d.address_verification.length === 0) e.address_verification = "Marque al menos una forma de verificar el domicilio.";
  if (d.outcome === "delivered_other") {
    if (!d.attended_name.trim()) e.attended_name = "Anote el nombre de quien recibió.";
    if (!d.attended_relationship.trim()) e.attended_relationship = "Anote el parentesco o relación con el titular.";
    if (!d.attended_id_shown.trim() && !d.attended_description.trim())
      e.attended_id_shown = "Anote la identificación que mostró o describa a la persona.";
  }
  if ((d.outcome === "delivered_other" || d.outcome === "citatorio_left" || d.outcome === "refused") && !d.asked_for.trim())
    e.asked_for = "Anote por quién preguntó.";
  if (f.neighbor && d.is_neighbor) {
    if (!d.neighbor_house.trim()) e.neighbor_house = "Anote la casa del vecino.";
    if (!d.neighbor_why.trim()) e.neighbor_why = "Anote por qué es vecino.";
  }
  if (f.citatorio) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d.citatorio_date)) e.citatorio_date = "Anote la fecha del citatorio.";
    if (!/^\d{2}:\d{2}$/.test(d.citatorio_time)) e.citatorio_time = "Anote la hora del citatorio.";
  }
  if (f.refusal) {
    if (!d.fixed_where.trim()) e.fixed_where = "Anote dónde fijó el aviso.";
    if (d.photos.length === 0) e.photos = "Tome una foto del aviso fijado.";
  }
  if (RECEIVED_BY_PERSON.has(d.outcome) && !hasSignature && !d.signature_refused)
    e.signature = "Pida la firma o marque que se negó a firmar.";
  return e;
}

const nz = (s: string): string | null => (s.trim() ? s.trim() : null);

/** Turn a completed draft into `visit.record` v2 args (only the blocks its outcome shows). */
export function buildVisitArgs(
  d: VisitDraft,
  extra: { ended_at: string; gps: GpsFix | null; gps_error: GpsError | null; signature: string | null },
): VisitRecordArgsV2 {
  if (!d.outcome) throw new Error("outcome required");
  const f = fieldsFor(d.outcome);
  const person = f.person && d.attended_name.trim();
  return {
    id: d.visit_id,
    stop_id: d.stop_id,
    notice_id: d.notice_id,
    outcome: d.outcome,
    started_at: d.started_at,
    ended_at: extra.ended_at,
    gps: extra.gps,
    gps_error: extra.gps ? null : extra.gps_error ?? "unavailable",
    address_verification: [...d.address_verification],
    asked_for: nz(d.asked_for),
    attended_by: person
      ? {
          name: d.attended_name.trim(),
          relationship: d.attended_relationship.trim() || (d.outcome === "delivered_holder" ? "Titular" : ""),
          id_shown: nz(d.attended_id_shown),
          description: nz(d.attended_description),
        }
      : null,
    citatorio: f.citatorio ? { date: d.citatorio_date, time: d.citatorio_time } : null,
    refusal: f.refusal ? { fixed_where: d.fixed_where.trim() } : null,
    neighbor: f.neighbor && d.is_neighbor ? { house: d.neighbor_house.trim(), why: d.neighbor_why.trim() } : null,
    copy_delivered: f.copy ? d.copy_delivered : false,
    signature_refused: f.signature ? d.signature_refused && !extra.signature : false,
    signature: f.signature ? extra.signature : null,
    photos: [...d.photos],
    notes: nz(d.notes),
  };
}

/** A fresh draft for a notice: start time is when the form opens. */
export function newDraft(p: { notice_id: string; stop_id: string | null; visit_id: string; now: string; holder: string }): VisitDraft {
  return {
    notice_id: p.notice_id,
    stop_id: p.stop_id,
    visit_id: p.visit_id,
    started_at: p.now,
    outcome: null,
    address_verification: [],
    asked_for: p.holder,
    attended_name: "",
    attended_relationship: "",
    attended_id_shown: "",
    attended_description: "",
    is_neighbor: false,
    neighbor_house: "",
    neighbor_why: "",
    citatorio_date: "",
    citatorio_time: "",
    fixed_where: "",
    copy_delivered: true,
    signature_refused: false,
    photos: [],
    notes: "",
  };
}
