/**
 * "Ver PDF" on the field worker's confirmation: nothing before the agreement reaches the
 * server; then downloaded with her token; disabled with no signal ("Disponible al
 * sincronizar"). The signature pads are faked (happy-dom draws nothing); the rest is real.
 */
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { localDate } from "../src/domain/time";
import type { User } from "../src/domain/types";
import AgreementScreen from "../src/features/agreements/AgreementScreen";
import { startField, stopField, syncNow, view } from "../src/state/field";
import { navigate } from "../src/state/router";
import { session } from "../src/state/session";
import { AGR, accountRow, POLICY_ROW, PROMOTION_ROW } from "./helpers/agreement-fixtures";
import { captureDownloads } from "./helpers/dom-input";
import { FakeServer, json } from "./helpers/fake-server";
import { sig } from "./helpers/fake-signature";

vi.mock("../src/features/visit/SignatureField", () => import("./helpers/fake-signature"));
vi.mock("../src/features/visit/photo", () => import("./helpers/fake-signature"));

let root: HTMLElement;
const $ = (id: string) => root.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;

beforeEach(() => {
  sig.empty = false;
  root = document.createElement("div");
  document.body.appendChild(root);
});

afterEach(() => {
  render(null, root);
  stopField();
  vi.unstubAllGlobals();
  localStorage.clear();
  session.value = null;
  document.body.innerHTML = "";
});

describe("field: 'Ver PDF' on the confirmation", () => {
  const STOP = "20000000-0000-4000-8000-0000000000d1";
  const NOTICE = "30000000-0000-4000-8000-0000000000d1";
  const ROUTE = "10000000-0000-4000-8000-0000000000d1";
  let server: FakeServer;
  let online: boolean;

  async function signAtTheDoor(): Promise<string> {
    server = new FakeServer();
    const day = localDate();
    server.putRow("route", ROUTE, { id: ROUTE, name: "Ruta 1", work_date: day, status: "planned", zone: "Centro", campaign_id: null });
    server.putRow("account", AGR.account, accountRow());
    server.putRow("notice", NOTICE, { id: NOTICE, folio: "AV-2026-9", kind: "formal", status: "assigned", account_id: AGR.account, debt_amount: "3450.00", months_past_due: 5, oldest_period: "2026-06-01", issued_on: day });
    server.putRow("stop", STOP, { id: STOP, route_id: ROUTE, position: 1, kind: "notice", status: "pending", notice_id: NOTICE, account_id: AGR.account, cancel_reason: null });
    server.putRow("agreement_policy", "1", POLICY_ROW);
    server.putRow("promotion", PROMOTION_ROW.id, PROMOTION_ROW);
    vi.stubGlobal("fetch", server.fetch);
    const user: User = { id: `n-${Math.random().toString(36).slice(2)}`, username: "notificador1", full_name: "Notificadora Uno", roles: ["notifier"] };
    const s = { access_token: "access-1", refresh_token: "refresh-1", user };
    localStorage.setItem("cartera.session", JSON.stringify(s));
    session.value = s;
    await startField(user.id);
    await vi.waitFor(() => expect(view.value?.accounts.has(AGR.account)).toBe(true));
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("offline"); // at the door: no signal until the test says so
    });
    navigate(`/convenio/${AGR.account}?stop=${STOP}&from=%2Fruta`);
    render(<AgreementScreen accountId={AGR.account} />, root);
    await vi.waitFor(() => expect($("agreement-sign")).not.toBeNull());
    expect($("agreement-paper-signature")).toBeNull(); // the field always signs on screen
    ($("agreement-sign") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("agreement-confirmation")).not.toBeNull());
    return $("agreement-confirmation")!.dataset.agreementId!;
  }

  /** Back in signal: sync. */
  async function sync(): Promise<void> {
    vi.stubGlobal("fetch", server.fetch);
    await syncNow();
  }

  beforeEach(() => {
    online = true;
    vi.spyOn(navigator, "onLine", "get").mockImplementation(() => online);
  });

  it("no PDF before the agreement reaches the server; once active, 'Ver PDF' downloads it with the worker's token; with no signal it is disabled with 'Disponible al sincronizar'", async () => {
    const dl = captureDownloads();
    const id = await signAtTheDoor();
    expect($("agreement-status")?.dataset.state).toBe("pending");
    expect($("agreement-field-pdf")).toBeNull();
    expect($("agreement-field-pdf-hint")?.textContent).toContain("al sincronizar");

    server.once(
      (r) => r.path === `/api/v1/agreements/${id}/document.pdf`,
      (r) => (r.auth === "Bearer access-1" ? new Response(new Blob(["%PDF-1.4"]), { status: 200, headers: { "Content-Type": "application/pdf" } }) : json({ error_code: "NOPE" }, 404)),
    );
    await sync();
    await vi.waitFor(() => expect($("agreement-status")?.dataset.state).toBe("active"));
    const button = $("agreement-field-pdf") as HTMLButtonElement;
    expect(button.textContent).toBe("Ver PDF");
    expect(button.disabled).toBe(false);
    button.click();
    await vi.waitFor(() => expect(dl.created).toHaveBeenCalled());
    expect(server.calls.some((c) => c.path === `/api/v1/agreements/${id}/document.pdf` && c.auth === "Bearer access-1")).toBe(true);
    expect(dl.clicked.at(-1)?.download).toMatch(/^convenio-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}\.pdf$/);

    online = false;
    window.dispatchEvent(new Event("offline"));
    await vi.waitFor(() => expect(($("agreement-field-pdf") as HTMLButtonElement).disabled).toBe(true));
    expect($("agreement-field-pdf-hint")?.textContent).toBe("Disponible al sincronizar");
    online = true;
    window.dispatchEvent(new Event("online"));
    await vi.waitFor(() => expect(($("agreement-field-pdf") as HTMLButtonElement).disabled).toBe(false));
    expect($("agreement-field-pdf-hint")).toBeNull();
  });

  it("opened with no signal: disabled from the start; in review it is offered too", async () => {
    const id = await signAtTheDoor();
    server.handlers["agreement.sign"] = () => ({ status: "flagged", flags: ["DEBT_CHANGED"] });
    await sync();
    await vi.waitFor(() => expect($("agreement-status")?.dataset.state).toBe("review"));
    render(null, root);
    online = false;
    navigate(`/convenio/${AGR.account}?id=${id}`);
    render(<AgreementScreen accountId={AGR.account} />, root);
    await vi.waitFor(() => expect($("agreement-field-pdf")).not.toBeNull());
    expect(($("agreement-field-pdf") as HTMLButtonElement).disabled).toBe(true);
    expect($("agreement-field-pdf-hint")?.textContent).toBe("Disponible al sincronizar");
  });
});
