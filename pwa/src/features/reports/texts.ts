/** Spanish text of the dashboard and reports screens. */
export const T = {
  dashboard: "Tablero",
  asOf: (d: string) => `Cifras al ${d}`,
  stale: "Las cifras se están actualizando con los últimos movimientos; se mostrarán aquí en cuanto estén listas.",
  computedAt: (t: string) => `Calculado: ${t}`,
  refresh: "Recalcular ahora",
  loading: "Calculando cifras…",
  trendTitle: "Cartera vencida al cierre de cada mes (12 meses)",
  trendMonth: "Mes",
  trendArrears: "Cartera vencida",
  recoveryTitle: "Recuperación de rezago: este mes contra el mismo mes del año anterior",
  recoveryThis: "Este mes",
  recoveryLastYear: "Mismo mes, año anterior",
  vsLastYear: (p: string) => `${p} vs. año anterior`,
  ofTotal: (n: number) => `de ${n.toLocaleString("es-MX")}`,
  doneOf: (done: number, total: number) => `${done.toLocaleString("es-MX")} de ${total.toLocaleString("es-MX")} visitas`,
  noValue: "Sin dato",
  reports: "Informes",
  catalogue: "Informes disponibles",
  back: "← Todos los informes",
  filters: "Filtros",
  apply: "Consultar",
  from: "Desde (mes)",
  to: "Hasta (mes)",
  asOfField: "Al día",
  propertyClass: "Clase",
  service: "Servicio",
  sector: "Sector",
  colonia: "Colonia",
  all: "Todas",
  allServices: "Todos",
  top: "Principales deudores",
  total: "Total",
  excel: "Exportar a Excel",
  pdf: "Descargar PDF",
  exporting: "Preparando el archivo…",
  exportProgress: (done: number, total: number) => `${done.toLocaleString("es-MX")} de ${total.toLocaleString("es-MX")} cuentas`,
  exportReady: "Descargar archivo",
  exportFailed: "La exportación falló; intente de nuevo.",
  accountsTitle: "Cuentas con adeudo",
  accountsFor: (what: string) => `Cuentas con adeudo · ${what}`,
  noAccounts: "No hay cuentas con adeudo para estos filtros.",
  account: "Cuenta",
  holder: "Titular",
  debt: "Adeudo",
  balance: "Saldo total",
  monthsPastDue: "Meses vencidos",
  oldestDue: "Vencimiento más antiguo",
  seeAccounts: "Ver cuentas",
  byBucket: "Por antigüedad",
  byColonia: "Por colonia",
  cross: "Antigüedad × clase × servicio",
  principal: "Principal",
  accessories: "Accesorios",
  open: "Adeudo total",
  arrears: "Cartera vencida",
  month: "Mes",
  arrearsStart: "Vencida al inicio",
  recovered: "Recuperado",
  rate: "% recuperación",
  prev: "Mes anterior",
  lastYear: "Año anterior",
  debtors: "Deudores",
  amount: "Adeudo vencido",
  average: "Promedio",
  range: "Rango de adeudo",
  bucket: "Antigüedad",
  otherReports: "Otros informes",
};

export interface CatalogueEntry {
  key: string;
  title: string;
  description: string;
  href: string;
}

export const CATALOGUE: CatalogueEntry[] = [
  { key: "recovery", title: "Recuperación de cartera", description: "Porcentaje recuperado del rezago cada mes, contra el mes anterior y el mismo mes del año anterior.", href: "#/reportes/recovery" },
  { key: "arrears", title: "Cartera vencida por antigüedad", description: "Rezago por antigüedad × clase × servicio × colonia, principal y accesorios.", href: "#/reportes/arrears" },
  { key: "arrears-by-service", title: "Rezagos mensuales por tipo de servicio", description: "Cartera vencida al cierre de cada mes: agua, drenaje y saneamiento.", href: "#/reportes/arrears-by-service" },
  { key: "debtors", title: "Estadística de deudores", description: "Cuántos deben y cuánto por servicio, por rango de adeudo, y los principales deudores.", href: "#/reportes/debtors" },
  { key: "billing", title: "Comparativo de facturación", description: "Volumen (m³) e importe facturado mes a mes por tipo de usuario.", href: "#/facturacion" },
  { key: "strategies", title: "Efectividad de estrategias", description: "Pagos y convenios tras notificar, limitar, ofrecer convenio o promoción.", href: "#/indicadores/estrategias" },
  { key: "productivity", title: "Productividad de campo", description: "Visitas por trabajador y día, resultados y demoras de sincronización.", href: "#/indicadores/productividad" },
];

export const CLASSES: Record<string, string> = {
  domestic: "Doméstico", commercial: "Comercial", industrial: "Industrial",
  public_services: "Servicios públicos", vacant_lot: "Lote baldío", mixed: "Mixto",
};
export const SERVICES: Record<string, string> = { water: "Agua", sewer: "Drenaje", sanitation: "Saneamiento", other: "Otros" };
export const MONTHS = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"];
