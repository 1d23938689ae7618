/**
 * The discounts' Spanish catalogue is data only (as es.ts and its parts: no imports, no DOM),
 * names every code the screens show, and the registration's pure helpers behave: the birth date
 * a CURP prints, the program's checklist, what blocks sending (only what discount.apply needs).
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BENEFICIARY_TYPES } from "../src/domain/discount-rules";
import { DOCUMENT_KINDS } from "../src/domain/types";
import { APPLICATION_STATUSES } from "../src/features/discounts/api";
import { birthDateFromCurp, buildApplyArgs, checklistItems, defaultProgramId, newDiscountDraft, validateDraft } from "../src/features/discounts/form";
import { discountsEs } from "../src/i18n/es-discounts";
import { CURP, D, PROGRAM } from "./discounts-fixtures";

const SRC = join(dirname(fileURLToPath(import.meta.url)), "..", "src");

describe("es-discounts", () => {
  it("is data only: it imports nothing and touches no browser API", () => {
    const code = readFileSync(join(SRC, "i18n", "es-discounts.ts"), "utf8");
    expect([...code.matchAll(/from\s+["']([^"']+)["']/g)]).toEqual([]);
    expect(code.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "")).not.toMatch(/\b(window|document|localStorage|navigator|indexedDB)\b/);
  });

  it("labels every beneficiary type, document kind and office status", () => {
    for (const t of BENEFICIARY_TYPES) expect(discountsEs.beneficiaryTypes[t]).toBeTruthy();
    for (const k of DOCUMENT_KINDS) expect(discountsEs.documentKinds[k]).toBeTruthy();
    for (const s of APPLICATION_STATUSES) {
      expect(discountsEs.office.statuses[s]).toBeTruthy();
      expect(discountsEs.office.statusOne[s]).toBeTruthy();
      expect(discountsEs.chips[s]).toBeTruthy();
    }
  });
});

describe("the registration's helpers", () => {
  it("reads the birth date a CURP prints (the 17th character tells the century)", () => {
    expect(birthDateFromCurp(CURP.rosa)).toBe("1955-03-12");
    expect(birthDateFromCurp(" salE020615MSRLPLA6 ")).toBe("2002-06-15");
    expect(birthDateFromCurp("GONR550312")).toBeNull();
  });

  it("preselects the only active program, and takes the program's checklist when it lists one", () => {
    const old = { ...PROGRAM, id: D.oldProgram, active: false };
    expect(defaultProgramId([PROGRAM, old])).toBe(D.program);
    expect(defaultProgramId([PROGRAM, { ...old, active: true }])).toBeNull();
    // A deactivated program is not offered again for a renewal; an answer to the office keeps its program.
    const from = { id: "x", program_id: D.oldProgram, account_id: D.acc1, beneficiary_type: "senior", beneficiary_name: "Rosa", status: "approved" } as unknown as Parameters<typeof newDiscountDraft>[0]["from"];
    const base = { id: "a2", account_id: D.acc1, now: "2026-11-28T16:00:00Z", programs: [PROGRAM, old], from };
    expect(newDiscountDraft({ ...base, renewal_of: "x" }).program_id).toBe(D.program);
    expect(newDiscountDraft({ ...base, answers_request: "x" }).program_id).toBe(D.oldProgram);
    expect(checklistItems(PROGRAM).map((c) => c.key)).toEqual(["id_matches", "documents_legible", "beneficiary_present", "address_matches"]);
    const listed = { ...PROGRAM, rules: { ...PROGRAM.rules, checklist: ["id_matches", { key: "pets", label: "Hay perros" }] } };
    expect(checklistItems(listed)).toEqual([
      { key: "id_matches", label: "La identificación coincide con la persona" },
      { key: "pets", label: "Hay perros" },
    ]);
  });

  it("blocks only on what discount.apply v1 requires, and builds its args", () => {
    const d = newDiscountDraft({ id: "a1", account_id: D.acc1, now: "2026-11-28T16:00:00Z", programs: [PROGRAM] });
    expect(Object.keys(validateDraft(d)).sort()).toEqual(["beneficiary_name", "beneficiary_type", "curp", "lives_there"]);
    const ready = { ...d, beneficiary_type: "retiree" as const, beneficiary_name: "  Rosa   González ", curp: CURP.rosa.toLowerCase(), lives_there: false, phone: " ", notes: "" };
    expect(validateDraft(ready)).toEqual({});
    expect(validateDraft({ ...ready, birth_date: "1955-02-30" })).toEqual({ birth_date: "La fecha de nacimiento no es válida." });
    expect(buildApplyArgs({ ...ready, checklist: { id_matches: true } }, { gps: null, gps_error: "denied", signature: null, checklistKeys: ["id_matches", "documents_legible"] })).toEqual({
      id: "a1",
      program_id: D.program,
      account_id: D.acc1,
      beneficiary_type: "retiree",
      beneficiary_name: "Rosa González",
      curp: CURP.rosa,
      birth_date: null,
      lives_there: false,
      checklist: { id_matches: true, documents_legible: false },
      documents: [],
      signature: null,
      gps: null,
      gps_error: "denied",
      phone: null,
      notes: null,
      started_at: "2026-11-28T16:00:00Z",
      renewal_of: null,
      answers_request: null,
    });
  });
});
