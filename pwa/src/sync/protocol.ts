/** Wire shapes of field-sync v1 (SYNC.md): what the client sends and what it accepts back. */
import type { PullPageIn, PushResultIn } from "../storage/transactions";
import type { OutboxEntry } from "../storage/db";

export const SYNC_BASE = "/api/sync/v1";
export const PUSH_MAX_MUTATIONS = 100;
export const PUSH_MAX_BYTES = 256 * 1024;
export const PULL_LIMIT = 500;

export interface RegisterResponse {
  proto: 1;
  client_id: string;
  epoch?: string | null;
  last_seq?: number | null;
  schema?: { min: number; max: number } | null;
  vapid_public_key?: string | null;
  server_time?: string;
}

/** A mutation on the wire: the outbox entry without its local bookkeeping. */
export type PushMutation = Pick<OutboxEntry, "seq" | "id" | "name" | "v" | "base_rv" | "created_at" | "args">;

export interface PushResponse {
  proto: 1;
  last_seq?: number | null;
  results?: PushResultIn[];
  missing_blobs?: string[];
  server_time?: string;
  error?: string;
  error_code?: string;
}

export interface PullResponse extends PullPageIn {
  proto: 1;
  server_time?: string;
  error?: string;
  error_code?: string;
}

/** The typed error inside a 200 (`CLIENT_STATE_NOT_FOUND`, `VERSION_NOT_SUPPORTED`), if any. */
export function typedError(body: { error?: string; error_code?: string } | null | undefined): string | null {
  const e = body?.error ?? body?.error_code ?? null;
  return typeof e === "string" && e ? e : null;
}

/** `expected_seq` of a 409 SEQ_GAP answer, wherever the server put it. */
export function expectedSeqOf(body: unknown): number | null {
  const b = body as { expected_seq?: unknown; errors?: { expected_seq?: unknown }; params?: { expected_seq?: unknown } } | null;
  const v = b?.expected_seq ?? b?.errors?.expected_seq ?? b?.params?.expected_seq;
  const n = Number(Array.isArray(v) ? v[0] : v);
  return Number.isInteger(n) && n > 0 ? n : null;
}
