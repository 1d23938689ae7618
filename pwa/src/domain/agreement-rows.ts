/**
 * Agreement rows on the device, with no rules attached (the main bundle reads them; the rules
 * and the builder live in lazy chunks).
 */
import type { AgreementPolicyRow } from "./types";

/** The highest version among the policy rows the device holds (null when it holds none). */
export function latestPolicy(rows: Iterable<AgreementPolicyRow>): AgreementPolicyRow | null {
  let best: AgreementPolicyRow | null = null;
  for (const r of rows) if (r && typeof r.version === "number" && (!best || r.version > best.version)) best = r;
  return best;
}
