/** The way into the agreement builder from a stop, a visit or an order (kept out of the lazy chunk). */

/** `#/convenio/<account id>?stop=<stop id>&from=<path to return to>`. */
export function agreementHref(accountId: string, stopId: string | null | undefined, from: string): string {
  const q = new URLSearchParams();
  if (stopId) q.set("stop", stopId);
  q.set("from", from);
  return `#/convenio/${encodeURIComponent(accountId)}?${q.toString()}`;
}
