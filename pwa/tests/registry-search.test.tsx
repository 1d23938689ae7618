/**
 * "Consulta de cuentas" (office): search as she types against a mocked fetch — debounced,
 * stale requests cancelled, results with class, status, balance and months past due, ↑/↓/Enter
 * and Esc, and "Recientes" (the last 10 accounts opened, per user).
 */
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Role } from "../src/domain/types";
import AccountsScreen from "../src/features/registry/AccountsScreen";
import { SEARCH_DEBOUNCE_MS } from "../src/features/registry/AccountSearch";
import { recentAccounts, rememberAccount } from "../src/features/registry/recents";
import { route } from "../src/state/router";
import { session } from "../src/state/session";
import { json } from "./helpers/fake-server";

interface Call {
  path: string;
  q: string | null;
  signal: AbortSignal | null | undefined;
}

const HITS = [
  { id: "a-1", account_number: "01-0042-7", holder_name: "José Peña Núñez", address: "Calle 5 de Mayo 12", neighborhood: "Centro", property_class: "domestic", status: "active", sector: "1", balance: "2450.50", months_past_due: 4 },
  { id: "a-2", account_number: "01-0043-5", holder_name: "Josefina Peña", address: "Obregón 3", neighborhood: "Lázaro Cárdenas", property_class: "commercial", status: "limited", sector: "2", balance: "0.00", months_past_due: 0 },
];

let calls: Call[];
let root: HTMLElement;
const $ = (id: string) => root.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;
const $$ = (id: string) => [...root.querySelectorAll(`[data-testid="${id}"]`)] as HTMLElement[];

function login(role: Role, id = `u-${role}`): void {
  const s = { access_token: "access-1", refresh_token: "refresh-1", user: { id, username: role, full_name: role, roles: [role] } };
  localStorage.setItem("cartera.session", JSON.stringify(s));
  session.value = s;
}

function type(value: string): void {
  const input = $("account-search") as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

function key(k: string): void {
  $("account-search")!.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true }));
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  calls = [];
  vi.stubGlobal("fetch", async (input: string, init?: RequestInit) => {
    const url = new URL(input, "http://test.local");
    calls.push({ path: url.pathname, q: url.searchParams.get("q"), signal: init?.signal });
    if (init?.signal?.aborted) throw new DOMException("aborted", "AbortError");
    if (url.pathname === "/api/v1/registry/accounts") {
      const q = url.searchParams.get("q") ?? "";
      return json({ items: q.startsWith("pena") ? HITS : [], total: q.startsWith("pena") ? 2 : 0, page: 1, page_size: 20, pages: 1, total_is_lower_bound: false });
    }
    return json({ error_code: "NOT_FOUND", message: "No se encontró." }, 404);
  });
  root = document.createElement("div");
  document.body.appendChild(root);
  location.hash = "#/cuentas";
});

afterEach(() => {
  render(null, root);
  vi.useRealTimers();
  vi.unstubAllGlobals();
  localStorage.clear();
  session.value = null;
  document.body.innerHTML = "";
});

const settle = async () => {
  await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS + 1);
  await vi.waitFor(() => expect($("account-search-note")?.textContent).not.toContain("Buscando"));
};

describe("account search as she types", () => {
  it("waits until she stops typing: one request for the last text, none under 3 characters", async () => {
    login("clerk");
    render(<AccountsScreen />, root);
    type("pe");
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS + 50);
    expect(calls).toHaveLength(0);
    expect($("account-search-note")?.textContent).toContain("al menos 3");
    type("pen");
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS - 50);
    type("pena");
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS - 50);
    expect(calls).toHaveLength(0);
    await settle();
    expect(calls.map((c) => c.q)).toEqual(["pena"]);
    const rows = $$("account-result");
    expect(rows.map((r) => r.dataset.number)).toEqual(["01-0042-7", "01-0043-5"]);
    expect(rows[0].dataset.accountId).toBe("a-1");
    expect(rows[0].textContent).toContain("José Peña Núñez");
    expect(rows[0].textContent).toContain("Doméstico");
    expect(rows[0].textContent).toContain("Activa");
    expect(rows[0].textContent).toMatch(/2,450\.50/);
    expect(rows[0].textContent).toContain("4 meses vencidos");
    expect(rows[1].textContent).toContain("Comercial");
    expect(rows[1].textContent).toContain("Limitada");
    expect(rows[1].textContent).toContain("al corriente");
    expect($("account-search-note")?.textContent).toBe("2 cuentas encontradas");
  });

  it("cancels a request gone stale: an older answer never replaces a newer one", async () => {
    login("clerk");
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    vi.stubGlobal("fetch", async (input: string, init?: RequestInit) => {
      const url = new URL(input, "http://test.local");
      const q = url.searchParams.get("q") ?? "";
      calls.push({ path: url.pathname, q, signal: init?.signal });
      if (q === "penaxx") {
        await slow;
        if (init?.signal?.aborted) throw new DOMException("aborted", "AbortError");
        return json({ items: [{ ...HITS[1], id: "stale" }], total: 1, page: 1, page_size: 20, pages: 1 });
      }
      return json({ items: HITS, total: 2, page: 1, page_size: 20, pages: 1 });
    });
    render(<AccountsScreen />, root);
    type("penaxx");
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS + 1);
    expect(calls).toHaveLength(1);
    type("pena");
    await vi.waitFor(() => expect(calls[0].signal?.aborted).toBe(true));
    await settle();
    release();
    await vi.advanceTimersByTimeAsync(10);
    expect($$("account-result").map((r) => r.dataset.accountId)).toEqual(["a-1", "a-2"]);
  });

  it("↑/↓ move through the results, Enter opens the chosen account, Esc clears", async () => {
    login("manager");
    render(<AccountsScreen />, root);
    type("pena");
    await settle();
    const selected = () => $$("account-result").findIndex((r) => r.getAttribute("aria-selected") === "true");
    expect(selected()).toBe(0);
    key("ArrowDown");
    await vi.waitFor(() => expect(selected()).toBe(1));
    key("ArrowDown");
    expect(selected()).toBe(1);
    key("ArrowUp");
    await vi.waitFor(() => expect(selected()).toBe(0));
    key("ArrowDown");
    await vi.waitFor(() => expect(selected()).toBe(1));
    expect($("account-search")!.getAttribute("aria-activedescendant")).toBe("account-opt-a-2");
    key("Enter");
    expect(route.value.path).toBe("/cuentas/a-2");
    key("Escape");
    await vi.waitFor(() => expect(($("account-search") as HTMLInputElement).value).toBe(""));
    expect($$("account-result")).toHaveLength(0);
  });

  it("a click opens an account too", async () => {
    login("director");
    render(<AccountsScreen />, root);
    type("pena");
    await settle();
    $$("account-result")[0].click();
    expect(route.value.path).toBe("/cuentas/a-1");
  });
});

describe("Recientes", () => {
  it("keeps the last 10 accounts opened, newest first, once each, per user", () => {
    for (let i = 0; i < 12; i++) rememberAccount("u-1", { id: `id-${i}`, account_number: `N${i}`, holder_name: `Titular ${i}` });
    rememberAccount("u-1", { id: "id-5", account_number: "N5", holder_name: "Titular 5" });
    const list = recentAccounts("u-1");
    expect(list).toHaveLength(10);
    expect(list[0].id).toBe("id-5");
    expect(list.filter((a) => a.id === "id-5")).toHaveLength(1);
    expect(list.map((a) => a.id)).not.toContain("id-0");
    expect(recentAccounts("u-2")).toEqual([]);
    localStorage.setItem("cartera.recent-accounts.u-3", "{roto");
    expect(recentAccounts("u-3")).toEqual([]);
  });

  it("shows them under an empty box as links to the account page", () => {
    login("clerk", "u-clerk");
    rememberAccount("u-clerk", { id: "a-1", account_number: "01-0042-7", holder_name: "José Peña Núñez" });
    rememberAccount("u-other", { id: "a-9", account_number: "09", holder_name: "Otra" });
    render(<AccountsScreen />, root);
    const recents = $$("account-recent");
    expect(recents).toHaveLength(1);
    expect(recents[0].textContent).toContain("01-0042-7 · José Peña Núñez");
    expect(recents[0].getAttribute("href")).toBe("#/cuentas/a-1");
  });
});
