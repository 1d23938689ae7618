/**
 * The survey rows of the field device (forms, this worker's requests) with the pending
 * mutations laid over them (the shared mergeRows), and the surveys sent from this phone with
 * their sync state. Re-read whenever the local view is recomputed (after a pull or a mutation).
 */
import { useEffect, useState } from "preact/hooks";
import type { SurveyFormRow, SurveyRequestRow, SurveySubmitArgsV1 } from "../../domain/survey-rules";
import type { Db, OutboxEntry } from "../../storage/db";
import { listOutbox } from "../../storage/outbox";
import { listOverlay } from "../../storage/overlay";
import { rowsOfType } from "../../storage/rows";
import { fieldDb, view } from "../../state/field";
import { mergeRows } from "../../state/view";

export type SentState = "pendiente" | "enviado" | "observado";

/** A survey submitted on this device (while its outbox entry is kept). */
export interface SentSurvey {
  id: string;
  form_id: string;
  account_id: string | null;
  trigger: string;
  started_at: string;
  state: SentState;
  codes: string[];
}

export interface SurveyData {
  forms: SurveyFormRow[];
  requests: SurveyRequestRow[];
  sent: SentSurvey[];
}

export const EMPTY_SURVEY_DATA: SurveyData = { forms: [], requests: [], sent: [] };

/** Flags that tell the office something, not the worker that anything went wrong (a complaint was raised). */
const INFO_FLAGS: ReadonlySet<string> = new Set(["COMPLAINT"]);

/** The state of a submitted survey from its outbox entry. */
export function sentState(e: OutboxEntry): { state: SentState; codes: string[] } {
  if (e.state === "pending") return { state: "pendiente", codes: [] };
  const r = e.result;
  if (r?.status === "rejected") return { state: "observado", codes: [r.code ?? "REJECTED"] };
  const flags = (r?.flags ?? []).filter((f) => !INFO_FLAGS.has(f));
  if (r?.status === "flagged" && flags.length) return { state: "observado", codes: flags };
  return { state: "enviado", codes: [] };
}

/** Read the survey rows and the surveys sent, from the device's stores. */
export async function loadSurveyData(db: Db): Promise<SurveyData> {
  const [forms, requests, overlay, outbox] = await Promise.all([rowsOfType(db, "survey_form"), rowsOfType(db, "survey_request"), listOverlay(db), listOutbox(db)]);
  const { tables } = mergeRows(
    [...forms, ...requests],
    overlay.filter((o) => o.t === "survey_form" || o.t === "survey_request"),
  );
  const vals = <T>(t: string) => [...(tables.get(t)?.values() ?? [])] as unknown as T[];
  const sent = outbox
    .filter((e) => e.name === "survey.submit")
    .map((e) => {
      const a = e.args as SurveySubmitArgsV1;
      return { id: a.id, form_id: a.form_id, account_id: a.account_id ?? null, trigger: a.trigger, started_at: a.started_at, ...sentState(e) };
    })
    .sort((x, y) => (x.started_at < y.started_at ? 1 : -1));
  return { forms: vals<SurveyFormRow>("survey_form"), requests: vals<SurveyRequestRow>("survey_request"), sent };
}

/** The survey data, re-read each time the field view changes (null until first read). */
export function useSurveyData(): SurveyData | null {
  const v = view.value;
  const [data, setData] = useState<SurveyData | null>(null);
  useEffect(() => {
    if (!v) return;
    let alive = true;
    let db: Db;
    try {
      db = fieldDb();
    } catch {
      return; // logged out meanwhile
    }
    loadSurveyData(db).then(
      (d) => alive && setData(d),
      () => alive && setData((cur) => cur ?? EMPTY_SURVEY_DATA),
    );
    return () => {
      alive = false;
    };
  }, [v]);
  return data;
}
