/** Office API of the team: the day per field worker, her stops, reassigning; staff and devices. */
import type { Role } from "../../domain/types";
import { http } from "../../state/session";

export interface TeamWorker {
  worker_id: string;
  full_name: string;
  username: string;
  active: boolean;
  roles: Role[];
  routes: number;
  assigned: number;
  done: number;
  pending: number;
  cancelled: number;
  last_done_at: string | null;
  last_sync_at: string | null;
  last_seen_at: string | null;
}

export interface TeamDay {
  date: string;
  items: TeamWorker[];
  totals: { assigned: number; done: number; pending: number; cancelled: number };
}

export interface TeamStop {
  id: string;
  route_id: string;
  route_name: string;
  position: number;
  kind: string;
  status: "pending" | "done" | "cancelled";
  folio: string | null;
  account_number: string;
  holder_name: string;
  address: string;
  neighborhood: string;
  done_at: string | null;
}

export interface WorkerDay {
  worker_id: string;
  full_name: string;
  work_date: string;
  stops: TeamStop[];
}

export interface StaffMember {
  id: string;
  username: string;
  full_name: string;
  roles: Role[];
  active: boolean;
  credential_number: string | null;
  last_login_at: string | null;
  last_sync_at: string | null;
  devices: number;
  created_at: string;
}

export type DeviceState = "active" | "revoked" | "wipe_pending" | "wiped";

export interface Device {
  id: string;
  user_id: string;
  app_version: string | null;
  user_agent: string | null;
  created_at: string;
  last_seen_at: string;
  last_pull_at: string | null;
  revoked_at: string | null;
  wipe_requested_at: string | null;
  wipe_delivered_at: string | null;
  wipe_reason: string | null;
  state: DeviceState;
}

export interface NewStaff {
  username: string;
  full_name: string;
  password: string;
  roles: Role[];
  credential_number?: string | null;
}

const FW = "/api/v1/fieldwork";
const AUTH = "/api/v1/auth";

export const teamDay = async (date: string) => (await http.request<TeamDay>(`${FW}/team?date=${encodeURIComponent(date)}`)).body;
export const workerDay = async (workerId: string, date: string) =>
  (await http.request<WorkerDay>(`${FW}/team/${workerId}?date=${encodeURIComponent(date)}`)).body;
export const reassignStops = async (stopIds: string[], workerId: string, reason: string) =>
  (await http.request<{ moved: number }>(`${FW}/stops/reassign`, { method: "POST", body: { stop_ids: stopIds, worker_id: workerId, reason } })).body;

export const listStaff = async () => (await http.request<{ items: StaffMember[] }>(`${AUTH}/staff`)).body.items;
export const createStaff = async (u: NewStaff) => (await http.request<StaffMember>(`${AUTH}/users`, { method: "POST", body: u })).body;
export const setActive = async (id: string, active: boolean, reason: string | null) =>
  (await http.request<StaffMember>(`${AUTH}/users/${id}/${active ? "reactivate" : "deactivate"}`, { method: "POST", body: { reason } })).body;
export const resetPassword = async (id: string, password: string | null) =>
  (await http.request<{ user: StaffMember; temporary_password: string | null }>(`${AUTH}/users/${id}/password`, { method: "POST", body: password ? { password } : {} })).body;
export const listDevices = async (userId: string) => (await http.request<{ items: Device[] }>(`${AUTH}/users/${userId}/devices`)).body.items;
export const revokeDevice = async (clientId: string, reason: string) =>
  (await http.request<Device>(`${AUTH}/devices/${clientId}/revoke`, { method: "POST", body: { reason, end_sessions: true } })).body;
