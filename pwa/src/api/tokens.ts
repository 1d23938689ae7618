/** The session (access and refresh tokens and the user) kept in localStorage across reloads. */
import type { User } from "../domain/types";

export interface Session {
  access_token: string;
  refresh_token: string | null;
  user: User;
}

export interface TokenStore {
  get(): Session | null;
  set(s: Session | null): void;
}

const KEY = "cartera.session";

/** localStorage-backed store (the app); survives reloads and offline boots. */
export const localTokenStore: TokenStore = {
  get() {
    try {
      const raw = localStorage.getItem(KEY);
      return raw ? (JSON.parse(raw) as Session) : null;
    } catch {
      return null;
    }
  },
  set(s) {
    if (s) localStorage.setItem(KEY, JSON.stringify(s));
    else localStorage.removeItem(KEY);
  },
};

/** In-memory store (tests). */
export function memoryTokenStore(initial: Session | null = null): TokenStore {
  let s = initial;
  return {
    get: () => s,
    set: (v) => {
      s = v;
    },
  };
}
