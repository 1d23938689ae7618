/** Survey rows as the server sends them (row types `survey_form`, `survey_request`), for the survey tests. */
import type { SurveyFormRow, SurveyQuestion, SurveyRequestRow } from "../../src/domain/survey-rules";
import type { User } from "../../src/domain/types";
import type { FakeServer } from "./fake-server";
import { IDS } from "./fixtures";

export const SRV = {
  form: "70000000-0000-4000-8000-000000000001",
  v1: "71000000-0000-4000-8000-000000000001",
  v2: "71000000-0000-4000-8000-000000000002",
  agreementForm: "70000000-0000-4000-8000-000000000002",
  agreementV1: "71000000-0000-4000-8000-000000000003",
  retiredForm: "70000000-0000-4000-8000-000000000003",
  retiredV1: "71000000-0000-4000-8000-000000000004",
  request: "72000000-0000-4000-8000-000000000001",
  otherRequest: "72000000-0000-4000-8000-000000000002",
};

export const QUESTIONS: SurveyQuestion[] = [
  { id: "served", kind: "yes_no", label: "¿Lo atendió personal del organismo?", required: true, show_if: null },
  { id: "rating", kind: "scale", label: "¿Qué tan satisfecho está con la atención?", required: true, satisfaction: true, show_if: { question: "served", equals: true } },
  { id: "why", kind: "text", label: "¿Qué podríamos mejorar?", required: false, show_if: { question: "rating", equals: 1 } },
  {
    id: "channel",
    kind: "single",
    label: "¿Cómo prefiere recibir sus avisos?",
    required: true,
    options: [
      { value: "whatsapp", label: "WhatsApp" },
      { value: "sms", label: "Mensaje de texto" },
      { value: "papel", label: "En papel" },
    ],
    show_if: null,
  },
  {
    id: "issues",
    kind: "multiple",
    label: "¿Qué problemas ha tenido?",
    required: false,
    complaint: true,
    complaint_values: ["trato"],
    options: [
      { value: "fuga", label: "Fugas" },
      { value: "trato", label: "Mal trato del personal" },
    ],
    show_if: null,
  },
  { id: "people", kind: "number", label: "¿Cuántas personas viven en el domicilio?", required: false, min: 1, max: 20, show_if: null },
];

export function formRow(p: Partial<SurveyFormRow> = {}): SurveyFormRow {
  return {
    id: SRV.v1,
    form_key: SRV.form,
    version: 1,
    title: "Satisfacción con el servicio",
    description: "Cinco preguntas breves.",
    status: "published",
    questions: QUESTIONS,
    triggers: { standalone: true, events: ["reconnection"] },
    complaint_threshold: 2,
    published_at: "2026-11-01T15:00:00Z",
    ...p,
  };
}

/** Version 2 of the main form: one more question at the end. */
export const V2_QUESTIONS: SurveyQuestion[] = [...QUESTIONS, { id: "again", kind: "yes_no", label: "¿Nos recomendaría?", required: true, show_if: null }];

export function requestRow(p: Partial<SurveyRequestRow> = {}): SurveyRequestRow {
  return { id: SRV.request, form_key: SRV.form, account_id: IDS.acc1, stop_id: IDS.stop1, reason: "route", status: "open", created_at: "2026-11-28T14:00:00Z", ...p };
}

/** The forms a device holds: the main one (standalone, after a reconnection), one after an agreement, one retired; and a request at stop 1. */
export function seedSurveys(server: FakeServer): void {
  server.putRow("survey_form", SRV.v1, formRow());
  server.putRow("survey_form", SRV.agreementV1, formRow({ id: SRV.agreementV1, form_key: SRV.agreementForm, title: "Después del convenio", triggers: { standalone: false, events: ["agreement"] } }));
  server.putRow("survey_form", SRV.retiredV1, formRow({ id: SRV.retiredV1, form_key: SRV.retiredForm, title: "Encuesta vieja", status: "retired", triggers: { standalone: true, events: ["reconnection", "agreement"] } }));
  server.putRow("survey_request", SRV.request, requestRow());
}

let n = 0;
/** A field worker with a fresh database (`roles` default notifier). */
export function worker(roles: User["roles"] = ["notifier"]): User {
  n += 1;
  return { id: `s-${n}-${Math.random().toString(36).slice(2)}`, username: "notificador1", full_name: "Notificadora Uno", roles };
}
