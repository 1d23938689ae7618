/**
 * Answering a survey at the door with the real field runtime (IndexedDB, sync engine) and the
 * fake server behind fetch: skip logic shows and hides questions as she answers, required
 * questions keep "Enviar" disabled, the scale's five big buttons, the draft saved as she answers,
 * submit (survey.submit in the outbox, the request answered, the draft gone, the confirmation),
 * and a draft started on version 1 kept on version 1 after version 2 arrives.
 */
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SurveySubmitArgsV1 } from "../src/domain/survey-rules";
import type { SurveyDraft } from "../src/features/surveys/answer-draft";
import SurveyAnswerScreen from "../src/features/surveys/SurveyAnswerScreen";
import { loadSurveyData } from "../src/features/surveys/survey-data";
import { surveyDraftKey } from "../src/mutations";
import { getDraft } from "../src/storage/drafts";
import { listOutbox } from "../src/storage/outbox";
import { fieldDb, startField, stopField, syncNow, view } from "../src/state/field";
import { navigate } from "../src/state/router";
import { FakeServer } from "./helpers/fake-server";
import { IDS, seedRoute } from "./helpers/fixtures";
import { formRow, seedSurveys, SRV, V2_QUESTIONS, worker } from "./helpers/survey-fixtures";

let server: FakeServer;
let root: HTMLElement;
const $ = (id: string) => root.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;
const shownIds = () => [...root.querySelectorAll<HTMLElement>('[data-testid="survey-question"]')].map((e) => e.dataset.qid);
const submitBtn = () => $("survey-submit") as HTMLButtonElement;

async function startWorker(): Promise<void> {
  const user = worker(["notifier"]);
  localStorage.setItem("cartera.session", JSON.stringify({ access_token: "access-1", refresh_token: "refresh-1", user }));
  await startField(user.id);
  await vi.waitFor(() => expect(view.value?.accounts.size).toBe(2));
}

async function open(query: string): Promise<void> {
  navigate(`/encuesta/${SRV.form}?${query}`);
  render(<SurveyAnswerScreen formKey={SRV.form} />, root);
  await vi.waitFor(() => expect($("survey-screen")?.dataset.mode).toBe("answer"));
}

beforeEach(() => {
  server = new FakeServer();
  seedRoute(server);
  seedSurveys(server);
  vi.stubGlobal("fetch", server.fetch);
  root = document.createElement("div");
  document.body.appendChild(root);
});

afterEach(() => {
  render(null, root);
  stopField();
  vi.unstubAllGlobals();
  localStorage.clear();
  document.body.innerHTML = "";
});

describe("answering a survey offline", () => {
  it("skip logic: a 'Sí' shows the rating, a 1 shows 'why', a 'No' hides both (and what hung on them)", async () => {
    await startWorker();
    await open(`cuenta=${IDS.acc1}&motivo=standalone`);
    expect($("survey-version")?.textContent).toContain("Versión 1");
    expect($("survey-account")?.textContent).toContain("Pérez López Juana");
    expect(shownIds()).toEqual(["served", "channel", "issues", "people"]);
    $("survey-q-served-true")!.click();
    await vi.waitFor(() => expect(shownIds()).toEqual(["served", "rating", "channel", "issues", "people"]));
    expect($("survey-q-served-true")?.getAttribute("aria-pressed")).toBe("true");
    $("survey-q-rating-1")!.click();
    await vi.waitFor(() => expect(shownIds()).toEqual(["served", "rating", "why", "channel", "issues", "people"]));
    $("survey-q-served-false")!.click();
    await vi.waitFor(() => expect(shownIds()).toEqual(["served", "channel", "issues", "people"]));
    // Back to "Sí": the rating comes back with the 1 she had given.
    $("survey-q-served-true")!.click();
    await vi.waitFor(() => expect(shownIds()).toContain("why"));
    expect($("survey-q-rating-1")?.getAttribute("aria-pressed")).toBe("true");
  });

  it("required questions keep 'Enviar encuesta' disabled; the scale's five buttons each say what they mean", async () => {
    await startWorker();
    await open(`cuenta=${IDS.acc1}&motivo=standalone`);
    expect(submitBtn().disabled).toBe(true);
    expect($("survey-problems-count")?.dataset.count).toBe("2"); // served, channel
    // Nothing said yet about a question she has not reached.
    expect($("survey-q-channel-problem")).toBeNull();
    $("survey-q-served-true")!.click();
    await vi.waitFor(() => expect($("survey-q-rating-1")).not.toBeNull());
    const scale = [1, 2, 3, 4, 5].map((s) => $(`survey-q-rating-${s}`)!.textContent);
    expect(scale).toEqual(["1Muy malo", "2Malo", "3Regular", "4Bueno", "5Muy bueno"]);
    ($("survey-q-channel-sms") as HTMLInputElement).click();
    await vi.waitFor(() => expect($("survey-problems-count")?.dataset.count).toBe("1"));
    // Once she went past the rating, its problem shows on it, in Spanish.
    expect($("survey-q-rating-problem")?.textContent).toBe("Esta pregunta es obligatoria.");
    expect(submitBtn().disabled).toBe(true);
    $("survey-q-rating-4")!.click();
    await vi.waitFor(() => expect(submitBtn().disabled).toBe(false));
    expect($("survey-q-rating-4")?.getAttribute("aria-pressed")).toBe("true");
    // A number out of range blocks again, with its message.
    const people = $("survey-q-people") as HTMLInputElement;
    people.value = "25";
    people.dispatchEvent(new Event("input", { bubbles: true }));
    await vi.waitFor(() => expect($("survey-q-people-problem")?.textContent).toBe("El valor está fuera del rango permitido."));
    expect(submitBtn().disabled).toBe(true);
  });

  it("saves the draft as she answers; 'Enviar' writes survey.submit (answers of shown questions only), answers the request and shows the confirmation", async () => {
    await startWorker();
    await open(`cuenta=${IDS.acc1}&parada=${IDS.stop1}&solicitud=${SRV.request}&motivo=route&volver=${encodeURIComponent("/visita/x?stop=y")}`);
    const key = surveyDraftKey(SRV.form, IDS.acc1);
    $("survey-q-served-true")!.click();
    await vi.waitFor(() => expect($("survey-q-rating-2")).not.toBeNull());
    $("survey-q-rating-2")!.click();
    await vi.waitFor(() => expect($("survey-q-why")).toBeNull()); // only a 1 asks why
    ($("survey-q-channel-papel") as HTMLInputElement).click();
    ($("survey-q-issues-trato") as HTMLInputElement).click();
    await vi.waitFor(async () => expect((await getDraft<SurveyDraft>(fieldDb(), key))?.answers).toEqual({ served: true, rating: 2, channel: "papel", issues: ["trato"] }));
    const respondent = $("survey-respondent") as HTMLInputElement;
    respondent.value = "Juana Pérez";
    respondent.dispatchEvent(new Event("input", { bubbles: true }));
    await vi.waitFor(() => expect(submitBtn().disabled).toBe(false));
    submitBtn().click();
    await vi.waitFor(() => expect($("survey-done")).not.toBeNull());
    expect($("survey-back")?.getAttribute("href")).toBe("#/visita/x?stop=y");

    const [e] = (await listOutbox(fieldDb())).filter((x) => x.name === "survey.submit");
    const args = e.args as SurveySubmitArgsV1;
    expect(e.v).toBe(1);
    expect(e.ref).toEqual({ t: "survey_response", id: args.id });
    expect(args).toMatchObject({
      form_id: SRV.v1,
      account_id: IDS.acc1,
      stop_id: IDS.stop1,
      request_id: SRV.request,
      trigger: "route",
      answers: { served: true, rating: 2, channel: "papel", issues: ["trato"] },
      respondent_name: "Juana Pérez",
      gps: null,
      gps_error: "unavailable",
    });
    expect(await getDraft(fieldDb(), key)).toBeUndefined();
    const data = await loadSurveyData(fieldDb());
    expect(data.requests.find((r) => r.id === SRV.request)?.status).toBe("answered");
    // The sync delivers it to the server, with the version answered.
    await syncNow();
    const sent = server.applied.find((m) => m.name === "survey.submit");
    expect(sent?.args.form_id).toBe(SRV.v1);
    expect(sent?.v).toBe(1);
  });

  it("a draft started on version 1 stays on version 1 after version 2 arrives; a new one starts on version 2", async () => {
    await startWorker();
    await open(`cuenta=${IDS.acc1}&motivo=standalone`);
    $("survey-q-served-false")!.click();
    ($("survey-q-channel-whatsapp") as HTMLInputElement).click();
    const key = surveyDraftKey(SRV.form, IDS.acc1);
    await vi.waitFor(async () => expect((await getDraft<SurveyDraft>(fieldDb(), key))?.answers).toEqual({ served: false, channel: "whatsapp" }));
    render(null, root);

    // The office publishes version 2: version 1 is retired, both reach the phone.
    server.putRow("survey_form", SRV.v2, formRow({ id: SRV.v2, version: 2, questions: V2_QUESTIONS, published_at: "2026-11-28T18:00:00Z" }));
    server.putRow("survey_form", SRV.v1, formRow({ status: "retired" }));
    await syncNow();
    await vi.waitFor(async () => expect((await loadSurveyData(fieldDb())).forms.map((f) => f.id).sort()).toContain(SRV.v2));

    await open(`cuenta=${IDS.acc1}&motivo=standalone`);
    expect($("survey-screen")?.dataset.version).toBe("1");
    expect($("survey-old-version")?.textContent).toContain("versión 1");
    expect($("survey-retired")).toBeNull(); // superseded, not withdrawn
    expect($("survey-q-served-false")?.getAttribute("aria-pressed")).toBe("true");
    expect(shownIds()).not.toContain("again");
    await vi.waitFor(() => expect(submitBtn().disabled).toBe(false));
    submitBtn().click();
    await vi.waitFor(() => expect($("survey-done")).not.toBeNull());
    const [e] = (await listOutbox(fieldDb())).filter((x) => x.name === "survey.submit");
    expect((e.args as SurveySubmitArgsV1).form_id).toBe(SRV.v1);
    render(null, root);

    // Another account: a fresh survey, on version 2.
    await open(`cuenta=${IDS.acc2}&motivo=standalone`);
    expect($("survey-screen")?.dataset.version).toBe("2");
    expect(shownIds()).toContain("again");
    expect($("survey-old-version")).toBeNull();
  });

  it("a form the phone does not hold says so, with 'Volver'", async () => {
    await startWorker();
    navigate(`/encuesta/79999999-0000-4000-8000-000000000000?motivo=standalone`);
    render(<SurveyAnswerScreen formKey="79999999-0000-4000-8000-000000000000" />, root);
    await vi.waitFor(() => expect($("survey-missing")).not.toBeNull());
    expect($("survey-back")?.getAttribute("href")).toBe("#/encuestas");
  });
});
