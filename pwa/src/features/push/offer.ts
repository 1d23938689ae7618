/**
 * Whether to offer push on this device, as a pure decision: which roles, which platforms, and
 * no nagging ("Ahora no" waits 7 days; a blocked permission is never asked again).
 */
import type { Role } from "../../domain/types";

/** Roles that get push: the field (cancelled orders) and the manager (office alerts). */
export const PUSH_ROLES: Role[] = ["notifier", "cutter", "social_worker", "manager"];
export const SNOOZE_DAYS = 7;

/** card: show the explanation card · install: iOS outside the home-screen app · none. */
export type PushOffer = "card" | "install" | "none";

export type Permission = NotificationPermission | "unsupported";

export interface OfferInput {
  roles: Role[];
  /** PushManager, Notification and a service worker registration all exist. */
  supported: boolean;
  permission: Permission;
  ios: boolean;
  standalone: boolean;
  snoozedUntil: string | null;
  now: Date;
}

export function canGetPush(roles: Role[]): boolean {
  return roles.some((r) => PUSH_ROLES.includes(r));
}

/** What to show about push right now. */
export function pushOfferFor(i: OfferInput): PushOffer {
  if (!canGetPush(i.roles)) return "none";
  // iOS has push only in the installed app (16.4+): ask to install, never show a prompt.
  if (i.ios && !i.standalone) return "install";
  if (!i.supported || i.permission !== "default") return "none";
  if (i.snoozedUntil && Date.parse(i.snoozedUntil) > i.now.getTime()) return "none";
  return "card";
}

/** When "Ahora no" pressed at `now` stops holding. */
export function snoozeUntil(now: Date): string {
  return new Date(now.getTime() + SNOOZE_DAYS * 86400000).toISOString();
}

/** iPhone, iPod or iPad, including iPadOS that presents itself as a Mac with a touch screen. */
export function isIosDevice(userAgent: string, maxTouchPoints: number): boolean {
  return /iPhone|iPad|iPod/i.test(userAgent) || (/Macintosh/.test(userAgent) && maxTouchPoints > 1);
}

/** Running as the installed app: `display-mode: standalone` or Safari's `navigator.standalone`. */
export function isStandalone(navigatorStandalone: boolean | undefined, displayModeStandalone: boolean): boolean {
  return navigatorStandalone === true || displayModeStandalone;
}
