/**
 * A fake field-sync v1 server behind a fake fetch (never the real server): clients, push with
 * the last_seq rules (duplicate / SEQ_GAP / applied), paginated pull with a cookie, blobs,
 * Web Push subscriptions, and the auth refresh endpoint. Interceptors let a test answer any
 * request its own way.
 */
export interface Req {
  method: string;
  path: string;
  body: any;
  auth: string | null;
  raw: RequestInit | undefined;
}

type Interceptor = (req: Req) => Response | undefined | Promise<Response | undefined>;

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

export class FakeServer {
  version = 0;
  epoch = "e1";
  lastSeq = 0;
  applied: any[] = [];
  rows = new Map<string, { t: string; id: string; rv: number; d: any; deleted?: boolean }>();
  blobs = new Map<string, number>();
  validAccess = new Set(["access-1"]);
  refreshToken = "refresh-1";
  private nextAccess = 2;
  calls: Req[] = [];
  interceptors: Interceptor[] = [];
  pageLimit: number | null = null;
  /** What POST /clients answers as `vapid_public_key`. */
  vapidKey: string | null = null;
  /** client_id → the Web Push subscription it stored. */
  pushSubscriptions = new Map<string, { endpoint: string; keys: { p256dh: string; auth: string } }>();
  /** name → result of a mutation (default: applied). */
  handlers: Record<string, (m: any) => { status: string; code?: string; flags?: string[] } | void> = {};

  /** Answer the next matching request with `fn` once (returns undefined to pass). */
  once(match: (r: Req) => boolean, fn: (r: Req) => Response | Promise<Response>): void {
    const i: Interceptor = (r) => {
      if (!match(r)) return undefined;
      this.interceptors = this.interceptors.filter((x) => x !== i);
      return fn(r);
    };
    this.interceptors.push(i);
  }

  putRow(t: string, id: string, d: any): void {
    this.version += 1;
    this.rows.set(`${t}:${id}`, { t, id, rv: this.version, d });
  }

  delRow(t: string, id: string): void {
    this.version += 1;
    const r = this.rows.get(`${t}:${id}`);
    if (r) this.rows.set(`${t}:${id}`, { ...r, rv: this.version, deleted: true });
  }

  fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    const url = new URL(input, "http://test.local");
    const headers = new Headers(init?.headers);
    let body: any = null;
    if (typeof init?.body === "string") body = JSON.parse(init.body);
    else if (init?.body) body = init.body;
    const req: Req = { method: init?.method ?? "GET", path: url.pathname, body, auth: headers.get("Authorization"), raw: init };
    this.calls.push(req);
    for (const i of [...this.interceptors]) {
      const r = await i(req);
      if (r) return r;
    }
    return this.route(req);
  };

  private authed(req: Req): boolean {
    return !!req.auth && this.validAccess.has(req.auth.replace(/^Bearer /, ""));
  }

  /** Expire every access token (the next call answers 401). */
  expireTokens(): void {
    this.validAccess.clear();
  }

  private route(req: Req): Response {
    const p = req.path;
    if (p === "/api/v1/auth/refresh") {
      if (req.auth !== `Bearer ${this.refreshToken}`) return json({ code: 401, error_code: "TOKEN_INVALID", message: "x" }, 401);
      const tok = `access-${this.nextAccess++}`;
      this.validAccess.add(tok);
      return json({ access_token: tok, token_type: "Bearer", user: { id: "u1", username: "n1", full_name: "N", roles: ["notifier"] } });
    }
    if (!this.authed(req)) return json({ code: 401, error_code: "TOKEN_EXPIRED", message: "Token vencido" }, 401);
    if (p === "/api/sync/v1/clients") return json({ proto: 1, client_id: req.body.client_id, epoch: this.epoch, schema_min: 1, schema_max: 2, last_seq: this.lastSeq, vapid_public_key: this.vapidKey });
    if (p === "/api/sync/v1/push-subscriptions") {
      const b = req.body ?? {};
      if (typeof b.client_id !== "string") return json({ code: 422, error_code: "VALIDATION_ERROR", message: "client_id" }, 422);
      if (req.method === "POST") {
        const s = b.subscription;
        if (!s?.endpoint || !s.keys?.p256dh || !s.keys?.auth) return json({ code: 422, error_code: "VALIDATION_ERROR", message: "subscription" }, 422);
        this.pushSubscriptions.set(b.client_id, s);
        return json({ proto: 1, ok: true });
      }
      if (req.method === "DELETE") {
        this.pushSubscriptions.delete(b.client_id);
        return json({ proto: 1, ok: true });
      }
    }
    if (p === "/api/sync/v1/push") return this.push(req.body);
    if (p === "/api/sync/v1/pull") return this.pull(req.body);
    const blob = /^\/api\/sync\/v1\/blobs\/([0-9a-f]{64})$/.exec(p);
    if (blob) {
      const sha = blob[1];
      if (req.method === "HEAD") return this.blobs.has(sha) ? json({ proto: 1, sha256: sha }) : json({ proto: 1, error_code: "BLOB_NOT_FOUND" }, 404);
      if (req.method === "PUT") {
        const created = !this.blobs.has(sha);
        this.blobs.set(sha, (this.blobs.get(sha) ?? 0) + 1);
        return json({ proto: 1, sha256: sha, created }, created ? 201 : 200);
      }
    }
    return json({ error_code: "NOT_FOUND" }, 404);
  }

  private push(b: any): Response {
    if (b.acked_seq > this.lastSeq) return json({ proto: 1, error: "CLIENT_STATE_NOT_FOUND", error_code: "CLIENT_STATE_NOT_FOUND", last_seq: this.lastSeq, results: [], missing_blobs: [] });
    const results: any[] = [];
    const missing = new Set<string>();
    let gap: number | null = null;
    for (const m of b.mutations) {
      if (m.seq <= this.lastSeq) {
        results.push({ seq: m.seq, status: "duplicate" });
        continue;
      }
      if (m.seq > this.lastSeq + 1) {
        gap = this.lastSeq + 1;
        break;
      }
      const out = this.handlers[m.name]?.(m) ?? { status: "applied" };
      this.version += 1;
      this.lastSeq = m.seq;
      this.applied.push(m);
      if (out.status !== "rejected") this.effect(m);
      results.push({ seq: m.seq, ...out, rv: this.version });
      for (const sha of [...(m.args.photos ?? []), ...(m.args.photos_before ?? []), ...(m.args.photos_after ?? []), ...(m.args.signature ? [m.args.signature] : []), ...(m.args.customer_signature ? [m.args.customer_signature] : []), ...(m.args.staff_signature ? [m.args.staff_signature] : [])]) if (!this.blobs.has(sha)) missing.add(sha);
    }
    const data = { last_seq: this.lastSeq, results, missing_blobs: [...missing] };
    if (gap !== null) return json({ proto: 1, code: 409, error_code: "SEQ_GAP", message: "gap", expected_seq: gap, ...data }, 409);
    return json({ proto: 1, ...data });
  }

  /** What applying a mutation does to the rows a device sees. */
  private effect(m: any): void {
    if (m.name === "order.execute") {
      const a = m.args;
      const o = this.rows.get(`order:${a.order_id}`);
      const executed = a.outcome === "executed";
      if (o) this.putRow("order", o.id, { ...o.d, status: executed ? (o.d.status === "cancelled" ? "executed_after_cancellation" : "executed") : "not_executed", not_executed_reason: executed ? null : a.reason });
      this.putRow("visit", a.id, { id: a.id, stop_id: a.stop_id, notice_id: null, order_id: a.order_id, account_id: o?.d.account_id ?? "acc", outcome: a.outcome, started_at: a.started_at, ended_at: a.ended_at, flags: [], evidence_pending: false });
      if (a.stop_id) {
        const s = this.rows.get(`stop:${a.stop_id}`);
        if (s) this.putRow("stop", s.id, { ...s.d, status: "done" });
      }
    }
    if (m.name === "stop.complete") {
      const s = this.rows.get(`stop:${m.args.stop_id}`);
      if (s) this.putRow("stop", s.id, { ...s.d, status: "done" });
    }
    if (m.name === "visit.record") {
      const a = m.args;
      this.putRow("visit", a.id, { id: a.id, stop_id: a.stop_id, notice_id: a.notice_id, account_id: "acc", outcome: a.outcome, started_at: a.started_at, ended_at: a.ended_at, flags: [], evidence_pending: false });
      if (a.stop_id) {
        const s = this.rows.get(`stop:${a.stop_id}`);
        if (s) this.putRow("stop", s.id, { ...s.d, status: "done" });
      }
    }
  }

  private pull(b: any): Response {
    let c: { e: string; v: number; u?: number; k?: [number, string, string] } = b.cookie ? JSON.parse(b.cookie) : { e: this.epoch, v: 0 };
    let reset = false;
    if (c.e !== this.epoch || c.v > this.version) {
      c = { e: this.epoch, v: 0 };
      reset = true;
    }
    const u = c.u ?? this.version;
    const all = [...this.rows.values()].filter((r) => r.rv > c.v && r.rv <= u).sort((a, z) => a.rv - z.rv || a.t.localeCompare(z.t) || a.id.localeCompare(z.id));
    // Page key: the (rv, t, id) of the last row delivered, as the real server does.
    const k = c.k;
    const after = k ? all.filter((r) => r.rv > k[0] || (r.rv === k[0] && (r.t > k[1] || (r.t === k[1] && r.id > k[2])))) : all;
    const limit = this.pageLimit ?? b.limit;
    const page = after.slice(0, limit);
    const hasMore = after.length > limit;
    const last = page[page.length - 1];
    const cookie = JSON.stringify(hasMore ? { e: this.epoch, v: c.v, u, k: [last.rv, last.t, last.id] } : { e: this.epoch, v: u });
    const patch = page.map((r) => (r.deleted ? { op: "del", t: r.t, id: r.id, rv: r.rv } : { op: "put", t: r.t, id: r.id, rv: r.rv, d: r.d }));
    return json({ proto: 1, cookie, has_more: hasMore, reset, patch, ...(hasMore ? {} : { last_seq: this.lastSeq }) });
  }
}
