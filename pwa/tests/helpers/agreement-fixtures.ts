/** An account with its debt lines, the default policy and a promotion, as the server's pull sends them. */
import type { AccountRow, AgreementPolicyRow, PromotionRow } from "../../src/domain/types";

export const AGR = {
  account: "40000000-0000-4000-8000-0000000000a1",
  promotion: "70000000-0000-4000-8000-000000000001",
  agreement: "50000000-0000-4000-8000-0000000000b1",
};

/** The server's DEFAULT_POLICY (server/agreements/service.py) as version 1. */
export const POLICY_ROW: AgreementPolicyRow = {
  version: 1,
  rules: {
    classes: {
      domestic: { down_payment_min_pct: "20", max_installments: 12, grace_days: 10 },
      default: { down_payment_min_pct: "20", max_installments: 6, grace_days: 10 },
    },
    waivable_concepts: ["surcharge", "fine"],
    waiver_limits: { notifier: "promotion_only", clerk: "2000.00", manager: null },
    reinstate_waived_on_breach: true,
  },
};

/** 50% off surcharges and fines, valid for a long time (the tests run on any date). */
export const PROMOTION_ROW: PromotionRow = {
  id: AGR.promotion,
  name: "Buen Fin",
  kind: "pct_off_accessories",
  pct: "50.00",
  concepts: null,
  valid_from: "2026-11-01",
  valid_until: "2099-12-31",
  active: true,
  eligibility: { property_classes: ["domestic"], min_months_past_due: 3 },
  approving_act: "Acta 12/2026",
};

/** A promotion this account does not qualify for (commercial only). */
export const OTHER_PROMOTION_ROW: PromotionRow = {
  ...PROMOTION_ROW,
  id: "70000000-0000-4000-8000-000000000002",
  name: "Comercios al corriente",
  eligibility: { property_classes: ["commercial"] },
};

/** $3,450.00: sewer consumption 600, water consumption 2,500, surcharges 300, fine 50. */
export function accountRow(p: Partial<AccountRow> = {}): AccountRow {
  return {
    id: AGR.account,
    account_number: "01-0042-7",
    holder_name: "Pérez López Juana",
    address: { street: "Calle 5", exterior_number: "12", interior_number: null, neighborhood: "Centro", locality: "Heroica Caborca", postal_code: "83600", references: null },
    latitude: 30.716,
    longitude: -112.156,
    property_class: "domestic",
    status: "active",
    meter_serial: "M-1",
    debt: { total: "3450.00", principal: "3100.00", accessories: "350.00", by_service: { water: "2850.00", sewer: "600.00", sanitation: "0.00", other: "0.00" } },
    months_past_due: 5,
    oldest_unpaid_period: "2026-06-01",
    last_visits: [],
    neighborhood_id: 7,
    debt_lines: [
      { service: "sewer", concept: "consumption", amount: "600.00" },
      { service: "water", concept: "consumption", amount: "2500.00" },
      { service: "water", concept: "surcharge", amount: "300.00" },
      { service: "water", concept: "fine", amount: "50.00" },
    ],
    prior_promotions: [],
    ...p,
  };
}
