/**
 * Where the field offers a survey: which forms each trigger applies (standalone, after a
 * reconnection or an agreement, at a route's stop), the account's open requests first, nothing at
 * all when none applies; the launcher on the visit and on an executed reconnection; and the
 * field's "Encuestas" (requests with their account, standalone forms for a searched account).
 */
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { navFor } from "../src/app/nav";
import { OrderScreen } from "../src/features/orders/OrderScreen";
import FieldSurveysScreen from "../src/features/surveys/FieldSurveysScreen";
import { formsForTrigger, launcherOffers, surveyHref, versionToAnswer } from "../src/features/surveys/pick";
import { SurveyLauncher } from "../src/features/surveys/SurveyLauncher";
import { VisitScreen } from "../src/features/visit/VisitScreen";
import { submitSurvey } from "../src/mutations";
import { fieldDb, refreshView, startField, stopField, view } from "../src/state/field";
import { navigate, route } from "../src/state/router";
import { FakeServer } from "./helpers/fake-server";
import { IDS, orderRow, seedRoute } from "./helpers/fixtures";
import { formRow, requestRow, seedSurveys, SRV, worker } from "./helpers/survey-fixtures";

const FORMS = [
  formRow(),
  formRow({ id: SRV.agreementV1, form_key: SRV.agreementForm, title: "Después del convenio", triggers: { standalone: false, events: ["agreement"] } }),
  formRow({ id: SRV.retiredV1, form_key: SRV.retiredForm, title: "Encuesta vieja", status: "retired", triggers: { standalone: true, events: ["reconnection", "agreement"] } }),
];
const REQUESTS = [requestRow(), requestRow({ id: SRV.otherRequest, account_id: IDS.acc2, status: "answered" })];
const keys = (xs: { form: { form_key: string } }[]) => xs.map((x) => x.form.form_key);

describe("which surveys apply (pure)", () => {
  it("standalone: the forms marked standalone; an event: the forms listing it; route: none by itself; never a retired one", () => {
    expect(formsForTrigger(FORMS, "standalone").map((f) => f.form_key)).toEqual([SRV.form]);
    expect(formsForTrigger(FORMS, "reconnection").map((f) => f.form_key)).toEqual([SRV.form]);
    expect(formsForTrigger(FORMS, "agreement").map((f) => f.form_key)).toEqual([SRV.agreementForm]);
    expect(formsForTrigger(FORMS, "discount_approved")).toEqual([]);
    expect(formsForTrigger(FORMS, "route")).toEqual([]);
  });

  it("the account's open requests come first, one button per form; answered requests and other accounts' do not count", () => {
    const acc1 = launcherOffers(FORMS, REQUESTS, { accountId: IDS.acc1, trigger: "agreement" });
    expect(keys(acc1)).toEqual([SRV.form, SRV.agreementForm]);
    expect(acc1[0]).toMatchObject({ request: { id: SRV.request }, trigger: "route", stopId: IDS.stop1 });
    expect(acc1[1]).toMatchObject({ request: null, trigger: "agreement" });
    // The main form is both requested and applies after a reconnection: one button, the request's.
    expect(launcherOffers(FORMS, REQUESTS, { accountId: IDS.acc1, trigger: "reconnection" }).map((o) => o.request?.id ?? null)).toEqual([SRV.request]);
    expect(launcherOffers(FORMS, REQUESTS, { accountId: IDS.acc2, trigger: "route" })).toEqual([]);
    expect(keys(launcherOffers(FORMS, REQUESTS, { accountId: IDS.acc2, trigger: "standalone", stopId: "s9" }))).toEqual([SRV.form]);
  });

  it("an office request is sent with the 'office' trigger; the link carries account, stop, request, trigger and the way back", () => {
    const [o] = launcherOffers(FORMS, [requestRow({ reason: "office", stop_id: null })], { accountId: IDS.acc1, stopId: "s1", trigger: "route" });
    expect(o).toMatchObject({ trigger: "office", stopId: "s1" });
    expect(surveyHref(SRV.form, { accountId: IDS.acc1, stopId: "s1", requestId: SRV.request, trigger: "office", back: "/orden/o1?stop=s1" })).toBe(
      `#/encuesta/${SRV.form}?cuenta=${IDS.acc1}&parada=s1&solicitud=${SRV.request}&motivo=office&volver=%2Forden%2Fo1%3Fstop%3Ds1`,
    );
  });

  it("the version to answer: the draft's while the phone holds it, else the newest published", () => {
    const v2 = formRow({ id: SRV.v2, version: 2 });
    const retiredV1 = formRow({ status: "retired" });
    expect(versionToAnswer([retiredV1, v2], SRV.form, SRV.v1).form?.id).toBe(SRV.v1);
    expect(versionToAnswer([retiredV1, v2], SRV.form, null).form?.id).toBe(SRV.v2);
    expect(versionToAnswer([v2], SRV.form, SRV.v1)).toEqual({ form: v2, fromDraft: false });
    expect(versionToAnswer([retiredV1], SRV.form, null).form).toBeNull();
  });

  it("'Encuestas' is in the nav of every field role and of the office", () => {
    for (const r of ["notifier", "cutter", "social_worker", "manager", "clerk", "director"] as const) expect(navFor([r]).map((n) => n.testid)).toContain("nav-surveys");
    expect(navFor(["notifier"])[0].path).toBe("/ruta"); // the home stays the route
  });
});

describe("the launcher and 'Encuestas' on the phone", () => {
  let server: FakeServer;
  let root: HTMLElement;
  const $ = (id: string) => root.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;

  async function startWorker(roles: ("notifier" | "cutter")[] = ["notifier"]): Promise<void> {
    const user = worker(roles);
    localStorage.setItem("cartera.session", JSON.stringify({ access_token: "access-1", refresh_token: "refresh-1", user }));
    await startField(user.id);
    await vi.waitFor(() => expect(view.value?.accounts.size).toBe(2));
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

  it("after an agreement: the request and the agreement form, with their links; nothing for an account with none; gone once answered", async () => {
    await startWorker();
    navigate("/convenio/x?id=y");
    render(<SurveyLauncher accountId={IDS.acc1} trigger="agreement" />, root);
    await vi.waitFor(() => expect($("survey-launcher")).not.toBeNull());
    expect($("survey-launcher")?.dataset.trigger).toBe("agreement");
    const req = $(`survey-start-${SRV.form}`)!;
    expect(req.dataset.requestId).toBe(SRV.request);
    expect(req.textContent).toContain("Encuesta de satisfacción: Satisfacción con el servicio");
    expect(req.getAttribute("href")).toContain(`solicitud=${SRV.request}`);
    expect(req.getAttribute("href")).toContain("motivo=route");
    expect($(`survey-start-${SRV.agreementForm}`)?.getAttribute("href")).toBe(`#/encuesta/${SRV.agreementForm}?cuenta=${IDS.acc1}&motivo=agreement&volver=%2Fconvenio%2Fx%3Fid%3Dy`);
    expect($(`survey-start-${SRV.retiredForm}`)).toBeNull();

    render(<SurveyLauncher accountId={IDS.acc2} trigger="route" />, root);
    await new Promise((r) => setTimeout(r, 50));
    expect(root.innerHTML).toBe("");

    render(<SurveyLauncher accountId={IDS.acc1} trigger="route" />, root);
    await vi.waitFor(() => expect($(`survey-start-${SRV.form}`)).not.toBeNull());
    await submitSurvey(fieldDb(), { id: "73000000-0000-4000-8000-000000000009", form_id: SRV.v1, account_id: IDS.acc1, stop_id: IDS.stop1, request_id: SRV.request, trigger: "route", answers: { served: false, channel: "sms" }, respondent_name: null, gps: null, gps_error: "timeout", started_at: "2026-11-28T16:00:00.000Z" }, { form_key: SRV.form, version: 1 });
    await refreshView();
    await vi.waitFor(() => expect($("survey-launcher")).toBeNull());
  });

  it("the visit of a stop with an open request offers it", async () => {
    await startWorker();
    navigate(`/visita/${IDS.notice1}?stop=${IDS.stop1}`);
    render(<VisitScreen noticeId={IDS.notice1} />, root);
    await vi.waitFor(() => expect($(`survey-start-${SRV.form}`)).not.toBeNull());
    expect($("survey-launcher")?.dataset.trigger).toBe("route");
    expect($(`survey-start-${SRV.form}`)?.getAttribute("href")).toContain(`parada=${IDS.stop1}`);
  });

  it("an executed reconnection offers the forms asked after a reconnection", async () => {
    const order = "60000000-0000-4000-8000-0000000000a1";
    server.putRow("order", order, orderRow(order, { folio: "RX-2026-1", action: "reconnect", status: "executed", account_id: IDS.acc2, executed_at: "2026-11-28T16:00:00Z" }));
    await startWorker(["cutter"]);
    await vi.waitFor(() => expect(view.value?.orders.size).toBe(1));
    navigate(`/orden/${order}`);
    render(<OrderScreen orderId={order} freshen={async () => "fresh"} />, root);
    await vi.waitFor(() => expect($(`survey-start-${SRV.form}`)).not.toBeNull());
    expect($("survey-launcher")?.dataset.trigger).toBe("reconnection");
    expect($(`survey-start-${SRV.form}`)?.getAttribute("href")).toContain("motivo=reconnection");
  });

  it("recording a reconnection as done keeps the cutter on the order, where the survey is offered", async () => {
    const order = "60000000-0000-4000-8000-0000000000a2";
    server.putRow("order", order, orderRow(order, { folio: "RX-2026-2", action: "reconnect", status: "assigned", account_id: IDS.acc2 }));
    await startWorker(["cutter"]);
    await vi.waitFor(() => expect(view.value?.orders.size).toBe(1));
    navigate(`/orden/${order}`);
    render(<OrderScreen orderId={order} freshen={async () => "fresh"} />, root);
    await vi.waitFor(() => expect($("confirm-cut")).not.toBeNull());
    expect($("survey-launcher")).toBeNull(); // not before it is done
    ($("confirm-cut") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("order-form")).not.toBeNull());
    ($("order-save") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($(`survey-start-${SRV.form}`)).not.toBeNull());
    expect(route.value.path).toBe(`/orden/${order}`);
    expect($("survey-launcher")?.dataset.trigger).toBe("reconnection");
  });

  it("'Encuestas': the open requests with their account, the standalone forms for a searched account or none", async () => {
    await startWorker();
    render(<FieldSurveysScreen />, root);
    await vi.waitFor(() => expect($("survey-request")).not.toBeNull());
    const req = $("survey-request")!;
    expect(req.dataset.requestId).toBe(SRV.request);
    expect(req.textContent).toContain("0001");
    expect(req.textContent).toContain("Calle 5 #12");
    expect(req.querySelector<HTMLElement>('[data-testid="survey-request-start"]')?.getAttribute("href")).toContain(`solicitud=${SRV.request}`);
    const start = () => $(`survey-start-${SRV.form}`)!.getAttribute("href")!;
    expect($(`survey-start-${SRV.agreementForm}`)).toBeNull(); // not a standalone form
    expect(start()).not.toContain("cuenta=");
    const search = $("survey-account-search") as HTMLInputElement;
    search.value = "ramirez";
    search.dispatchEvent(new Event("input", { bubbles: true }));
    await vi.waitFor(() => expect(root.querySelectorAll('[data-testid="survey-account-pick"]')).toHaveLength(1));
    ($("survey-account-pick") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("survey-chosen-account")?.textContent).toContain("0002"));
    expect(start()).toContain(`cuenta=${IDS.acc2}`);
    expect(start()).toContain("motivo=standalone");
  });
});
