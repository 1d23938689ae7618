/**
 * The fetch client: bearer token, one refresh-and-retry on 401, typed ApiError, and an envelope
 * check for sync answers (JSON with "proto": 1) so a captive portal's page counts as a failure.
 */
import { ApiError, parseRetryAfter } from "./errors";
import { es } from "../i18n/es";
import type { TokenStore } from "./tokens";

export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export interface RequestOptions {
  method?: string;
  body?: unknown; // JSON-encoded unless it is a Blob/ArrayBuffer
  contentType?: string;
  /** Require a JSON answer carrying "proto": 1 (sync endpoints). */
  proto?: boolean;
  auth?: boolean;
  signal?: AbortSignal;
  /** Extra request headers (e.g. Idempotency-Key for a payment). */
  headers?: Record<string, string>;
}

export interface HttpResult<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** Spanish message for a status when the server sent none. */
function fallbackMessage(status: number): string {
  if (status === 0) return es.http.offline;
  if (status === 401) return es.http.unauthorized;
  if (status === 403) return es.http.forbidden;
  if (status === 404) return es.http.notFound;
  if (status === 429) return es.http.tooMany;
  if (status >= 500) return es.http.serverError;
  return es.http.generic;
}

export class Http {
  private refreshing: Promise<boolean> | null = null;
  /** Called when the refresh token no longer works (the user must log in again). */
  onSessionExpired: (() => void) | null = null;

  constructor(
    private readonly fetchFn: FetchFn,
    readonly tokens: TokenStore,
    private readonly base = "",
  ) {}

  /** JSON request with the bearer token; 401 refreshes the token and retries once. */
  async request<T = unknown>(path: string, opts: RequestOptions = {}): Promise<HttpResult<T>> {
    const auth = opts.auth !== false;
    let resp = await this.send(path, opts, auth);
    if (resp.status === 401 && auth && this.tokens.get()?.refresh_token) {
      if (await this.refresh()) resp = await this.send(path, opts, auth);
    }
    return this.decode<T>(resp, opts, path);
  }

  /** A raw response with auth and refresh (blob downloads, PDFs, HEAD). */
  async raw(path: string, opts: RequestOptions = {}): Promise<Response> {
    let resp = await this.send(path, opts, true);
    if (resp.status === 401 && this.tokens.get()?.refresh_token) {
      if (await this.refresh()) resp = await this.send(path, opts, true);
    }
    if (resp.status === 401) throw new ApiError(401, "UNAUTHORIZED", fallbackMessage(401));
    return resp;
  }

  private async send(path: string, opts: RequestOptions, auth: boolean): Promise<Response> {
    const headers: Record<string, string> = { Accept: "application/json", ...opts.headers };
    let body: BodyInit | undefined;
    if (opts.body instanceof Blob || opts.body instanceof ArrayBuffer || opts.body instanceof Uint8Array) {
      body = opts.body as BodyInit;
      headers["Content-Type"] = opts.contentType ?? "application/octet-stream";
    } else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers["Content-Type"] = "application/json";
    }
    const token = this.tokens.get()?.access_token;
    if (auth && token) headers.Authorization = `Bearer ${token}`;
    try {
      return await this.fetchFn(this.base + path, {
        method: opts.method ?? (body === undefined ? "GET" : "POST"),
        headers,
        body,
        cache: "no-store",
        credentials: "same-origin",
        signal: opts.signal,
      });
    } catch (e) {
      if ((e as Error)?.name === "AbortError") throw e;
      throw new ApiError(0, "NETWORK", fallbackMessage(0));
    }
  }

  private async decode<T>(resp: Response, opts: RequestOptions, path: string): Promise<HttpResult<T>> {
    const retryAfter = parseRetryAfter(resp.headers.get("Retry-After"));
    if (resp.status === 204) return { status: 204, body: null as T, headers: resp.headers };
    const text = await resp.text().catch(() => "");
    let body: unknown = null;
    let isJson = false;
    try {
      body = text ? JSON.parse(text) : null;
      isJson = text !== "" && typeof body === "object" && body !== null;
    } catch {
      isJson = false;
    }
    const b = (isJson ? body : {}) as { error_code?: string; message?: string; proto?: number };
    if (!resp.ok) {
      // Errors from the auth layer (401, 403) come without "proto": trust their status.
      if (resp.status >= 500 || resp.status === 429 || isJson)
        throw new ApiError(resp.status, b.error_code ?? `HTTP_${resp.status}`, b.message ?? fallbackMessage(resp.status), body, retryAfter);
      throw new ApiError(resp.status, "BAD_ENVELOPE", fallbackMessage(resp.status), text.slice(0, 200), retryAfter);
    }
    if (!isJson || (opts.proto && b.proto !== 1)) {
      // A 200 that is not our JSON: a captive portal or a proxy page. Never trust it.
      throw new ApiError(resp.status, "BAD_ENVELOPE", es.http.badEnvelope(path), text.slice(0, 200), retryAfter);
    }
    return { status: resp.status, body: body as T, headers: resp.headers };
  }

  /** Exchange the refresh token for a new access token (one refresh at a time). */
  refresh(): Promise<boolean> {
    if (!this.refreshing) {
      this.refreshing = this.doRefresh().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async doRefresh(): Promise<boolean> {
    const s = this.tokens.get();
    if (!s?.refresh_token) return false;
    let resp: Response;
    try {
      resp = await this.fetchFn(this.base + "/api/v1/auth/refresh", {
        method: "POST",
        headers: { Accept: "application/json", Authorization: `Bearer ${s.refresh_token}` },
        cache: "no-store",
      });
    } catch {
      throw new ApiError(0, "NETWORK", fallbackMessage(0));
    }
    const body = (await resp.json().catch(() => null)) as { access_token?: string; user?: unknown } | null;
    if (resp.ok && body?.access_token) {
      const cur = this.tokens.get() ?? s;
      this.tokens.set({ ...cur, access_token: body.access_token, user: (body.user as typeof s.user) ?? cur.user });
      return true;
    }
    if (resp.status === 401 || resp.status === 422) {
      this.onSessionExpired?.();
      return false;
    }
    throw new ApiError(resp.status || 0, body ? `HTTP_${resp.status}` : "BAD_ENVELOPE", fallbackMessage(resp.status));
  }
}
