/**
 * Role-based navigation: field roles get their offline screens (a notifier "Mi ruta", a cutter
 * "Mis órdenes"), office roles the online ones. Field roles reach the agreement builder
 * ("Hacer convenio") from a stop, a visit or an order, not from the nav.
 */
import type { Role } from "../domain/types";

export interface NavItem {
  path: string;
  label: string;
  roles: Role[];
  testid: string;
}

export const NAV: NavItem[] = [
  { path: "/ruta", label: "Mi ruta", roles: ["notifier", "social_worker"], testid: "nav-route" },
  { path: "/ordenes", label: "Mis órdenes", roles: ["cutter"], testid: "nav-orders" },
  { path: "/sync", label: "Sincronización", roles: ["notifier", "cutter", "social_worker"], testid: "nav-sync" },
  { path: "/tablero", label: "Tablero", roles: ["manager", "director"], testid: "nav-dashboard" },
  { path: "/reportes", label: "Informes", roles: ["manager", "director"], testid: "nav-reports" },
  { path: "/indicadores", label: "Indicadores", roles: ["manager", "director"], testid: "nav-indicators" },
  { path: "/facturacion", label: "Facturación", roles: ["manager", "director"], testid: "nav-billing" },
  { path: "/pae", label: "PAE", roles: ["manager", "director"], testid: "nav-pae" },
  { path: "/depuracion", label: "Depuración", roles: ["manager", "director"], testid: "nav-cleanup" },
  { path: "/equipo", label: "Equipo", roles: ["manager", "director"], testid: "nav-team" },
  { path: "/campanas", label: "Campañas", roles: ["manager", "clerk", "director"], testid: "nav-campaigns" },
  { path: "/cortes", label: "Cortes", roles: ["manager", "clerk", "director"], testid: "nav-cuts" },
  { path: "/convenios", label: "Convenios", roles: ["manager", "clerk", "director"], testid: "nav-agreements" },
  { path: "/descuentos", label: "Descuentos", roles: ["social_worker", "manager", "clerk", "director"], testid: "nav-discounts" },
  { path: "/rutas", label: "Rutas", roles: ["manager", "clerk", "director"], testid: "nav-routes" },
  { path: "/avance", label: "Avance", roles: ["manager", "clerk", "director"], testid: "nav-progress" },
  { path: "/visitas", label: "Visitas", roles: ["manager", "clerk", "director"], testid: "nav-visits" },
  { path: "/cuentas", label: "Consulta de cuentas", roles: ["manager", "clerk", "director"], testid: "nav-accounts" },
  { path: "/pago", label: "Pago en caja", roles: ["manager", "clerk"], testid: "nav-counter" },
  { path: "/cargos", label: "Cargos extraordinarios", roles: ["manager", "clerk", "director"], testid: "nav-charges" },
  { path: "/correcciones", label: "Correcciones de campo", roles: ["manager", "clerk", "director"], testid: "nav-corrections" },
  { path: "/encuestas", label: "Encuestas", roles: ["notifier", "cutter", "social_worker", "manager", "clerk", "director"], testid: "nav-surveys" },
  { path: "/importaciones", label: "Importaciones", roles: ["manager", "clerk", "director"], testid: "nav-imports" },
];

/** The entries a user with these roles sees. */
export function navFor(roles: Role[]): NavItem[] {
  return NAV.filter((n) => n.roles.some((r) => roles.includes(r)));
}

/** Where a user lands after login. */
export function homeFor(roles: Role[]): string {
  return navFor(roles)[0]?.path ?? "/login";
}

/** Does this user work notices (a notifier's route) rather than only orders (a cutter's)? */
export function worksNotices(roles: Role[]): boolean {
  return roles.includes("notifier") || roles.includes("social_worker");
}
