/** Who is logged in, and what the roles let them see. */
import { computed, signal } from "@preact/signals";
import { Http } from "../api/http";
import { localTokenStore, type Session } from "../api/tokens";
import { FIELD_ROLES, OFFICE_ROLES, OFFICE_WRITERS, type Role } from "../domain/types";

export const session = signal<Session | null>(localTokenStore.get());
/** The refresh token stopped working: field work goes on, sync waits for a new login. */
export const sessionExpired = signal(false);

export const http = new Http((input, init) => fetch(input, init), {
  get: () => localTokenStore.get(),
  set: (s) => {
    localTokenStore.set(s);
    session.value = s;
  },
});
http.onSessionExpired = () => {
  sessionExpired.value = true;
};

const has = (roles: Role[]) => computed(() => (session.value?.user.roles ?? []).some((r) => roles.includes(r)));
export const isField = has(FIELD_ROLES);
export const isOffice = has(OFFICE_ROLES);
export const canWriteOffice = has(OFFICE_WRITERS);
export const isManager = has(["manager"]);

const WIPED_KEY = "cartera.wiped";
/** Why this device was logged out by the office (a lost device wiped); the login screen shows it. */
export const wipedNotice = signal<string | null>(typeof localStorage === "undefined" ? null : localStorage.getItem(WIPED_KEY));

/** The device's data was wiped on the office's order: drop the session, keep the message for login. */
export function markWiped(message: string): void {
  localStorage.setItem(WIPED_KEY, message);
  wipedNotice.value = message;
  sessionExpired.value = false;
  http.tokens.set(null);
}

/** Forget the wipe message (after the next successful login). */
export function clearWipedNotice(): void {
  localStorage.removeItem(WIPED_KEY);
  wipedNotice.value = null;
}
