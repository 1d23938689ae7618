/**
 * The office's survey editor against a fake API: adding, changing and reordering questions with
 * the live problems in Spanish, "Mostrar solo si" offering only earlier questions, saving a new
 * form, publishing version N (confirm, then the API), the server's 422 shown on each field, the
 * read-only view of a clerk, the forms list and the complaints inbox ("Cerrar" with a note).
 */
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Role } from "../src/domain/types";
import type { FormVersion } from "../src/features/surveys/api";
import OfficeSurveysScreen from "../src/features/surveys/OfficeSurveysScreen";
import SurveyEditorScreen from "../src/features/surveys/SurveyEditorScreen";
import { navigate, route } from "../src/state/router";
import { session } from "../src/state/session";
import { json } from "./helpers/fake-server";
import { type } from "./helpers/dom-input";
import { QUESTIONS, SRV } from "./helpers/survey-fixtures";

interface Call {
  method: string;
  path: string;
  search: string;
  body: any;
}

let root: HTMLElement;
let calls: Call[];
let overrides: ((c: Call) => Response | undefined)[];
const $ = (id: string) => root.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;
const select = (id: string, value: string) => {
  const s = $(id) as HTMLSelectElement;
  s.value = value;
  s.dispatchEvent(new Event("change", { bubbles: true }));
};

const V1: FormVersion = {
  id: SRV.v1,
  form_key: SRV.form,
  version: 1,
  title: "Satisfacción con el servicio",
  description: null,
  status: "published",
  questions: QUESTIONS,
  triggers: { standalone: true, events: ["reconnection"] },
  complaint_threshold: 2,
  published_at: "2026-11-01T15:00:00Z",
};

function answer(c: Call): Response {
  for (const o of overrides) {
    const r = o(c);
    if (r) return r;
  }
  const base = "/api/v1/surveys";
  if (c.path === `${base}/forms` && c.method === "POST") return json({ ...V1, ...c.body, id: "new-id", form_key: "80000000-0000-4000-8000-000000000001", version: 1, status: "draft", published_at: null }, 201);
  if (c.path === `${base}/forms`)
    return json([{ form_key: SRV.form, title: V1.title, latest_published_version: 1, latest_version: 2, has_draft: true, status: "published", responses: 37, open_complaints: 2, triggers: V1.triggers }]);
  if (c.path === `${base}/forms/${SRV.form}`) return json({ form_key: SRV.form, draft: null, versions: [V1] });
  if (c.path === `${base}/forms/${SRV.form}/draft` && c.method === "PUT") return json({ ...V1, ...c.body, id: "draft-id", version: 2, status: "draft", published_at: null });
  if (c.path === `${base}/forms/${SRV.form}/publish`) return json({ ...V1, id: "v2", version: 2, status: "published" });
  if (c.path === `${base}/complaints`)
    return json({
      items: new URLSearchParams(c.search).get("status") === "open" ? [{ id: "c1", status: "open", summary: "Calificó 1/5: ¿Qué tan satisfecho está?", created_at: "2026-11-28T17:00:00Z", form_title: V1.title, account_number: "0001", holder: "Pérez López Juana" }] : [],
      total: new URLSearchParams(c.search).get("status") === "open" ? 1 : 0,
      page: 1,
      page_size: 100,
      pages: 1,
    });
  if (c.path === `${base}/complaints/c1/close`) return json({ id: "c1", status: "closed", summary: "x", created_at: "2026-11-28T17:00:00Z", form_title: V1.title, account_number: "0001", holder: "P" });
  if (c.path === "/api/v1/fieldwork/routes") return json({ items: [], total: 0, page: 1, pages: 1 });
  return json({ code: 404, error_code: "NOT_FOUND", message: "No se encontró." }, 404);
}

function login(role: Role): void {
  const s = { access_token: "access-1", refresh_token: "refresh-1", user: { id: `u-${role}`, username: role, full_name: role, roles: [role] } };
  localStorage.setItem("cartera.session", JSON.stringify(s));
  session.value = s;
}

beforeEach(() => {
  calls = [];
  overrides = [];
  vi.stubGlobal("fetch", async (input: string, init?: RequestInit) => {
    const url = new URL(input, "http://test.local");
    const c: Call = { method: init?.method ?? "GET", path: url.pathname, search: url.search, body: typeof init?.body === "string" ? JSON.parse(init.body) : null };
    calls.push(c);
    return answer(c);
  });
  root = document.createElement("div");
  document.body.appendChild(root);
});

afterEach(() => {
  render(null, root);
  vi.unstubAllGlobals();
  localStorage.clear();
  session.value = null;
  document.body.innerHTML = "";
});

describe("the survey editor", () => {
  it("a new form: questions added, typed, reordered; 'Mostrar solo si' lists only earlier questions; live problems; saved with POST", async () => {
    login("manager");
    render(<SurveyEditorScreen formKey={null} />, root);
    await vi.waitFor(() => expect($("survey-edit-q-0")).not.toBeNull());
    // The new question starts empty: its problems show at once, in Spanish, and block saving.
    expect($("survey-edit-q-0-problems")?.textContent).toContain("Escriba el texto de la pregunta.");
    expect($("survey-edit-q-0-problems")?.textContent).toContain("Cada opción necesita un valor y un texto.");
    type($("survey-edit-title"), "Atención en ventanilla");
    type($("survey-edit-q-0-label"), "¿Cómo lo atendieron?");
    type($("survey-edit-q-0-option-0"), "Bien");
    type($("survey-edit-q-0-option-1"), "Mal");
    await vi.waitFor(() => expect($("survey-edit-q-0-problems")).toBeNull());

    $("survey-edit-add")!.click();
    await vi.waitFor(() => expect($("survey-edit-q-1")).not.toBeNull());
    select("survey-edit-q-1-kind", "text");
    type($("survey-edit-q-1-label"), "¿Qué pasó?");
    $("survey-edit-add")!.click();
    await vi.waitFor(() => expect($("survey-edit-q-2")).not.toBeNull());
    select("survey-edit-q-2-kind", "yes_no");
    type($("survey-edit-q-2-label"), "¿Volvería?");

    // Question 3 may depend on question 1 (a choice) but not on question 2 (text), nor on itself.
    const offered = () => [...($("survey-edit-q-2-showif-question") as HTMLSelectElement).options].map((o) => o.value);
    expect(offered()).toEqual(["", "q1"]);
    expect([...($("survey-edit-q-0-showif-question") as HTMLSelectElement).options].map((o) => o.value)).toEqual([""]);
    select("survey-edit-q-2-showif-question", "q1");
    await vi.waitFor(() => expect($("survey-edit-q-2-showif-value")).not.toBeNull());
    expect([...($("survey-edit-q-2-showif-value") as HTMLSelectElement).options].map((o) => o.textContent)).toEqual(["Bien", "Mal"]);
    select("survey-edit-q-2-showif-value", JSON.stringify("o2"));

    // Moving the dependent question above its condition is a problem until moved back.
    $("survey-edit-q-2-up")!.click();
    $("survey-edit-q-1-up")!.click();
    await vi.waitFor(() => expect($("survey-edit-q-0")?.dataset.qid).toBe("q3"));
    expect($("survey-edit-q-0-problems")?.textContent).toContain("La condición debe referirse a una pregunta anterior.");
    expect(($("survey-save") as HTMLButtonElement).disabled).toBe(false);
    $("survey-edit-q-0-down")!.click();
    await vi.waitFor(() => expect($("survey-edit-q-1")?.dataset.qid).toBe("q3"));
    expect(root.querySelector(".field-error")).toBeNull();
    expect([...root.querySelectorAll<HTMLElement>("[data-qid]")].map((e) => e.dataset.qid)).toEqual(["q1", "q3", "q2"]);

    ($("survey-edit-event-agreement") as HTMLInputElement).click();
    await vi.waitFor(() => expect(($("survey-edit-event-agreement") as HTMLInputElement).checked).toBe(true));
    await new Promise((r) => setTimeout(r, 0));
    $("survey-save")!.click();
    await vi.waitFor(() => expect(calls.some((c) => c.method === "POST" && c.path === "/api/v1/surveys/forms")).toBe(true));
    const body = calls.find((c) => c.method === "POST")!.body;
    expect(body).toEqual({
      title: "Atención en ventanilla",
      description: null,
      questions: [
        { id: "q1", kind: "single", label: "¿Cómo lo atendieron?", required: false, show_if: null, options: [{ value: "o1", label: "Bien" }, { value: "o2", label: "Mal" }] },
        { id: "q3", kind: "yes_no", label: "¿Volvería?", required: false, show_if: { question: "q1", equals: "o2" } },
        { id: "q2", kind: "text", label: "¿Qué pasó?", required: false, show_if: null },
      ],
      triggers: { standalone: true, events: ["agreement"] },
      complaint_threshold: 2,
    });
    await vi.waitFor(() => expect(route.value.path).toBe("/encuestas/80000000-0000-4000-8000-000000000001/editar"));
  });

  it("'Publicar versión 2' asks first (answers in flight are still accepted), saves the draft, then publishes", async () => {
    login("manager");
    const confirm = vi.fn((_message: string) => true);
    vi.stubGlobal("confirm", confirm);
    render(<SurveyEditorScreen formKey={SRV.form} />, root);
    await vi.waitFor(() => expect(($("survey-edit-title") as HTMLInputElement)?.value).toBe(V1.title));
    expect(($("survey-edit-q-1-showif-question") as HTMLSelectElement).value).toBe("served");
    expect($("survey-publish")?.textContent).toBe("Publicar versión 2");
    $("survey-publish")!.click();
    await vi.waitFor(() => expect(calls.some((c) => c.path.endsWith("/publish"))).toBe(true));
    expect(confirm.mock.calls[0][0]).toContain("Las respuestas en curso de versiones anteriores se siguen aceptando");
    const order = calls.filter((c) => c.method !== "GET").map((c) => `${c.method} ${c.path.replace("/api/v1/surveys", "")}`);
    expect(order).toEqual([`PUT /forms/${SRV.form}/draft`, `POST /forms/${SRV.form}/publish`]);
    expect(calls.find((c) => c.method === "PUT")!.body.questions.map((q: { id: string }) => q.id)).toEqual(QUESTIONS.map((q) => q.id));
    await vi.waitFor(() => expect($("survey-editor-message")?.textContent).toBe("Versión 2 publicada."));
    expect($("survey-assign")).not.toBeNull(); // a published form can be asked on routes
  });

  it("a 422 shows each message under its field: the schema's (by position) and the rules' (by question id)", async () => {
    login("manager");
    let n = 0;
    overrides.push((c) => {
      if (c.method !== "PUT") return undefined;
      n += 1;
      return n === 1
        ? json({ code: 422, status: "Unprocessable Entity", error_code: "VALIDATION_ERROR", message: "Datos no válidos.", errors: { json: { title: ["Longitud máxima 200."], questions: { "3": { label: ["Longitud máxima 300."] } } } } }, 422)
        : json({ code: 422, status: "Unprocessable Entity", error_code: "SURVEY_FORM_INVALID", message: "La encuesta tiene errores: revise las preguntas señaladas.", errors: { questions: { issues: ["Dos opciones tienen el mismo valor."], _schema: ["Algo de la encuesta."] } } }, 422);
    });
    render(<SurveyEditorScreen formKey={SRV.form} />, root);
    await vi.waitFor(() => expect($("survey-save")).not.toBeNull());
    $("survey-save")!.click();
    await vi.waitFor(() => expect($("survey-editor-message")?.dataset.ok).toBe("false"));
    expect($("survey-editor-message")?.textContent).toContain("Datos no válidos.");
    expect(root.querySelector("#survey-edit-title-err")?.textContent).toBe("Longitud máxima 200.");
    expect($("survey-edit-q-3-problems")?.textContent).toBe("Longitud máxima 300.");
    expect($("survey-edit-q-3")?.getAttribute("aria-invalid")).toBe("true");

    $("survey-save")!.click();
    await vi.waitFor(() => expect($("survey-editor-message")?.textContent).toContain("revise las preguntas señaladas"));
    expect($("survey-edit-q-4")?.dataset.qid).toBe("issues");
    expect($("survey-edit-q-4-problems")?.textContent).toBe("Dos opciones tienen el mismo valor.");
    expect(root.querySelector("#survey-edit-title-err")).toBeNull();
  });

  it("a clerk reads the form: everything disabled, no save, publish or retire", async () => {
    login("clerk");
    render(<SurveyEditorScreen formKey={SRV.form} />, root);
    await vi.waitFor(() => expect(($("survey-edit-title") as HTMLInputElement)?.value).toBe(V1.title));
    expect($("survey-read-only")).not.toBeNull();
    expect(($("survey-edit-title") as HTMLInputElement).closest("fieldset")?.disabled).toBe(true);
    expect($("survey-save")).toBeNull();
    expect($("survey-publish")).toBeNull();
    expect($("survey-retire")).toBeNull();
    expect($("survey-assign")).toBeNull();
  });
});

describe("the office's 'Encuestas'", () => {
  it("lists the forms; 'Quejas' counts the open ones and the manager closes one with a note", async () => {
    login("manager");
    navigate("/encuestas");
    render(<OfficeSurveysScreen />, root);
    await vi.waitFor(() => expect($("survey-form-row")).not.toBeNull());
    const row = $("survey-form-row")!;
    expect(row.textContent).toContain("Satisfacción con el servicio");
    expect(row.textContent).toContain("Con cambios sin publicar");
    expect(row.textContent).toContain("37");
    expect(row.querySelector<HTMLElement>('[data-testid="survey-form-results"]')?.getAttribute("href")).toBe(`#/encuestas/${SRV.form}/resultados`);
    await vi.waitFor(() => expect($("surveys-tab-complaints")?.textContent).toBe("Quejas (1)"));

    $("surveys-tab-complaints")!.click();
    render(<OfficeSurveysScreen />, root);
    await vi.waitFor(() => expect($("complaint")).not.toBeNull());
    expect($("complaint-summary")?.textContent).toContain("Calificó 1/5");
    $("complaint-close")!.click();
    await vi.waitFor(() => expect($("complaint-close-form")).not.toBeNull());
    $("complaint-close-confirm")!.click();
    await vi.waitFor(() => expect(root.textContent).toContain("Escriba la nota de cierre."));
    type($("complaint-note"), "Se habló con el usuario y se corrigió el cobro.");
    await new Promise((r) => setTimeout(r, 0)); // the note reaches the form's state
    $("complaint-close-confirm")!.click();
    await vi.waitFor(() => expect(calls.some((c) => c.path === "/api/v1/surveys/complaints/c1/close")).toBe(true));
    expect(calls.find((c) => c.path.endsWith("/close"))!.body).toEqual({ note: "Se habló con el usuario y se corrigió el cobro." });
    await vi.waitFor(() => expect(root.textContent).toContain("Queja cerrada."));
  });
});
