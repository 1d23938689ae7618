/**
 * What the agreement builder keeps while the person types (the draft the phone stores) and what
 * it hands the caller once signed.
 */
import { classTerms, type AgreementPolicy, type IsoDate, type Waiver } from "../../domain/agreement-rules";
import { defaultFirstDue, parsePesosInput } from "../../domain/agreement-terms";
import { uuid } from "../../domain/ids";
import type { AgreementSignArgsV1 } from "../../domain/types";

export interface WaiverDraft {
  key: string;
  /** "service|concept" of the debt line it reduces. */
  line: string;
  amount: string;
  reason: string;
}

/** What the person typed (kept as a draft on the phone; the agreement id is made once). */
export interface BuilderDraft {
  agreement_id: string;
  down_payment: string;
  /** The person changed the down payment: stop following the policy's minimum. */
  down_touched: boolean;
  installments: string;
  first_due: string;
  waivers: WaiverDraft[];
  name: string;
  phone: string;
  id_shown: string;
}

export interface Png {
  bytes: ArrayBuffer;
  sha256: string;
  type: string;
}

export interface SignedAgreement {
  args: AgreementSignArgsV1;
  /** Null when signed on paper (the counter's "Firma en papel"). */
  customerPng: Png | null;
  staffPng: Png | null;
  /** Signed with a pen on the printed agreement: no tablet signatures (both null in the args). */
  paper: boolean;
}

/** A new draft: the holder as signer, the class's longest term, first due one month ahead. */
export function newBuilderDraft(p: { holder: string; policy: AgreementPolicy; propertyClass: string | null; asOf: IsoDate }): BuilderDraft {
  const terms = classTerms(p.policy, p.propertyClass);
  return {
    agreement_id: uuid(),
    down_payment: "",
    down_touched: false,
    installments: String(Math.max(0, Math.trunc(terms.max_installments))),
    first_due: defaultFirstDue(p.asOf),
    waivers: [],
    name: p.holder,
    phone: "",
    id_shown: "",
  };
}

/** The waivers the rules check, from what was typed (an unreadable amount counts as 0). */
export function toWaivers(ws: WaiverDraft[]): Waiver[] {
  return ws.map((w) => {
    const [service = "", concept = ""] = w.line.split("|");
    return { service, concept, amount: parsePesosInput(w.amount) ?? 0, reason: w.reason.trim() ? w.reason.trim() : null };
  });
}
