/** Dates as the utility lives them: America/Hermosillo (UTC-7, no daylight saving). */
export const TZ = "America/Hermosillo";

/** An instant from the server; a date-time without offset is UTC (the server stores UTC). */
export function instant(iso: string): Date {
  return new Date(/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(iso) ? `${iso}Z` : iso);
}

/** YYYY-MM-DD of an instant in Hermosillo. */
export function localDate(d: Date = new Date(), offsetDays = 0): string {
  const t = new Date(d.getTime() + offsetDays * 86400000);
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(t);
  const get = (k: string) => parts.find((p) => p.type === k)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** "hace 5 min", "hace 2 h", "hace 3 días" from a past ISO time. */
export function ago(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return "nunca";
  const s = Math.max(0, Math.round((now - instant(iso).getTime()) / 1000));
  if (s < 60) return "hace menos de 1 min";
  const m = Math.round(s / 60);
  if (m < 60) return `hace ${m} min`;
  const h = Math.round(m / 60);
  if (h < 48) return `hace ${h} h`;
  return `hace ${Math.round(h / 24)} días`;
}

/** Local time "09:14" of an ISO instant. */
export function hhmm(iso: string | null | undefined): string {
  if (!iso) return "";
  return new Intl.DateTimeFormat("es-MX", { timeZone: TZ, hour: "2-digit", minute: "2-digit", hour12: false }).format(instant(iso));
}

/** Local date and time "28/11/2026 09:14". */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  return new Intl.DateTimeFormat("es-MX", { timeZone: TZ, dateStyle: "short", timeStyle: "short" }).format(instant(iso));
}

/** Money string ("1250.00") shown as MXN; display only, never arithmetic. */
export function money(s: string | number | null | undefined): string {
  if (s === null || s === undefined || s === "") return "—";
  return Number(s).toLocaleString("es-MX", { style: "currency", currency: "MXN" });
}
