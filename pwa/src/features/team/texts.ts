/** Spanish texts of the team screens ("Equipo": Hoy and Personal). */
import type { Role } from "../../domain/types";
import type { DeviceState } from "./api";

export const ROLE_LABELS: Record<Role, string> = {
  manager: "Encargada",
  clerk: "Auxiliar",
  director: "Dirección",
  notifier: "Notificador",
  cutter: "Cortador",
  social_worker: "Trabajo social",
};

export const STOP_STATUS: Record<string, string> = { pending: "Pendiente", done: "Realizada", cancelled: "Cancelada" };

export const DEVICE_STATE: Record<DeviceState, string> = {
  active: "Activo",
  revoked: "Revocado",
  wipe_pending: "Borrado pendiente (al conectarse)",
  wiped: "Borrado",
};

export const t = {
  title: "Equipo",
  tabToday: "Hoy",
  tabStaff: "Personal",
  day: "Día",
  worker: "Persona",
  assigned: "Asignadas",
  done: "Hechas",
  pending: "Pendientes",
  lastSync: "Última sincronización",
  noWorkers: "No hay personal de campo activo.",
  seeStops: "Ver paradas",
  hideStops: "Ocultar paradas",
  reassign: (n: number) => `Reasignar ${n} parada(s)…`,
  reassignTitle: "Reasignar paradas",
  reassignTo: "Dar a",
  reason: "Motivo",
  confirmReassign: "Reasignar",
  cancel: "Cancelar",
  moved: (n: number, name: string) => `${n} parada(s) reasignada(s) a ${name}. Llegan a su teléfono en la próxima sincronización.`,
  onlyPending: "Solo se pueden reasignar paradas pendientes.",
  totals: "Total",
  staffNew: "Nueva persona",
  username: "Usuario",
  fullName: "Nombre completo",
  password: "Contraseña inicial",
  passwordHint: "Mínimo 8 caracteres, con letras y números.",
  credential: "Número de credencial (gafete)",
  roles: "Roles",
  create: "Crear usuario",
  created: (u: string) => `Usuario ${u} creado.`,
  active: "Activo",
  inactive: "Desactivado",
  lastLogin: "Último acceso",
  deactivate: "Desactivar",
  reactivate: "Reactivar",
  deactivated: (n: string) => `${n} fue desactivado: ya no puede entrar y sus sesiones se cerraron.`,
  reactivated: (n: string) => `${n} fue reactivado; debe iniciar sesión de nuevo.`,
  resetPassword: "Restablecer contraseña",
  tempShown: (u: string, p: string) => `Contraseña temporal de ${u}: ${p} (se muestra una sola vez; sus sesiones se cerraron).`,
  devices: "Dispositivos",
  noDevices: "Sin dispositivos de campo.",
  revoke: "Revocar y borrar",
  revokeReason: "Motivo (p. ej. teléfono extraviado)",
  revokeConfirm: "Revocar y borrar datos",
  revoked: "Dispositivo revocado: sus datos se borrarán en cuanto se conecte y las sesiones del usuario se cerraron.",
  readOnly: "Solo lectura: la encargada administra al personal.",
};
