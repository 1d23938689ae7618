/** The selection rules shared by the campaign builder and a new cut list: one set of checks, each screen's own floor. */
import { describe, expect, it } from "vitest";
import { rulesFrom } from "../src/features/campaigns/CampaignsScreen";
import { emptySelection, selectionRulesFrom } from "../src/features/campaigns/RulesForm";
import { cutRulesFrom, EMPTY_CUT_FORM } from "../src/features/disconnections/CutListForm";

const campaignForm = (p: Record<string, unknown> = {}) =>
  ({ ...emptySelection("2"), name: "", notice_kind: "informal", excl_agreement: true, excl_dispute: true, excl_open_notice: true, excl_days: "30", starts_on: "", ends_on: "", approving_act: "", ...p }) as Parameters<typeof rulesFrom>[0];

describe("selection rules", () => {
  it("reads months, debt range, classes, colonias and sectors", () => {
    const e = {};
    const f = { ...emptySelection("4"), max_months: "12", min_debt: " 1500.5 ", classes: ["commercial"], hoods: [7], sectors: ["2"] };
    expect(selectionRulesFrom(f, 1, e)).toEqual({
      min_months_past_due: 4,
      max_months_past_due: 12,
      min_debt: "1500.5",
      max_debt: null,
      property_classes: ["commercial"],
      neighborhood_ids: [7],
      sectors: ["2"],
    });
    expect(e).toEqual({});
  });

  it("a campaign may start at 0 months past due; a cut list at 1", () => {
    expect(rulesFrom(campaignForm({ min_months: "0" })).errors).toEqual({});
    expect(rulesFrom(campaignForm({ min_months: "-1" })).errors).toEqual({ min_months: "Anote un número de meses (0 o más)." });
    expect(cutRulesFrom({ ...EMPTY_CUT_FORM, min_months: "0" }).errors).toEqual({ min_months: "Anote un número de meses (1 o más)." });
  });

  it("the same range checks in both; only a cut list checks the debt order", () => {
    const bad = { max_months: "1", min_debt: "abc", max_debt: "10" };
    const errors = { max_months: "Debe ser un entero mayor o igual al mínimo.", min_debt: "Anote una cantidad, p. ej. 1500.00" };
    expect(rulesFrom(campaignForm(bad))).toEqual({ rules: null, errors });
    expect(cutRulesFrom({ ...EMPTY_CUT_FORM, ...bad })).toEqual({ rules: null, errors });
    expect(rulesFrom(campaignForm({ min_debt: "500", max_debt: "100" })).errors).toEqual({});
    expect(cutRulesFrom({ ...EMPTY_CUT_FORM, min_debt: "500", max_debt: "100" }).errors).toEqual({ max_debt: "Es menor que el adeudo mínimo." });
  });

  it("a campaign's rules: the selection, then its exclusions", () => {
    expect(rulesFrom(campaignForm()).rules).toEqual({
      min_months_past_due: 2,
      max_months_past_due: null,
      min_debt: null,
      max_debt: null,
      property_classes: [],
      neighborhood_ids: [],
      sectors: [],
      exclude_agreement_in_good_standing: true,
      exclude_open_dispute: true,
      exclude_notified_within_days: 30,
      exclude_open_notice: true,
    });
    expect(rulesFrom(campaignForm({ excl_days: "x" })).errors).toEqual({ excl_days: "Anote días (0 o más)." });
  });
});
