/** Links and small formats the discount screens share (kept apart: the route's discount stop card is in the main bundle). */
import type { DiscountDraft } from "./form";

/** A draft as stored, with the link that reopens it ("Continuar"). */
export interface StoredDraft extends DiscountDraft {
  link: string;
}

/** `#/descuento/<account>`: a new registration (from a registration visit: `parada`), a renewal (`renueva`, from its stop: `parada`) or an answer to the office (`responde`). */
export function registerLink(accountId: string, q: { renueva?: string | null; responde?: string | null; parada?: string | null } = {}): string {
  const p = new URLSearchParams();
  if (q.renueva) p.set("renueva", q.renueva);
  if (q.responde) p.set("responde", q.responde);
  if (q.parada) p.set("parada", q.parada);
  const s = p.toString();
  return `/descuento/${encodeURIComponent(accountId)}${s ? `?${s}` : ""}`;
}

/** "1955-03-12" as "12/03/1955" ("—" when there is none). */
export function dmy(iso: string | null | undefined): string {
  return iso && /^\d{4}-\d{2}-\d{2}/.test(iso) ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : "—";
}
