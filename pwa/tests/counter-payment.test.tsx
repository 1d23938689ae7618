/**
 * "Pago en caja" against a mocked fetch: the account header, validation in Spanish (amount > 0,
 * at most two decimals, no future date), posting with one Idempotency-Key per form (reused on a
 * retry after a failure; a new one for "Nuevo pago"), what the payment paid, "Imprimir recibo"
 * downloading the receipt PDF, and the director who sees but cannot post.
 */
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Role } from "../src/domain/types";
import CounterPaymentScreen from "../src/features/counter/CounterPaymentScreen";
import { checkPayment, pesos } from "../src/features/counter/form";
import { session } from "../src/state/session";
import { json } from "./helpers/fake-server";
import { captureDownloads, type } from "./helpers/dom-input";

interface Call {
  method: string;
  path: string;
  body: any;
  headers: Record<string, string>;
}

const ACC = "6f0c0000-0000-4000-8000-000000000001";
const DETAIL = { id: ACC, account_number: "01-0042-7", status: "active", holder: { name: "Pérez López Juana" }, premises: { address: "Calle 5 de Mayo 12", neighborhood: "Centro" } };
const BALANCE = { account_number: "01-0042-7", balance: "652.50", months_past_due: 3 };
const PAID = {
  id: 77,
  account_id: ACC,
  amount: "250.50",
  unapplied: "0.00",
  paid_on: "2026-12-07",
  method: "card",
  reference: "AUT-99",
  receipt_number: "R26-00000077",
  origin: "counter",
  allocations: [
    { charge_id: 1, amount: "22.50", period: "2026-09-01", service: "sanitation", concept: "sanitation", due_date: "2026-10-10" },
    { charge_id: 2, amount: "45.00", period: "2026-09-01", service: "sewer", concept: "sewer", due_date: "2026-10-10" },
    { charge_id: 3, amount: "150.00", period: "2026-09-01", service: "water", concept: "fixed", due_date: "2026-10-10" },
    { charge_id: 4, amount: "33.00", period: "2026-10-01", service: "water", concept: "fixed", due_date: "2026-11-10" },
  ],
  balance_after: "402.00",
};

let calls: Call[];
let root: HTMLElement;
let failNextPayment: boolean;
let conflictNextPayment: boolean;

function answer(c: Call): Response {
  if (c.path === `/api/v1/registry/accounts/${ACC}` || c.path === "/api/v1/registry/accounts/01-0042-7") return json(DETAIL);
  if (c.path === `/api/v1/ledger/accounts/${ACC}/balance` || c.path === "/api/v1/ledger/accounts/01-0042-7/balance") return json(BALANCE);
  if (c.path === `/api/v1/ledger/accounts/${ACC}/payments`) {
    if (conflictNextPayment) {
      conflictNextPayment = false;
      return json({ code: 409, error_code: "IDEMPOTENCY_KEY_REUSED", message: "La clave de idempotencia ya se usó con otros datos." }, 409);
    }
    if (failNextPayment) {
      failNextPayment = false;
  conflictNextPayment = false;
      return json({ code: 503, error_code: "SERVICE_UNAVAILABLE", message: "El servicio no está disponible por el momento." }, 503);
    }
    const replay = calls.filter((x) => x.path === c.path && x.headers["Idempotency-Key"] === c.headers["Idempotency-Key"]).length > 1;
    return json(PAID, replay ? 200 : 201, replay ? { "Idempotent-Replayed": "true" } : {});
  }
  if (c.path === "/api/v1/ledger/payments/77/receipt.pdf") return new Response(new Blob(["%PDF-1.7"]), { status: 200, headers: { "Content-Type": "application/pdf" } });
  return json({ code: 404, error_code: "ACCOUNT_NOT_FOUND", message: "No existe la cuenta 99." }, 404);
}

function login(role: Role): void {
  const s = { access_token: "access-1", refresh_token: "refresh-1", user: { id: `u-${role}`, username: role, full_name: role, roles: [role] } };
  localStorage.setItem("cartera.session", JSON.stringify(s));
  session.value = s;
}

const $ = (id: string) => root.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;
const $$ = (id: string) => [...root.querySelectorAll(`[data-testid="${id}"]`)] as HTMLElement[];
const payments = () => calls.filter((c) => c.path.endsWith("/payments"));
/** Submit once Preact has rendered what was typed (as a person pressing Enter would). */
const submit = async () => {
  await new Promise((r) => setTimeout(r, 0));
  ($("counter-form") as HTMLFormElement).dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
};

beforeEach(() => {
  calls = [];
  failNextPayment = false;
  vi.stubGlobal("fetch", async (input: string, init?: RequestInit) => {
    const url = new URL(input, "http://test.local");
    const c: Call = { method: init?.method ?? "GET", path: url.pathname, body: typeof init?.body === "string" ? JSON.parse(init.body) : null, headers: (init?.headers ?? {}) as Record<string, string> };
    calls.push(c);
    return answer(c);
  });
  root = document.createElement("div");
  document.body.appendChild(root);
});

afterEach(() => {
  render(null, root);
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  localStorage.clear();
  session.value = null;
  document.body.innerHTML = "";
});

describe("the payment form's rules", () => {
  const base = { amount: "250.50", method: "cash", reference: "", paidOn: "2026-12-07" };
  it("turns what the clerk typed into the API's money string", () => {
    expect(checkPayment({ ...base, amount: "$1,250.5" }, "2026-12-07").body).toEqual({ amount: "1250.50", method: "cash", reference: null, paid_on: "2026-12-07" });
    expect(checkPayment({ ...base, reference: " AUT-1 " }, "2026-12-07").body?.reference).toBe("AUT-1");
  });
  it("refuses nothing, zero, three decimals, words, an unknown method and a future date, in Spanish", () => {
    expect(checkPayment({ ...base, amount: "" }, "2026-12-07").errors.amount).toBe("Escriba el importe.");
    expect(checkPayment({ ...base, amount: "0" }, "2026-12-07").errors.amount).toBe("El importe debe ser mayor que cero.");
    expect(checkPayment({ ...base, amount: "10.505" }, "2026-12-07").errors.amount).toBe("Use como máximo dos decimales (centavos).");
    expect(checkPayment({ ...base, amount: "diez" }, "2026-12-07").errors.amount).toMatch(/importe válido/);
    expect(checkPayment({ ...base, method: "bitcoin" }, "2026-12-07").errors.method).toBe("Elija la forma de pago.");
    expect(checkPayment({ ...base, paidOn: "2026-12-08" }, "2026-12-07").errors.paidOn).toBe("La fecha de pago no puede ser futura.");
    expect(checkPayment({ ...base, amount: "0" }, "2026-12-07").body).toBeNull();
  });
  it("shows server money as pesos", () => {
    expect(pesos("1234.50")).toBe("$1,234.50");
    expect(pesos("-150.00")).toBe("$-150.00");
    expect(pesos(null)).toBe("—");
  });
});

describe("Pago en caja (office)", () => {
  it("shows the account, refuses a bad amount without calling the server, posts once and shows what it paid", async () => {
    login("clerk");
    render(<CounterPaymentScreen accountId={ACC} />, root);
    await vi.waitFor(() => expect($("counter-header")).not.toBeNull());
    expect($("counter-header")?.textContent).toContain("Pérez López Juana");
    expect($("counter-balance")?.dataset.value).toBe("652.50");
    expect($("counter-balance")?.textContent).toContain("$652.50");
    expect($("counter-months")?.dataset.value).toBe("3");

    type($("counter-amount"), "10.505");
    await submit();
    await vi.waitFor(() => expect(root.textContent).toContain("Use como máximo dos decimales"));
    expect(payments()).toHaveLength(0);
    expect(($("counter-amount") as HTMLInputElement).getAttribute("aria-invalid")).toBe("true");

    type($("counter-amount"), "250.50");
    const method = $("counter-method") as HTMLSelectElement;
    method.value = "card";
    method.dispatchEvent(new Event("change", { bubbles: true }));
    type($("counter-reference"), "AUT-99");
    await submit();
    ($("counter-form") as HTMLFormElement).dispatchEvent(new Event("submit", { bubbles: true, cancelable: true })); // a double click books one payment
    await vi.waitFor(() => expect($("counter-result")).not.toBeNull());
    expect(payments()).toHaveLength(1);
    const [post] = payments();
    expect(post.method).toBe("POST");
    expect(post.body).toEqual({ amount: "250.50", method: "card", reference: "AUT-99", paid_on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(post.headers["Idempotency-Key"]).toMatch(/^pago-[0-9a-f-]{36}$/);
    expect($("counter-result")?.dataset.receipt).toBe("R26-00000077");
    const lines = $$("counter-allocation").map((r) => r.textContent);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain("sep 2026");
    expect(lines[0]).toContain("Saneamiento");
    expect(lines[3]).toContain("oct 2026");
    expect($("counter-balance-after")?.dataset.value).toBe("402.00");
  });

  it("a retry after a failure reuses the form's Idempotency-Key; a new payment gets a new one", async () => {
    login("manager");
    render(<CounterPaymentScreen accountId={ACC} />, root);
    await vi.waitFor(() => expect($("counter-form")).not.toBeNull());
    failNextPayment = true;
    type($("counter-amount"), "250.50");
    await submit();
    await vi.waitFor(() => expect($("counter-failure")).not.toBeNull());
    expect($("counter-failure")?.textContent).toContain("no está disponible");
    expect($("counter-submit")?.textContent).toBe("Reintentar");
    await submit();
    await vi.waitFor(() => expect($("counter-result")).not.toBeNull());
    const [first, retry] = payments();
    expect(retry.headers["Idempotency-Key"]).toBe(first.headers["Idempotency-Key"]);

    ($("counter-new") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("counter-form")).not.toBeNull());
    type($("counter-amount"), "250.50");
    await submit();
    await vi.waitFor(() => expect($("counter-result")).not.toBeNull());
    expect(payments()[2].headers["Idempotency-Key"]).not.toBe(first.headers["Idempotency-Key"]);
  });

  it("when the form's key already booked other data, it says so and 'Nuevo pago' takes a new key", async () => {
    login("clerk");
    render(<CounterPaymentScreen accountId={ACC} />, root);
    await vi.waitFor(() => expect($("counter-form")).not.toBeNull());
    conflictNextPayment = true;
    type($("counter-amount"), "300");
    await submit();
    await vi.waitFor(() => expect($("counter-new-key")).not.toBeNull());
    expect($("counter-failure")?.textContent).toContain("ya registró un pago con otros datos");
    ($("counter-new-key") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("counter-failure")).toBeNull());
    await submit();
    await vi.waitFor(() => expect($("counter-result")).not.toBeNull());
    const [first, second] = payments();
    expect(second.headers["Idempotency-Key"]).not.toBe(first.headers["Idempotency-Key"]);
  });

  it("says when the server had already booked the payment (a replay)", async () => {
    login("clerk");
    // The same key was already used once: the server answers 200 with Idempotent-Replayed.
    calls.push({ method: "POST", path: `/api/v1/ledger/accounts/${ACC}/payments`, body: null, headers: {} });
    const orig = crypto.randomUUID.bind(crypto);
    vi.spyOn(crypto, "randomUUID").mockImplementation(() => "00000000-0000-4000-8000-000000000000" as ReturnType<typeof orig>);
    calls[0].headers["Idempotency-Key"] = "pago-00000000-0000-4000-8000-000000000000";
    render(<CounterPaymentScreen accountId={ACC} />, root);
    await vi.waitFor(() => expect($("counter-form")).not.toBeNull());
    type($("counter-amount"), "250.50");
    await submit();
    await vi.waitFor(() => expect($("counter-result")).not.toBeNull());
    expect($("counter-result")?.textContent).toContain("ya estaba registrado");
  });

  it("'Imprimir recibo' downloads the receipt PDF with the token", async () => {
    login("clerk");
    const dl = captureDownloads();
    render(<CounterPaymentScreen accountId={ACC} />, root);
    await vi.waitFor(() => expect($("counter-form")).not.toBeNull());
    type($("counter-amount"), "250.50");
    await submit();
    await vi.waitFor(() => expect($("counter-print")).not.toBeNull());
    ($("counter-print") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(dl.clicked).toHaveLength(1));
    const pdf = calls.find((c) => c.path === "/api/v1/ledger/payments/77/receipt.pdf");
    expect(pdf?.headers.Authorization).toBe("Bearer access-1");
    expect(dl.clicked[0].download).toBe("recibo-R26-00000077.pdf");
  });

  it("opens an account typed by number, says when it does not exist, and the director cannot post", async () => {
    login("director");
    render(<CounterPaymentScreen accountId="99" />, root);
    await vi.waitFor(() => expect($("counter-error")).not.toBeNull());
    expect($("counter-error")?.textContent).toContain("No existe la cuenta 99.");
    render(<CounterPaymentScreen accountId="01-0042-7" />, root);
    await vi.waitFor(() => expect($("counter-header")).not.toBeNull());
    expect($("counter-form")).toBeNull();
    expect(root.textContent).toContain("no registrar pagos");
  });
});
