/**
 * The results screen against a fake API: a chart (an image with the counts in its label) and
 * its table per question, averages of a scale, free-text answers with date and account, the
 * filters sent as the query string, and "Descargar Excel" with the same filters.
 */
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Results } from "../src/features/surveys/api";
import { filterQuery } from "../src/features/surveys/api";
import { chartSummary } from "../src/features/surveys/ResultChart";
import SurveyResultsScreen from "../src/features/surveys/SurveyResultsScreen";
import { session } from "../src/state/session";
import { captureDownloads } from "./helpers/dom-input";
import { json } from "./helpers/fake-server";
import { SRV } from "./helpers/survey-fixtures";

interface Call {
  method: string;
  path: string;
  search: string;
}

let root: HTMLElement;
let calls: Call[];
const $ = (id: string) => root.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;

const RESULTS: Results = {
  form_key: SRV.form,
  version: 2,
  title: "Satisfacción con el servicio",
  responses: 20,
  questions: [
    { id: "served", kind: "yes_no", label: "¿Lo atendieron?", answered: 20, skipped: 0, counts: [{ value: "true", label: "Sí", count: 12, percent: 60 }, { value: "false", label: "No", count: 8, percent: 40 }], average: null, min: null, max: null, texts: [], texts_total: 0 },
    {
      id: "rating",
      kind: "scale",
      label: "Califique la atención",
      answered: 12,
      skipped: 8,
      counts: [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n), count: n === 5 ? 6 : n === 1 ? 2 : 1, percent: n === 5 ? 50 : n === 1 ? 16.7 : 8.3 })),
      average: "3.83",
      min: 1,
      max: 5,
      texts: [],
      texts_total: 0,
    },
    { id: "why", kind: "text", label: "¿Qué podríamos mejorar?", answered: 2, skipped: 18, counts: [], average: null, min: null, max: null, texts: [{ text: "Que lleguen a tiempo", at: "2026-11-28T17:00:00Z", account_number: "0001" }], texts_total: 2 },
  ],
};

beforeEach(() => {
  calls = [];
  const s = { access_token: "access-1", refresh_token: "refresh-1", user: { id: "u-m", username: "encargada", full_name: "Encargada", roles: ["manager" as const] } };
  localStorage.setItem("cartera.session", JSON.stringify(s));
  session.value = s;
  vi.stubGlobal("fetch", async (input: string, init?: RequestInit) => {
    const url = new URL(input, "http://test.local");
    calls.push({ method: init?.method ?? "GET", path: url.pathname, search: url.search });
    const p = url.pathname;
    if (p === `/api/v1/surveys/forms/${SRV.form}`)
      return json({ form_key: SRV.form, draft: null, versions: [2, 1].map((v) => ({ id: `v${v}`, form_key: SRV.form, version: v, title: RESULTS.title, description: null, status: v === 2 ? "published" : "retired", questions: [], triggers: { standalone: true, events: [] }, complaint_threshold: 2, published_at: null })) });
    if (p === `/api/v1/surveys/forms/${SRV.form}/results`) return json(RESULTS);
    if (p === `/api/v1/surveys/forms/${SRV.form}/results.xlsx`) return new Response(new Blob(["PK"]), { status: 200, headers: { "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } });
    if (p === "/api/v1/registry/neighborhoods") return json([{ id: 7, name: "Centro", postal_code: "83600", locality_type: "colonia", sector: "1" }]);
    if (p === "/api/v1/fieldwork/workers") {
      const role = url.searchParams.get("role");
      return json({ items: role === "cutter" ? [{ id: "w2", username: "cortador1", full_name: "Cortador Uno" }] : role === "notifier" ? [{ id: "w1", username: "notificador1", full_name: "Ana Notificadora" }] : [] });
    }
    return json({ code: 404, error_code: "NOT_FOUND", message: "No se encontró." }, 404);
  });
  root = document.createElement("div");
  document.body.appendChild(root);
});

afterEach(() => {
  render(null, root);
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  localStorage.clear();
  session.value = null;
  document.body.innerHTML = "";
});

describe("survey results", () => {
  it("each answered question has a chart (an image labelled with its counts) and its table; text answers are listed", async () => {
    render(<SurveyResultsScreen formKey={SRV.form} />, root);
    await vi.waitFor(() => expect($("survey-results-total")?.dataset.value).toBe("20"));
    for (const q of ["served", "rating"]) {
      const chart = $(`survey-chart-${q}`)!;
      expect(chart.tagName).toBe("CANVAS");
      expect(chart.getAttribute("role")).toBe("img");
      expect($(`survey-table-${q}`)).not.toBeNull();
    }
    expect($("survey-chart-served")?.getAttribute("aria-label")).toBe("Gráfica de «¿Lo atendieron?»: Sí: 12 (60%), No: 8 (40%)");
    const rows = [...$("survey-table-served")!.querySelectorAll("tbody tr")].map((r) => [...r.children].map((c) => c.textContent));
    expect(rows).toEqual([
      ["Sí", "12", "60"],
      ["No", "8", "40"],
    ]);
    expect($("survey-result-rating-average")?.textContent).toBe("3.83");
    expect($("survey-chart-why")).toBeNull(); // free text: a list, not a chart
    expect($("survey-texts-why")?.textContent).toContain("Que lleguen a tiempo");
    expect($("survey-texts-why")?.textContent).toContain("0001");
    expect($("survey-result-why")?.textContent).toContain("Se muestran 1 de 2.");
    expect(chartSummary({ ...RESULTS.questions[0], counts: [] })).toBe("Gráfica de «¿Lo atendieron?»: sin respuestas");
  });

  it("the filters go to the server as the query string; the workers of every field role are offered", async () => {
    render(<SurveyResultsScreen formKey={SRV.form} />, root);
    await vi.waitFor(() => expect(($("survey-f-worker") as HTMLSelectElement).options.length).toBe(3));
    await vi.waitFor(() => expect(($("survey-f-version") as HTMLSelectElement).options.length).toBe(3));
    await vi.waitFor(() => expect(($("survey-f-neighborhood") as HTMLSelectElement).options.length).toBe(2));
    const set = (id: string, v: string, ev = "change") => {
      const el = $(id) as HTMLInputElement;
      el.value = v;
      el.dispatchEvent(new Event(ev, { bubbles: true }));
    };
    set("survey-f-version", "1");
    set("survey-f-from", "2026-11-01", "input");
    set("survey-f-to", "2026-11-30", "input");
    set("survey-f-neighborhood", "7");
    set("survey-f-worker", "w2");
    await new Promise((r) => setTimeout(r, 0));
    ($("survey-f-apply") as HTMLButtonElement).click();
    const want = "?version=1&from=2026-11-01&to=2026-11-30&neighborhood_id=7&worker_id=w2";
    await vi.waitFor(() => expect(calls.filter((c) => c.path.endsWith("/results")).map((c) => c.search)).toEqual(["", want]));
    expect(filterQuery({ version: "", from: null, worker_id: "w1" })).toBe("worker_id=w1");
  });

  it("'Descargar Excel' fetches results.xlsx with the token and the filters applied", async () => {
    const { clicked } = captureDownloads();
    render(<SurveyResultsScreen formKey={SRV.form} />, root);
    await vi.waitFor(() => expect($("survey-results-total")).not.toBeNull());
    const from = $("survey-f-from") as HTMLInputElement;
    from.value = "2026-11-01";
    from.dispatchEvent(new Event("input", { bubbles: true }));
    await new Promise((r) => setTimeout(r, 0));
    ($("survey-f-apply") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(calls.filter((c) => c.path.endsWith("/results"))).toHaveLength(2));
    ($("survey-results-xlsx") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(clicked).toHaveLength(1));
    const x = calls.find((c) => c.path.endsWith("/results.xlsx"))!;
    expect(x.search).toBe("?from=2026-11-01");
    expect(clicked[0].download).toMatch(/\.xlsx$/);
  });
});
