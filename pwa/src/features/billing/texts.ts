/** Spanish text of the billing screens (Facturación). */
const MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"];

/** "2026-10" → "octubre 2026". */
export function monthName(period: string): string {
  const [y, m] = period.split("-");
  return `${MONTHS[Number(m) - 1] ?? m} ${y}`;
}

/** "0.1250" → "+12.5 %"; null → "—". */
export function pct(v: string | null): string {
  if (v === null) return "—";
  const n = Number(v) * 100;
  return `${n > 0 ? "+" : ""}${n.toLocaleString("es-MX", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`;
}

export const CLASS_LABELS: Record<string, string> = {
  domestic: "Doméstico", commercial: "Comercial", industrial: "Industrial", public_services: "Servicios públicos", vacant_lot: "Lote baldío", mixed: "Mixto",
};
export const SERVICE_LABELS: Record<string, string> = { water: "Agua", sewer: "Drenaje", sanitation: "Saneamiento", other: "Otros" };
export const CONCEPT_LABELS: Record<string, string> = {
  consumption: "Consumo", fixed: "Cuota fija", sewer: "Drenaje", sanitation: "Saneamiento", surcharge: "Recargos", fine: "Multa",
  reconnection: "Reconexión", extraordinary: "Cargo extraordinario", enforcement_costs: "Gastos de ejecución",
};
export const CATEGORY_LABELS: Record<string, string> = {
  industry: "Industria", commerce: "Comercio", hospitality: "Hoteles y restaurantes", public_service: "Servicio público",
  institution: "Institución", agriculture: "Agropecuario", other: "Otro",
};

export const B = {
  title: "Facturación",
  periodsIntro: "Cada mes facturado queda preliminar hasta que la gerencia lo autoriza, después de revisar el comparativo y los grandes consumidores.",
  noPeriods: "Aún no hay facturación registrada ni importada.",
  status: { draft: "Preliminar", authorized: "Autorizado" } as Record<string, string>,
  authorizedBy: (who: string | null, when: string | null) => `Autorizado${who ? ` por ${who}` : ""}${when ? ` el ${when.slice(0, 10)}` : ""}`,
  open: "Abrir",
  back: "← Periodos",
  periodTitle: (p: string) => `Facturación de ${monthName(p)}`,
  comparison: "Comparativo mes a mes",
  colonia: "Colonia",
  cls: "Clase de usuario",
  all: "Todas",
  comparedWith: (prev: string, ly: string) => `Contra ${monthName(prev)} (mes anterior) y ${monthName(ly)} (mismo mes del año anterior).`,
  byClass: "Por clase de usuario",
  byService: "Por servicio y concepto",
  chartLabel: "Volumen facturado (m³) por clase de usuario",
  chartSummary: (parts: string) => `Volumen facturado por clase: ${parts}`,
  col: {
    cls: "Clase", service: "Servicio", concept: "Concepto", bills: "Cuentas (agua)", m3: "m³ mes", m3Prev: "m³ anterior", m3Ly: "m³ año anterior",
    var: "Var.", amount: "Importe mes", amountPrev: "Importe anterior", amountLy: "Importe año anterior", total: "Total",
  },
  series: { current: "Mes", previous: "Mes anterior", last_year: "Año anterior" },
  downloadXlsx: "Descargar Excel",
  downloadPdf: "Descargar PDF",
  downloading: "Preparando archivo…",
  consumers: "Grandes consumidores",
  consumersSummary: (s: { total: number; needs_validation: number; pending: number }) => `${s.total} en la lista, ${s.needs_validation} fuera de rango, ${s.pending} pendientes.`,
  filter: { all: "Todos", needs_validation: "Fuera de rango", pending: "Pendientes" } as Record<string, string>,
  ccol: { account: "Cuenta", holder: "Titular", m3: "m³ mes", avg: "Promedio", dev: "Variación", state: "Situación", review: "Revisión", actions: "Acciones" },
  deviation: { within: "Dentro del rango", above: "Arriba del promedio", below: "Abajo del promedio", no_history: "Sin historial", not_metered: "Sin medición (cuota fija)" } as Record<string, string>,
  months: (n: number) => `${n} ${n === 1 ? "mes" : "meses"}`,
  actions: { validated: "Validado", explained: "Explicado", inspection_sent: "Inspección enviada" } as Record<string, string>,
  validate: "Validar",
  explain: "Explicar",
  inspect: "Enviar inspección",
  note: "Explicación",
  worker: "Notificador",
  workDate: "Fecha",
  send: "Guardar",
  cancel: "Cancelar",
  pendingTag: "Pendiente",
  noConsumers: "No hay grandes consumidores en este periodo.",
  authorize: "Autorizar facturación",
  authorizeNote: "Nota de autorización (opcional)",
  authorizeBlocked: (n: number) => `No se puede autorizar: faltan ${n} grandes consumidores por validar o explicar.`,
  authorizeReadOnly: "Solo la gerencia autoriza la facturación.",
  authorized: "Facturación autorizada.",
  preliminary: "Cifras preliminares: la facturación de este mes aún no está autorizada.",
};

export const F = {
  title: "Marcar gran consumidor a mano",
  account: "Cuenta",
  flagged: "Es gran consumidor",
  category: "Categoría",
  none: "Sin categoría",
  reason: "Motivo",
  save: "Guardar",
  saved: (n: string, flagged: boolean) => `Cuenta ${n}: ${flagged ? "marcada como gran consumidor" : "ya no es gran consumidor"}.`,
};
