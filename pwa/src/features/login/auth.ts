/** Log in and out: tokens, the field runtime, persistent storage, the iOS install hint, push. */
import { signal } from "@preact/signals";
import type { Session } from "../../api/tokens";
import { FIELD_ROLES } from "../../domain/types";
import { canGetPush, isIosDevice, isStandalone } from "../push/offer";
import { startPush, stopPush } from "../push/push";
import { askPersistence, startField, stopField, syncNow, syncStatus, view } from "../../state/field";
import { http, session, sessionExpired } from "../../state/session";

export const showIosHint = signal(false);

/** iOS Safari outside the home-screen app (push and durable storage need the install). */
export function isIosNotInstalled(): boolean {
  const ios = isIosDevice(navigator.userAgent, navigator.maxTouchPoints);
  const standalone = isStandalone((navigator as Navigator & { standalone?: boolean }).standalone, !!matchMedia?.("(display-mode: standalone)").matches);
  return ios && !standalone;
}

/**
 * Log in with username and password; field roles get their database and sync started; field
 * roles and managers get push (the card, or on iOS outside the installed app the install hint).
 */
export async function login(username: string, password: string): Promise<Session> {
  const { body } = await http.request<Session>("/api/v1/auth/login", { method: "POST", auth: false, body: { username, password } });
  const s: Session = { access_token: body.access_token, refresh_token: body.refresh_token, user: body.user };
  http.tokens.set(s);
  session.value = s;
  sessionExpired.value = false;
  if (s.user.roles.some((r) => FIELD_ROLES.includes(r))) {
    await startField(s.user.id); // opens this user's database and registers the sync client
    if (syncStatus.value?.stopped) void syncNow(); // logged in again after the session expired
    await askPersistence();
  }
  if (canGetPush(s.user.roles)) {
    showIosHint.value = isIosNotInstalled();
    void startPush(s.user);
  }
  return s;
}

/**
 * Log out: drop the push subscription (best effort, at most a few seconds: it needs the token
 * revoked next), revoke tokens (best effort), stop syncing; every record stays on the device.
 */
export async function logout(): Promise<void> {
  const s = session.value;
  await stopPush();
  if (s) {
    try {
      await http.request("/api/v1/auth/logout", { method: "POST", body: { refresh_token: s.refresh_token } });
    } catch {
      /* offline: the token simply expires */
    }
  }
  stopField();
  http.tokens.set(null);
  session.value = null;
  view.value = null;
}
