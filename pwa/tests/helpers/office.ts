/**
 * The office screens' test bench (happy-dom, no server): a logged-in role, a fresh root per
 * test, and a fetch that records every request as a `Call` and answers with the test's own
 * `answer`. Everything is undone after each test.
 */
import { render } from "preact";
import { afterEach, beforeEach, vi } from "vitest";
import type { Role } from "../../src/domain/types";
import { session } from "../../src/state/session";

export interface Call {
  method: string;
  path: string;
  search: URLSearchParams;
  /** A JSON body parsed; any other body (FormData, bytes) as sent; null when none. */
  body: any;
  /** A binary body's bytes (photo and blob uploads). */
  bytes: Uint8Array | null;
  contentType: string | null;
}

/** Log in as a user with just `role`, as the login screen leaves the session. */
export function loginAs(role: Role): void {
  const s = { access_token: "access-1", refresh_token: "refresh-1", user: { id: `u-${role}`, username: role, full_name: role, roles: [role] } };
  localStorage.setItem("cartera.session", JSON.stringify(s));
  session.value = s;
}

/** Registers the per-test set-up and clean-up; read `calls` and `root` inside the tests. */
export function officeHarness(answer: (c: Call) => Response | Promise<Response>) {
  const h = {
    calls: [] as Call[],
    root: document.createElement("div"),
    $: (id: string) => h.root.querySelector(`[data-testid="${id}"]`) as HTMLElement | null,
    $$: (id: string) => [...h.root.querySelectorAll(`[data-testid="${id}"]`)] as HTMLElement[],
    /** The POSTs whose path ends with `suffix`. */
    posts: (suffix: string) => h.calls.filter((c) => c.method === "POST" && c.path.endsWith(suffix)),
  };
  beforeEach(() => {
    h.calls.length = 0;
    vi.stubGlobal("fetch", async (input: string, init?: RequestInit) => {
      const url = new URL(input, "http://test.local");
      const raw = init?.body;
      const c: Call = {
        method: init?.method ?? "GET",
        path: url.pathname,
        search: url.searchParams,
        body: typeof raw === "string" ? JSON.parse(raw) : (raw ?? null),
        bytes: raw instanceof ArrayBuffer ? new Uint8Array(raw) : raw instanceof Uint8Array ? raw : null,
        contentType: new Headers(init?.headers).get("Content-Type"),
      };
      h.calls.push(c);
      return answer(c);
    });
    h.root = document.createElement("div");
    document.body.appendChild(h.root);
  });
  afterEach(() => {
    render(null, h.root);
    vi.unstubAllGlobals();
    localStorage.clear();
    session.value = null;
    document.body.innerHTML = "";
  });
  return h;
}
