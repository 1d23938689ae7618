/** An account's debt by service, after its total: " (agua …, drenaje …, saneamiento …[, otros …])". */
import { money } from "../../domain/time";
import type { AccountRow } from "../../domain/types";

export function DebtByService({ debt }: { debt: AccountRow["debt"] | undefined }) {
  const s = debt?.by_service;
  if (!s) return null;
  return (
    <span class="meta">
      {" "}
      (agua {money(s.water)}, drenaje {money(s.sewer)}, saneamiento {money(s.sanitation)}
      {Number(s.other) ? `, otros ${money(s.other)}` : ""})
    </span>
  );
}
