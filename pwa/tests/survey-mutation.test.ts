/**
 * `submitSurvey`: the outbox row, the local `survey_response` row, the request answered and the
 * draft removed in ONE IndexedDB transaction (nothing of it when it fails), and what the survey
 * screens read afterwards (the request answered, the survey "Pendiente", then the server's answer).
 */
import { describe, expect, it } from "vitest";
import type { SurveySubmitArgsV1 } from "../src/domain/survey-rules";
import { loadSurveyData } from "../src/features/surveys/survey-data";
import { submitSurvey, surveyDraftKey } from "../src/mutations";
import type { Db } from "../src/storage/db";
import { getDraft, putDraft } from "../src/storage/drafts";
import { getMeta } from "../src/storage/meta";
import { listOutbox } from "../src/storage/outbox";
import { listOverlay } from "../src/storage/overlay";
import { applyPullPage, applyPushResults } from "../src/storage/transactions";
import { freshDb } from "./helpers/env";
import { IDS } from "./helpers/fixtures";
import { formRow, requestRow, SRV } from "./helpers/survey-fixtures";

const RESPONSE = "73000000-0000-4000-8000-000000000001";

function args(p: Partial<SurveySubmitArgsV1> = {}): SurveySubmitArgsV1 {
  return {
    id: RESPONSE,
    form_id: SRV.v1,
    account_id: IDS.acc1,
    stop_id: IDS.stop1,
    request_id: SRV.request,
    trigger: "route",
    answers: { served: true, rating: 2, channel: "sms" },
    respondent_name: null,
    gps: { lat: 30.716, lon: -112.156, accuracy_m: 8, at: "2026-11-28T16:04:00.000Z" },
    gps_error: null,
    started_at: "2026-11-28T16:00:00.000Z",
    ...p,
  };
}

async function seeded(): Promise<Db> {
  const db = freshDb("survey");
  await applyPullPage(db, {
    cookie: "c1",
    reset: false,
    has_more: false,
    last_seq: 0,
    patch: [
      { op: "put", t: "survey_form", id: SRV.v1, rv: 1, d: formRow() },
      { op: "put", t: "survey_request", id: SRV.request, rv: 2, d: requestRow() },
    ],
  });
  await putDraft(db, surveyDraftKey(SRV.form, IDS.acc1), "survey", { response_id: RESPONSE });
  return db;
}

describe("submitSurvey", () => {
  it("writes the outbox row, the response and the answered request, and removes the draft, in one transaction", async () => {
    const db = await seeded();
    const e = await submitSurvey(db, args(), { form_key: SRV.form, version: 1 });
    expect(e).toMatchObject({ seq: 1, name: "survey.submit", v: 1, state: "pending", ref: { t: "survey_response", id: RESPONSE }, blobs: [] });
    expect(e.args).toEqual(args());
    expect(e.base_rv).toBe(2);
    const overlay = await listOverlay(db);
    expect(overlay.map((o) => [o.seq, o.t, o.id, o.op])).toEqual([
      [1, "survey_request", SRV.request, "patch"],
      [1, "survey_response", RESPONSE, "put"],
    ]);
    expect(overlay.find((o) => o.t === "survey_request")?.d).toEqual({ status: "answered" });
    expect(overlay.find((o) => o.t === "survey_response")?.d).toMatchObject({ form_id: SRV.v1, form_key: SRV.form, version: 1, account_id: IDS.acc1, request_id: SRV.request, trigger: "route" });
    expect(await getDraft(db, surveyDraftKey(SRV.form, IDS.acc1))).toBeUndefined();

    const data = await loadSurveyData(db);
    expect(data.requests[0].status).toBe("answered");
    expect(data.sent).toEqual([{ id: RESPONSE, form_id: SRV.v1, account_id: IDS.acc1, trigger: "route", started_at: "2026-11-28T16:00:00.000Z", state: "pendiente", codes: [] }]);
  });

  it("without a request: no request is touched; a survey without an account keys its draft with '-'", async () => {
    const db = await seeded();
    await putDraft(db, surveyDraftKey(SRV.form, null), "survey", { response_id: RESPONSE });
    await submitSurvey(db, args({ request_id: null, account_id: null, stop_id: null, trigger: "standalone" }), { form_key: SRV.form, version: 1 });
    expect((await listOverlay(db)).map((o) => o.t)).toEqual(["survey_response"]);
    expect(await getDraft(db, surveyDraftKey(SRV.form, null))).toBeUndefined();
    expect(await getDraft(db, surveyDraftKey(SRV.form, IDS.acc1))).toBeDefined(); // another account's draft stays
    expect((await loadSurveyData(db)).requests[0].status).toBe("open");
  });

  it("if the transaction fails nothing is kept: no outbox row, no overlay, the draft stays, no seq consumed", async () => {
    const db = await seeded();
    // A value IndexedDB cannot store makes the outbox write fail inside the transaction.
    const bad = args({ answers: { served: (() => true) as unknown as boolean } });
    await expect(submitSurvey(db, bad, { form_key: SRV.form, version: 1 })).rejects.toThrow();
    expect(await listOutbox(db)).toEqual([]);
    expect(await listOverlay(db)).toEqual([]);
    expect(await getDraft(db, surveyDraftKey(SRV.form, IDS.acc1))).toBeDefined();
    expect((await getMeta(db, "seq")) ?? 0).toBe(0);
  });

  it("the server's answer: applied or a complaint flag → 'enviado'; other flags or rejected → 'observado' (rejected: the request open again)", async () => {
    const db = await seeded();
    const e = await submitSurvey(db, args(), { form_key: SRV.form, version: 1 });
    await applyPushResults(db, [{ seq: e.seq, status: "applied", rv: 9 }]);
    expect((await loadSurveyData(db)).sent[0].state).toBe("enviado");
    // A complaint raised is news for the office, not a problem of the worker's.
    const c = await seeded();
    const k = await submitSurvey(c, args(), { form_key: SRV.form, version: 1 });
    await applyPushResults(c, [{ seq: k.seq, status: "flagged", flags: ["COMPLAINT"] }]);
    expect((await loadSurveyData(c)).sent[0]).toMatchObject({ state: "enviado", codes: [] });
    const p = await seeded();
    const q = await submitSurvey(p, args(), { form_key: SRV.form, version: 1 });
    await applyPushResults(p, [{ seq: q.seq, status: "flagged", flags: ["COMPLAINT", "ANSWER_PROBLEMS"] }]);
    expect((await loadSurveyData(p)).sent[0]).toMatchObject({ state: "observado", codes: ["ANSWER_PROBLEMS"] });

    const other = await seeded();
    const r = await submitSurvey(other, args(), { form_key: SRV.form, version: 1 });
    await applyPushResults(other, [{ seq: r.seq, status: "rejected", code: "FORM_NOT_FOUND" }]);
    const data = await loadSurveyData(other);
    expect(data.sent[0]).toMatchObject({ state: "observado", codes: ["FORM_NOT_FOUND"] });
    expect(data.requests[0].status).toBe("open");
  });
});
