/** Pure helpers of the reports screens: labels, money and ratio display, drill links. */
import { money } from "../../domain/time";
import { MONTHS, T } from "./texts";

/** "2026-03" → "mar 2026". */
export function monthLabel(ym: string): string {
  const [y, m] = ym.split("-");
  const i = Number(m) - 1;
  return i >= 0 && i < 12 ? `${MONTHS[i]} ${y}` : ym;
}

/** "current" → "Al corriente", "4-6" → "4-6 meses", ">60" → "Más de 60 meses". */
export function bucketLabel(b: string): string {
  if (b === "current") return "Al corriente";
  if (b.startsWith(">")) return `Más de ${b.slice(1)} meses`;
  return b === "1" ? "1 mes" : `${b} meses`;
}

/** A ratio string ("0.4512") as "45.1 %"; null → "Sin dato". */
export function pct(r: string | number | null | undefined): string {
  if (r === null || r === undefined || r === "") return T.noValue;
  const n = Number(r);
  if (!Number.isFinite(n)) return T.noValue;
  return `${(Math.round(n * 1000) / 10).toLocaleString("es-MX", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`;
}

/** A signed change ("0.25") as "+25.0 %". */
export function change(r: string | null | undefined): string {
  if (r === null || r === undefined) return T.noValue;
  const n = Number(r);
  return `${n > 0 ? "+" : ""}${pct(r)}`;
}

/** Money display ("1250.00" → "$1,250.00"). */
export const pesos = money;

/** A dashboard card's value in words, by its unit. */
export function cardValue(unit: string, value: string | number | null): string {
  if (value === null || value === undefined) return T.noValue;
  if (unit === "money") return money(value);
  if (unit === "ratio") return pct(value);
  return Number(value).toLocaleString("es-MX");
}

/** Query string of the non-empty filters. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** The drill-down list of a colonia's accounts in arrears. */
export function coloniaAccountsHref(neighborhoodId: number, colonia: string, minMonths: number, filters: Record<string, string> = {}): string {
  return `#/reportes/accounts${query({ ...filters, neighborhood_id: neighborhoodId, colonia, min_months: minMonths })}`;
}

/** The accounts of one aging bucket. */
export function bucketAccountsHref(bucket: string, filters: Record<string, string> = {}): string {
  return `#/reportes/accounts${query({ ...filters, bucket })}`;
}

/** The account page of a drilled account. */
export const accountHref = (id: string) => `#/cuentas/${id}`;

/** What the drill list is about, in words ("Colonia Centro · 1 mes o más"). */
export function drillTitle(q: URLSearchParams, classes: Record<string, string>, services: Record<string, string>): string {
  const parts: string[] = [];
  if (q.get("colonia")) parts.push(`Colonia ${q.get("colonia")}`);
  if (q.get("property_class")) parts.push(classes[q.get("property_class")!] ?? q.get("property_class")!);
  if (q.get("service")) parts.push(services[q.get("service")!] ?? q.get("service")!);
  if (q.get("sector")) parts.push(`Sector ${q.get("sector")}`);
  if (q.get("bucket")) parts.push(bucketLabel(q.get("bucket")!));
  const m = Number(q.get("min_months") ?? 0);
  if (m > 0) parts.push(m === 1 ? "vencido 1 mes o más" : `vencido ${m} meses o más`);
  return parts.join(" · ");
}

/** Poll delays of an export run: every ~700 ms while it advances, backing off to 3 s. */
/** How often an export is polled while it advances (ui/use-polled-job backs off from here). */
export const EXPORT_POLL_MS = 700;
