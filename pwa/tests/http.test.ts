import { describe, expect, it } from "vitest";
import { ApiError } from "../src/api/errors";
import { Http } from "../src/api/http";
import { memoryTokenStore } from "../src/api/tokens";
import { json } from "./helpers/fake-server";

const tokens = () => memoryTokenStore({ access_token: "a", refresh_token: "r", user: { id: "u", username: "x", full_name: "X", roles: ["notifier"] } });

describe("http client", () => {
  it("sends the bearer token and JSON", async () => {
    let seen: RequestInit | undefined;
    const http = new Http(async (_u, init) => ((seen = init), json({ proto: 1, ok: true })), tokens());
    const r = await http.request("/api/sync/v1/pull", { method: "POST", body: { a: 1 }, proto: true });
    expect(r.body).toEqual({ proto: 1, ok: true });
    expect(new Headers(seen?.headers).get("Authorization")).toBe("Bearer a");
    expect(seen?.body).toBe('{"a":1}');
  });

  it("turns an HTML page, a JSON without proto, a network error and a 5xx into transient errors", async () => {
    const cases: [() => Promise<Response>, string][] = [
      [async () => new Response("<html>portal</html>", { status: 200, headers: { "Content-Type": "text/html" } }), "BAD_ENVELOPE"],
      [async () => json({ hello: 1 }), "BAD_ENVELOPE"],
      [async () => Promise.reject(new TypeError("Failed to fetch")), "NETWORK"],
      [async () => new Response("Bad gateway", { status: 502 }), "HTTP_502"],
      [async () => new Response("<html>login</html>", { status: 403, headers: { "Content-Type": "text/html" } }), "BAD_ENVELOPE"],
    ];
    for (const [f, code] of cases) {
      const http = new Http(f, tokens());
      const err = await http.request("/api/sync/v1/push", { method: "POST", body: {}, proto: true }).catch((e) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect(err.errorCode).toBe(code);
      expect(err.transient).toBe(true);
    }
  });

  it("keeps the server's error code and Spanish message", async () => {
    const http = new Http(async () => json({ code: 422, error_code: "VALIDATION_ERROR", message: "Revise los datos." }, 422), tokens());
    const err = await http.request("/api/v1/campaigns", { method: "POST", body: {} }).catch((e) => e);
    expect(err).toMatchObject({ status: 422, errorCode: "VALIDATION_ERROR", message: "Revise los datos." });
    expect(err.transient).toBe(false);
  });
});
