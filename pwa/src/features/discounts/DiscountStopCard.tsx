/**
 * A social worker's discount stop on "Mi ruta" and in her pending work, with the big button
 * that opens the registration at the door:
 * - a renewal (kind "renewal"): the beneficiary and when the discount ends (from the application
 *   being renewed, which her phone holds), the account, and "Renovar descuento" (pre-filled);
 * - a registration visit (kind "discount_visit", a customer asked at the counter): "Solicitud de
 *   descuento", the account, its holder and address, and "Registrar descuento".
 * Either way the stop goes with the link (`parada`), so submitting marks it done on the phone.
 */
import { useEffect, useState } from "preact/hooks";
import type { AccountRow, DiscountApplicationRow, StopRow } from "../../domain/types";
import { discountsEs } from "../../i18n/es-discounts";
import { getRow } from "../../storage/rows";
import { fieldDb } from "../../state/field";
import { addressLine } from "../route/stops";
import { dmy, registerLink } from "./links";

const L = discountsEs.field;
const STOP_STATUS: Record<string, string> = { pending: "Pendiente", done: "Hecha", cancelled: "Cancelada" };

/** The stop kinds this card shows (the social worker's discount work). */
export const DISCOUNT_STOP_KINDS: readonly string[] = ["renewal", "discount_visit"];

export function isDiscountStop(s: StopRow): boolean {
  return DISCOUNT_STOP_KINDS.includes(s.kind);
}

export function DiscountStopCard({ stop, account, application }: { stop: StopRow; account: AccountRow | undefined; application?: DiscountApplicationRow }) {
  const renewal = stop.kind === "renewal";
  const [loaded, setLoaded] = useState<DiscountApplicationRow | null>(null);
  const appId = renewal ? (stop.application_id ?? null) : null;
  // On the route the shared view does not carry discount rows: read the one being renewed.
  useEffect(() => {
    if (application || !appId) return;
    let alive = true;
    void getRow(fieldDb(), "discount_application", appId).then((r) => {
      if (alive && r) setLoaded(r.d);
    });
    return () => {
      alive = false;
    };
  }, [appId, !!application]);
  const a = application ?? loaded;
  const cancelled = stop.status === "cancelled";
  const done = stop.status === "done";
  const holder = account?.holder_name;
  return (
    <li
      class={`card ${renewal ? "renewal" : "discount-visit"} ${cancelled ? "is-cancelled" : done ? "is-done" : ""}`}
      data-testid="stop-item"
      data-kind={stop.kind}
      data-stop-id={stop.id}
      data-status={stop.status}
      data-application-id={appId ?? ""}
      data-account-id={stop.account_id}
    >
      <div class="meta">
        {renewal ? L.renewalTitle : L.visitTitle} · <span class={`pill ${stop.status}`} data-testid="stop-status">{STOP_STATUS[stop.status] ?? stop.status}</span>
      </div>
      {renewal ? (
        <>
          <h3 class="holder" data-testid="renewal-beneficiary">
            {a?.beneficiary_name ?? holder ?? "—"}
          </h3>
          {a && (
            <div class="meta">
              {discountsEs.beneficiaryTypes[a.beneficiary_type] ?? a.beneficiary_type}
              {a.ends_on ? ` · ${L.renewalEnds(dmy(a.ends_on))}` : ""}
            </div>
          )}
        </>
      ) : (
        <h3 class="holder" data-testid="discount-visit-holder">
          {holder ?? "—"}
        </h3>
      )}
      <div>{addressLine(account)}</div>
      <div class="meta">
        {L.account} {account?.account_number ?? "—"}
        {renewal && holder && a?.beneficiary_name !== holder ? ` · ${holder}` : ""}
      </div>
      {cancelled && (
        <p class="flag" data-testid="stop-cancelled">
          {L.cancelled(stop.cancel_reason)}
        </p>
      )}
      {!cancelled && !done && (
        <div class="actions">
          {renewal ? (
            <a class="button big" href={`#${registerLink(stop.account_id, { renueva: appId, parada: stop.id })}`} data-testid="renewal-start">
              {L.renew}
            </a>
          ) : (
            <a class="button big" href={`#${registerLink(stop.account_id, { parada: stop.id })}`} data-testid="discount-visit-start">
              {L.register}
            </a>
          )}
        </div>
      )}
    </li>
  );
}
