/** Spanish labels of office field-work tables. */
import type { Progress } from "./api";

export const PROGRESS_COLUMNS: { key: keyof Progress; label: string }[] = [
  { key: "total", label: "Paradas" },
  { key: "pending", label: "Pendientes" },
  { key: "delivered", label: "Entregados" },
  { key: "citatorio", label: "Citatorio" },
  { key: "refused", label: "Rechazados" },
  { key: "not_found", label: "No localizados" },
  { key: "absent", label: "Ausentes" },
  { key: "vacant", label: "Deshabitadas" },
  { key: "paid", label: "Pagados" },
  { key: "completed_without_visit", label: "Hechas sin visita" },
  { key: "cancelled", label: "Canceladas" },
];

export const ROUTE_STATUS_LABELS: Record<string, string> = {
  planned: "Planeada",
  in_progress: "En curso",
  closed: "Cerrada",
  cancelled: "Cancelada",
};

export const STOP_STATUS_LABELS: Record<string, string> = { pending: "Pendiente", done: "Hecha", cancelled: "Cancelada" };

/** "12 de 30" done of total. */
export function doneOfTotal(p: Progress): string {
  return `${p.done ?? 0} de ${p.total ?? 0}`;
}
