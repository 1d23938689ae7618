/** "Personal": staff with roles and last login/sync; the manager creates, deactivates, resets
 * passwords and revokes lost devices ("Revocar y borrar"). The director only reads. */
import { useState } from "preact/hooks";
import { ago, dateTime } from "../../domain/time";
import type { Role } from "../../domain/types";
import { isManager } from "../../state/session";
import { Banner, Check, Spinner, TextField } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { createStaff, listDevices, listStaff, resetPassword, revokeDevice, setActive, type StaffMember } from "./api";
import { DEVICE_STATE, ROLE_LABELS, t } from "./texts";

const ROLES = Object.keys(ROLE_LABELS) as Role[];

function NewStaffForm({ onDone }: { onDone: (msg: string) => void }) {
  const [f, setF] = useState({ username: "", full_name: "", password: "", credential_number: "" });
  const [roles, setRoles] = useState<Role[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof f) => (v: string) => setF((p) => ({ ...p, [k]: v }));
  const submit = async (ev: Event) => {
    ev.preventDefault();
    setBusy(true);
    setError("");
    setErrors({});
    try {
      const u = await createStaff({ ...f, roles, credential_number: f.credential_number || null });
      setF({ username: "", full_name: "", password: "", credential_number: "" });
      setRoles([]);
      onDone(t.created(u.username));
    } catch (e) {
      const body = (e as { body?: { errors?: Record<string, string[] | Record<string, string[]>> } }).body;
      const errs = (body?.errors ?? {}) as Record<string, unknown>;
      setErrors(Object.fromEntries(Object.entries(errs).map(([k, v]) => [k, Array.isArray(v) ? String(v[0]) : String(Object.values(v as object)[0] ?? "")])));
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="team-new" onSubmit={submit} data-testid="staff-new">
      <h3>{t.staffNew}</h3>
      <TextField id="staff-username" label={t.username} value={f.username} onInput={set("username")} error={errors.username} testid="staff-username" required />
      <TextField id="staff-name" label={t.fullName} value={f.full_name} onInput={set("full_name")} error={errors.full_name} testid="staff-name" required />
      <TextField id="staff-password" label={t.password} type="password" value={f.password} onInput={set("password")} error={errors.password} placeholder={t.passwordHint} testid="staff-password" autoComplete="new-password" required />
      <TextField id="staff-credential" label={t.credential} value={f.credential_number} onInput={set("credential_number")} testid="staff-credential" />
      <fieldset>
        <legend>{t.roles}</legend>
        {ROLES.map((r) => (
          <Check key={r} id={`staff-role-${r}`} label={ROLE_LABELS[r]} checked={roles.includes(r)} testid={`staff-role-${r}`}
            onChange={(on) => setRoles((rs) => (on ? [...rs, r] : rs.filter((x) => x !== r)))} />
        ))}
      </fieldset>
      {error && <Banner kind="bad" testid="staff-new-error">{error}</Banner>}
      <div class="actions">
        <button type="submit" disabled={busy || roles.length === 0} data-testid="staff-create">{busy ? <Spinner label="Creando…" /> : t.create}</button>
      </div>
    </form>
  );
}

function Devices({ user, onDone }: { user: StaffMember; onDone: (msg: string) => void }) {
  const { data, error, busy, reload } = useLoad(() => listDevices(user.id), [user.id]);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [fail, setFail] = useState("");
  if (busy && !data) return <Spinner />;
  if (error) return <Banner kind="bad">{error}</Banner>;
  const confirm = async (id: string) => {
    setFail("");
    try {
      await revokeDevice(id, reason.trim());
      setRevoking(null);
      setReason("");
      reload();
      onDone(t.revoked);
    } catch (e) {
      setFail((e as Error).message);
    }
  };
  if (!data?.length) return <p data-testid="staff-devices">{t.noDevices}</p>;
  return (
    <ul class="team-devices" data-testid="staff-devices">
      {data.map((d) => (
        <li key={d.id} data-testid="staff-device" data-state={d.state}>
          {`${d.user_agent ?? "Dispositivo"} · app ${d.app_version ?? "?"} · visto ${ago(d.last_seen_at)} · `}
          <strong>{DEVICE_STATE[d.state]}</strong>
          {isManager.value && d.state === "active" && revoking !== d.id && (
            <button type="button" class="danger" onClick={() => setRevoking(d.id)} data-testid="staff-device-revoke">{t.revoke}</button>
          )}
          {revoking === d.id && (
            <span>
              <input type="text" aria-label={t.revokeReason} placeholder={t.revokeReason} value={reason} onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)} data-testid="staff-device-reason" />
              <button type="button" class="danger" disabled={reason.trim().length < 3} onClick={() => void confirm(d.id)} data-testid="staff-device-confirm">{t.revokeConfirm}</button>
              <button type="button" class="secondary" onClick={() => setRevoking(null)}>{t.cancel}</button>
            </span>
          )}
          {fail && revoking === d.id && <Banner kind="bad">{fail}</Banner>}
        </li>
      ))}
    </ul>
  );
}

export function StaffTab() {
  const { data, error, busy, reload } = useLoad(listStaff, []);
  const [note, setNote] = useState("");
  const [fail, setFail] = useState("");
  const [open, setOpen] = useState<string | null>(null);
  const manager = isManager.value;
  const act = async (fn: () => Promise<string>) => {
    setFail("");
    try {
      setNote(await fn());
      reload();
    } catch (e) {
      setFail((e as Error).message);
    }
  };
  const done = (msg: string) => { setNote(msg); reload(); };
  return (
    <div data-testid="team-staff">
      {!manager && <Banner kind="info">{t.readOnly}</Banner>}
      {note && <Banner kind="info" testid="staff-note">{note}</Banner>}
      {fail && <Banner kind="bad" testid="staff-error">{fail}</Banner>}
      {busy && !data && <Spinner />}
      {error && <Banner kind="bad">{error}</Banner>}
      {data && (
        <table class="team-staff-list">
          <thead><tr><th>{t.fullName}</th><th>{t.roles}</th><th>{t.active}</th><th>{t.lastLogin}</th><th>{t.lastSync}</th><th /></tr></thead>
          <tbody>
            {data.map((u) => [
              <tr key={u.id} data-testid="staff-row" data-id={u.id} data-active={String(u.active)}>
                <td>{u.full_name}<br /><small>{u.username}</small></td>
                <td>{u.roles.map((r) => ROLE_LABELS[r]).join(", ")}</td>
                <td>{u.active ? t.active : t.inactive}</td>
                <td>{dateTime(u.last_login_at) || "nunca"}</td>
                <td>{ago(u.last_sync_at)}</td>
                <td class="actions">
                  {manager && (u.active
                    ? <button type="button" class="secondary" onClick={() => void act(async () => (await setActive(u.id, false, null), t.deactivated(u.full_name)))} data-testid="staff-deactivate">{t.deactivate}</button>
                    : <button type="button" class="secondary" onClick={() => void act(async () => (await setActive(u.id, true, null), t.reactivated(u.full_name)))} data-testid="staff-reactivate">{t.reactivate}</button>)}
                  {manager && <button type="button" class="secondary" onClick={() => void act(async () => t.tempShown(u.username, (await resetPassword(u.id, null)).temporary_password ?? ""))} data-testid="staff-reset">{t.resetPassword}</button>}
                  <button type="button" class="secondary" onClick={() => setOpen(open === u.id ? null : u.id)} data-testid="staff-devices-open">{`${t.devices} (${u.devices})`}</button>
                </td>
              </tr>,
              open === u.id && <tr key={`${u.id}-devices`}><td colSpan={6}><Devices user={u} onDone={done} /></td></tr>,
            ])}
          </tbody>
        </table>
      )}
      {manager && <NewStaffForm onDone={done} />}
    </div>
  );
}
