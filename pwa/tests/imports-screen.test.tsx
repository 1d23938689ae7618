/**
 * The office's "Importaciones" screen against a mocked fetch: upload → the dry run's progress → the payment file's
 * matches and per-line errors with their CSV → "Aplicar" (all-or-nothing, or skipping bad rows) with progress again;
 * drag and drop; the director sees the history only.
 */
import { render } from "preact";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Role } from "../src/domain/types";
import { navFor } from "../src/app/nav";
import { multipart } from "../src/features/imports/api";
import { nextDelay } from "../src/ui/use-polled-job";
import ImportsScreen from "../src/features/imports/ImportsScreen";
import { json } from "./helpers/fake-server";
import { type Call, loginAs, officeHarness } from "./helpers/office";


const PREVIEW_ID = "a0000000-0000-4000-8000-000000000001";
const APPLY_ID = "a0000000-0000-4000-8000-000000000002";
const BASE_RUN = { kind: "payments", filename: "banco.csv", imported: 0, preview_of: null, created_at: "2026-12-07T17:00:00Z", finished_at: null, warnings: [], details: {}, verdict: null, valid: 0, errors: [], matches: [], totals: null };
const MATCHES = [
  { line: 2, matched: true, account_number: "01-0042-7", holder_name: "Pérez López Juana", balance: "5400.00", amount: "1000.50", paid_on: "2026-12-01", method: "transfer", reference: "SPEI-1", reason: null },
  { line: 3, matched: false, account_number: "ZZ9", holder_name: null, balance: null, amount: "100.00", paid_on: null, method: null, reference: "SPEI-2", reason: "Línea 3, columna «Cuenta»: No existe la cuenta ZZ9." },
];
const ERRORS = [{ line: 3, column: "Cuenta", message: "No existe la cuenta ZZ9." }];
const DONE_PREVIEW = { ...BASE_RUN, id: PREVIEW_ID, mode: "dry_run", status: "done", rows_total: 2, rows_done: 2, valid: 1, errors_count: 1, errors: ERRORS, matches: MATCHES, totals: { lines: 2, matched: 1, matched_amount: "1000.50", unmatched: 1, unmatched_amount: "100.00" }, verdict: "Simulación: 1 de 2 filas sin errores." };

let previewPolls: number;
let applyPolls: number;

function answer(c: Call): Response {
  if (c.path === "/api/v1/imports/payments" && c.method === "POST") return json({ id: PREVIEW_ID, status: "queued" }, 202);
  if (c.path === `/api/v1/imports/${PREVIEW_ID}`) {
    previewPolls += 1;
    if (previewPolls === 1) return json({ ...BASE_RUN, id: PREVIEW_ID, mode: "dry_run", status: "running", rows_total: 2, rows_done: 0, errors_count: 0 });
    return json(DONE_PREVIEW);
  }
  if (c.path === `/api/v1/imports/${PREVIEW_ID}/apply`) return json({ id: APPLY_ID, status: "queued" }, 202);
  if (c.path === `/api/v1/imports/${APPLY_ID}`) {
    applyPolls += 1;
    const skip = office.calls.find((x) => x.path.endsWith("/apply"))?.body.mode === "skip_invalid";
    if (applyPolls === 1) return json({ ...BASE_RUN, id: APPLY_ID, mode: skip ? "skip_invalid" : "all_or_nothing", preview_of: PREVIEW_ID, status: "running", rows_total: 2, rows_done: 1, errors_count: 0 });
    return json({ ...BASE_RUN, id: APPLY_ID, mode: skip ? "skip_invalid" : "all_or_nothing", preview_of: PREVIEW_ID, status: "done", rows_total: 2, rows_done: 2, valid: 1, imported: skip ? 1 : 0, errors_count: 1, errors: ERRORS, verdict: skip ? "Importadas: 1 fila." : "No se importó nada." });
  }
  if (c.path === `/api/v1/imports/${PREVIEW_ID}/errors.csv`) return new Response("\ufefflinea,columna,error\r\n3,Cuenta,No existe\r\n", { headers: { "Content-Type": "text/csv" } });
  if (c.path === "/api/v1/imports") return json({ items: [{ ...DONE_PREVIEW }], total: 1, page: 1, page_size: 10, pages: 1 });
  return json({ code: 404, error_code: "NOT_FOUND", message: "No se encontró." }, 404);
}


function chooseFile(file: File): void {
  const input = $("import-file") as HTMLInputElement;
  Object.defineProperty(input, "files", { value: [file], configurable: true });
  input.dispatchEvent(new Event("change", { bubbles: true }));
}

const CSV = () => new File(["Cuenta,Importe,Fecha de pago\r\n01-0042-7,1000.50,2026-12-01\r\nZZ9,100.00,2026-12-01\r\n"], "banco.csv", { type: "text/csv" });

const office = officeHarness(answer);
const { $, $$ } = office;

beforeEach(() => {
  previewPolls = 0;
  applyPolls = 0;
  vi.stubGlobal("URL", Object.assign(URL, { createObjectURL: () => "blob:csv", revokeObjectURL: () => undefined }));
});


describe("Importaciones (office)", () => {
  it("upload → progress → preview with matches and errors → apply all-or-nothing with progress again", async () => {
    loginAs("clerk");
    render(<ImportsScreen />, office.root);
    expect(($("import-kind") as HTMLSelectElement).value).toBe("payments");
    chooseFile(CSV());
    await vi.waitFor(() => expect($("import-progress")).not.toBeNull());
    const bar = $("import-progress")!;
    expect(bar.getAttribute("role")).toBe("progressbar");
    expect(bar.dataset.total).toBe("2");
    expect(bar.getAttribute("aria-valuenow")).toBe("0");

    const [upload] = office.calls.filter((c) => c.path === "/api/v1/imports/payments");
    expect(upload.contentType).toMatch(/^multipart\/form-data; boundary=/);
    const sent = await (upload.body as Blob).text();
    expect(sent).toContain('name="mode"\r\n\r\ndry_run');
    expect(sent).toContain('filename="banco.csv"');
    expect(sent).toContain("01-0042-7,1000.50");

    await vi.waitFor(() => expect($("import-preview")).not.toBeNull(), { timeout: 3000 });
    const rows = $$("import-match-row");
    expect(rows.map((r) => r.dataset.matched)).toEqual(["true", "false"]);
    expect(rows[0].textContent).toContain("Pérez López Juana");
    expect(rows[0].textContent).toContain("$1,000.50");
    expect(rows[1].textContent).toContain("No existe la cuenta ZZ9");
    expect($("import-totals")?.dataset.matchedAmount).toBe("1000.50");
    expect($$("import-error-row")).toHaveLength(1);
    expect($("import-errors")?.textContent).toContain("Cuenta");

    ($("import-errors-csv") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(office.calls.some((c) => c.path === `/api/v1/imports/${PREVIEW_ID}/errors.csv`)).toBe(true));

    expect(($("import-mode-skip") as HTMLInputElement).checked).toBe(false);
    ($("import-apply") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("import-result")).not.toBeNull(), { timeout: 3000 });
    expect(office.calls.find((c) => c.path.endsWith("/apply"))?.body).toEqual({ mode: "all_or_nothing" });
    expect($("import-result")?.dataset.imported).toBe("0");
    expect(applyPolls).toBeGreaterThanOrEqual(2); // it was polled while running
    expect($("import-apply")).toBeNull(); // a preview is applied once
  });

  it("'Omitir filas con error' applies the good rows", async () => {
    loginAs("manager");
    render(<ImportsScreen />, office.root);
    chooseFile(CSV());
    await vi.waitFor(() => expect($("import-apply")).not.toBeNull(), { timeout: 3000 });
    ($("import-mode-skip") as HTMLInputElement).click();
    await vi.waitFor(() => expect(($("import-mode-skip") as HTMLInputElement).checked).toBe(true));
    ($("import-apply") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("import-result")?.dataset.imported).toBe("1"), { timeout: 3000 });
    expect(office.calls.find((c) => c.path.endsWith("/apply"))?.body).toEqual({ mode: "skip_invalid" });
  });

  it("a file dropped on the zone is uploaded too", async () => {
    loginAs("clerk");
    render(<ImportsScreen />, office.root);
    await new Promise((r) => setTimeout(r, 50)); // effects (the zone's listeners) run after the first paint
    const drop = new Event("drop", { bubbles: true, cancelable: true });
    Object.defineProperty(drop, "dataTransfer", { value: { files: [CSV()] } });
    $("import-drop")!.dispatchEvent(drop);
    await vi.waitFor(() => expect(office.calls.some((c) => c.path === "/api/v1/imports/payments" && c.method === "POST")).toBe(true));
  });

  it("the director sees the history and a run's report, and cannot upload or apply", async () => {
    loginAs("director");
    render(<ImportsScreen />, office.root);
    expect($("import-file")).toBeNull();
    expect($("import-kind")).toBeNull();
    await vi.waitFor(() => expect($$("import-history-row")).toHaveLength(1));
    ($("import-history-open") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("import-preview")).not.toBeNull(), { timeout: 3000 });
    expect($$("import-error-row")).toHaveLength(1);
    expect($("import-apply")).toBeNull();
    expect(office.calls.filter((c) => c.method === "POST")).toEqual([]);
  });

  it("nav, multipart body and polling backoff", async () => {
    for (const r of ["manager", "clerk", "director"] as Role[]) expect(navFor([r]).map((n) => n.testid)).toContain("nav-imports");
    expect(navFor(["notifier"]).map((n) => n.testid)).not.toContain("nav-imports");
    const { body, contentType } = multipart(new Blob(["a,b"]), 'ra"ro.csv', "skip_invalid", "XYZ");
    expect(contentType).toBe("multipart/form-data; boundary=XYZ");
    expect(await body.text()).toBe('--XYZ\r\nContent-Disposition: form-data; name="mode"\r\n\r\nskip_invalid\r\n--XYZ\r\nContent-Disposition: form-data; name="file"; filename="ra_ro.csv"\r\nContent-Type: application/octet-stream\r\n\r\na,b\r\n--XYZ--\r\n');
    expect(nextDelay(null, false)).toBe(500);
    expect(nextDelay(500, false)).toBe(750);
    expect(nextDelay(2500, false)).toBe(3000);
    expect(nextDelay(3000, true)).toBe(500);
  });
});
