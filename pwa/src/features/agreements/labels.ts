/** Spanish labels and dates of the agreement screens (services, concepts, "28/12/2026"). */
import { CONCEPT_LABELS } from "../../domain/agreement-rules";

export const SERVICE_LABELS: Record<string, string> = { water: "Agua", sewer: "Drenaje", sanitation: "Saneamiento", other: "Otros" };
export const serviceLabel = (s: string): string => SERVICE_LABELS[s] ?? s;
export const conceptLabel = (c: string): string => CONCEPT_LABELS[c] ?? c;

/** "2026-12-28" → "28/12/2026" (es-MX). */
export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}
