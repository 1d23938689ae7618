/** Errors of calls to the server, with the stable code the server sends (`error_code`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message?: string,
    readonly body: unknown = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message ?? errorCode);
    this.name = "ApiError";
  }

  /** Worth retrying later (no network, captive portal, 5xx, 429): the queue pauses, never drops. */
  get transient(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500 || this.errorCode === "BAD_ENVELOPE";
  }
}

/** Parse Retry-After (seconds or an HTTP date) into milliseconds from now. */
export function parseRetryAfter(v: string | null, now = Date.now()): number | null {
  if (!v) return null;
  const s = Number(v);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const t = Date.parse(v);
  return Number.isFinite(t) ? Math.max(0, t - now) : null;
}
