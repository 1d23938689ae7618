/**
 * The client sync loop (SYNC.md "Client loop"): register → push (in seq order) → pull until
 * has_more is false → upload blobs. Triggers: open, resume, online, after each local mutation
 * (debounced), a timer while open, a push message and the "Sincronizar" button. Only the leader
 * tab syncs. Faults of the network or the server back off (1 s doubling to 5 min, jitter,
 * Retry-After honoured) and retry by themselves; business rejections never stop the queue.
 */
import { ApiError } from "../api/errors";
import type { Http } from "../api/http";
import { SCHEMA_VERSION } from "../domain/types";
import { es } from "../i18n/es";
import { markBlob, getBlob } from "../storage/blobs";
import type { Db, OutboxEntry } from "../storage/db";
import { ensureClient, getMeta } from "../storage/meta";
import { wipeLocalData } from "../storage/wipe";
import { pendingEntries } from "../storage/outbox";
import { applyPullPage, applyPushResults, purgeOld, requeueFrom, saveRegistration } from "../storage/transactions";
import { retryDelay } from "./backoff";
import { uploadBlobs } from "./blob-queue";
import type { BusLike, BusMessage, Leader } from "./leader";
import {
  expectedSeqOf,
  PULL_LIMIT,
  PUSH_MAX_BYTES,
  PUSH_MAX_MUTATIONS,
  SYNC_BASE,
  typedError,
  type PullResponse,
  type PushMutation,
  type PushResponse,
  type RegisterResponse,
} from "./protocol";

export type SyncTrigger = "open" | "resume" | "online" | "mutation" | "timer" | "manual" | "push" | "retry";

/** Why the loop stopped and waits for a person (no automatic retry). */
export type StopReason = "forbidden" | "client_state_lost" | "session_expired" | "wiped";

/** Shown on the login screen after the office revoked this device as lost (403 CLIENT_WIPE). */
export const WIPED_MESSAGE = "La oficina dio de baja este dispositivo (reportado como extraviado) y se borraron sus datos. Si lo recuperó, inicie sesión de nuevo.";

export interface SyncStatus {
  running: boolean;
  leader: boolean;
  attempt: number; // consecutive failures
  nextRetryAt: number | null;
  lastError: { code: string; message: string; at: string } | null;
  stopped: StopReason | null;
  updateRequired: boolean; // VERSION_NOT_SUPPORTED from pull
  lastOkAt: string | null;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(h: unknown): void;
}

export interface EngineOptions {
  db: Db;
  http: Http;
  userId: string;
  makeId: () => string;
  appVersion: string;
  leader: Leader;
  bus?: BusLike | null;
  timers?: Timers;
  random?: () => number;
  now?: () => Date;
  intervalMs?: number; // timer while open
  debounceMs?: number; // after a local mutation
  onStatus?: (s: SyncStatus) => void;
  onData?: () => void; // local rows, outbox or blobs changed
  /** After a wipe directive emptied the local database: log out and tell the user. */
  onWipe?: (message: string) => void;
  userAgent?: string | null;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

class Stop extends Error {
  constructor(readonly reason: StopReason, message: string) {
    super(message);
  }
}

const STOP_MESSAGES: Record<StopReason, string> = {
  forbidden: es.sync.forbidden,
  client_state_lost: es.sync.clientStateLost,
  session_expired: es.sync.sessionExpired,
  wiped: WIPED_MESSAGE,
};

export class SyncEngine {
  readonly status: SyncStatus = {
    running: false,
    leader: false,
    attempt: 0,
    nextRetryAt: null,
    lastError: null,
    stopped: null,
    updateRequired: false,
    lastOkAt: null,
  };
  private timers: Timers;
  private retryHandle: unknown = null;
  private debounceHandle: unknown = null;
  private intervalHandle: unknown = null;
  private cycle: Promise<void> | null = null;
  private again = false;
  private progressed = false; // did the current cycle move any work before it failed?
  private registered = false;
  private started = false;
  /** Callers of pullNow() waiting for the next cycle's pull (true) or its end without one (false). */
  private pullWaiters: ((pulled: boolean) => void)[] = [];
  private readonly onBus = (ev: MessageEvent) => this.handleBus(ev.data as BusMessage);

  constructor(private readonly o: EngineOptions) {
    this.timers = o.timers ?? realTimers;
  }

  /** Begin: compete for leadership; the leader syncs now and on a timer. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.o.bus?.addEventListener("message", this.onBus);
    this.o.leader.start(() => {
      this.status.leader = true;
      this.emit();
      this.requestSync("open");
      this.scheduleInterval();
    });
  }

  /** Stop timers and give up leadership (logout, tab closing). */
  stop(): void {
    this.started = false;
    this.o.leader.stop();
    this.status.leader = false;
    this.o.bus?.removeEventListener("message", this.onBus);
    this.o.bus?.close?.();
    for (const h of [this.retryHandle, this.debounceHandle, this.intervalHandle]) if (h !== null) this.timers.clearTimeout(h);
    this.retryHandle = this.debounceHandle = this.intervalHandle = null;
  }

  /** Ask for a sync. Non-leader tabs forward the request to the leader. */
  requestSync(trigger: SyncTrigger): void {
    if (!this.o.leader.isLeader) {
      this.post({ type: "sync-request", reason: trigger });
      return;
    }
    if (trigger === "mutation") {
      if (this.debounceHandle !== null) this.timers.clearTimeout(this.debounceHandle);
      this.debounceHandle = this.timers.setTimeout(() => {
        this.debounceHandle = null;
        this.kick("mutation");
      }, this.o.debounceMs ?? 2000);
      return;
    }
    this.kick(trigger);
  }

  /** Run one cycle now (tests and the button wait on it). */
  syncNow(trigger: SyncTrigger = "manual"): Promise<void> {
    if (!this.o.leader.isLeader) {
      this.requestSync(trigger);
      return Promise.resolve();
    }
    this.kick(trigger);
    return this.cycle ?? Promise.resolve();
  }

  /**
   * Run a cycle now and resolve as soon as its pull has finished (true), before blob uploads;
   * false when the cycle ended without a complete pull (no network, an error); null in a tab
   * that does not lead (the leader syncs and tells this tab). Callers bound the wait themselves.
   */
  pullNow(): Promise<boolean | null> {
    if (!this.o.leader.isLeader) {
      this.requestSync("manual");
      return Promise.resolve(null);
    }
    const p = new Promise<boolean>((resolve) => this.pullWaiters.push(resolve));
    this.kick("manual");
    if (!this.cycle) this.flushPullWaiters(false); // nothing will run (cannot happen while leading, but never hang)
    return p;
  }

  private flushPullWaiters(pulled: boolean, which = this.pullWaiters.splice(0)): void {
    for (const w of which) w(pulled);
  }

  private kick(trigger: SyncTrigger): void {
    const eager = trigger === "manual" || trigger === "online" || trigger === "push" || trigger === "resume" || trigger === "open";
    if (this.status.stopped && trigger !== "manual") return;
    if (trigger === "manual") this.status.stopped = null;
    if (eager && this.retryHandle !== null) {
      // A person (or the network coming back) asked: do not wait out the backoff.
      this.timers.clearTimeout(this.retryHandle);
      this.retryHandle = null;
      this.status.nextRetryAt = null;
    } else if (this.retryHandle !== null && trigger !== "retry") {
      return; // backing off: the retry timer will run it
    }
    if (this.cycle) {
      this.again = true;
      return;
    }
    this.cycle = this.runCycles().finally(() => {
      this.cycle = null;
    });
  }

  private async runCycles(): Promise<void> {
    try {
      do {
        this.again = false;
        await this.runOnce();
      } while (this.again && !this.status.stopped && this.retryHandle === null && this.o.leader.isLeader);
    } finally {
      this.flushPullWaiters(false); // asked during the last cycle, which will not run again
    }
  }

  private async runOnce(): Promise<void> {
    // Only those who asked before this cycle began are answered by its pull.
    const waiters = this.pullWaiters.splice(0);
    this.status.running = true;
    this.progressed = false;
    this.emit();
    try {
      await this.register();
      await this.push();
      await this.pull();
      this.flushPullWaiters(true, waiters.splice(0));
      await uploadBlobs(this.o.db, this.o.http, 2, this.now, () => {
        this.progressed = true;
      });
      await purgeOld(this.o.db, this.now());
      this.status.attempt = 0;
      this.status.lastError = null;
      this.status.nextRetryAt = null;
      this.status.lastOkAt = this.now().toISOString();
    } catch (e) {
      this.fail(e);
      if (e instanceof Stop && e.reason === "wiped") await this.wipe();
    } finally {
      this.flushPullWaiters(false, waiters);
      this.status.running = false;
      this.emit();
      this.o.onData?.();
      this.post({ type: "changed", status: { ...this.status, leader: false } });
    }
  }

  private fail(e: unknown): void {
    const at = this.now().toISOString();
    if (e instanceof Stop) {
      this.status.stopped = e.reason;
      this.status.lastError = { code: e.reason.toUpperCase(), message: e.message, at };
      return;
    }
    const err = e instanceof ApiError ? e : new ApiError(0, "CLIENT_ERROR", (e as Error)?.message ?? String(e));
    // Backoff counts failures without progress: on a flaky line where each cycle still
    // moves some work, retry soon instead of waiting minutes with work left to send.
    if (this.progressed) this.status.attempt = 0;
    this.status.attempt += 1;
    this.status.lastError = { code: err.errorCode, message: err.message, at };
    const delay = retryDelay(this.status.attempt, err.retryAfterMs, this.o.random);
    this.status.nextRetryAt = this.now().getTime() + delay;
    this.retryHandle = this.timers.setTimeout(() => {
      this.retryHandle = null;
      this.status.nextRetryAt = null;
      this.kick("retry");
    }, delay);
  }

  private get now(): () => Date {
    return this.o.now ?? (() => new Date());
  }

  /** Tell the other tabs; a channel closed by stop() while a cycle was still running is ignored. */
  private post(msg: BusMessage): void {
    try {
      this.o.bus?.postMessage(msg);
    } catch {
      /* closed (logout mid-cycle) */
    }
  }

  private emit(): void {
    this.o.onStatus?.({ ...this.status });
  }

  private scheduleInterval(): void {
    const ms = this.o.intervalMs ?? 60000;
    const tick = () => {
      this.intervalHandle = this.timers.setTimeout(tick, ms);
      this.requestSync("timer");
    };
    this.intervalHandle = this.timers.setTimeout(tick, ms);
  }

  private handleBus(msg: BusMessage): void {
    if (msg?.type === "sync-request" && this.o.leader.isLeader) this.requestSync(msg.reason as SyncTrigger);
    else if (msg?.type === "changed" && !this.o.leader.isLeader) {
      if (msg.status) Object.assign(this.status, msg.status as SyncStatus, { leader: false });
      this.emit();
      this.o.onData?.();
    }
  }

  /** The office revoked this device as lost: stop for good, empty the database, log out. */
  private async wipe(): Promise<void> {
    this.stop();
    try {
      await wipeLocalData(this.o.db);
    } finally {
      this.o.onWipe?.(WIPED_MESSAGE);
    }
  }

  /** Map an HTTP failure to a stop that needs a person, or rethrow it for the backoff. */
  private guard(e: unknown): never {
    if (e instanceof ApiError) {
      if (e.status === 403 && e.errorCode === "CLIENT_WIPE") throw new Stop("wiped", WIPED_MESSAGE);
      if (e.status === 403 && e.errorCode !== "BAD_ENVELOPE") throw new Stop("forbidden", STOP_MESSAGES.forbidden);
      if (e.status === 401) throw new Stop("session_expired", STOP_MESSAGES.session_expired);
    }
    throw e;
  }

  private async register(): Promise<void> {
    const client = await ensureClient(this.o.db, this.o.userId, this.o.makeId);
    if (this.registered && client.registered_at) return;
    let body: RegisterResponse;
    try {
      ({ body } = await this.o.http.request<RegisterResponse>(`${SYNC_BASE}/clients`, {
        method: "POST",
        proto: true,
        body: { client_id: client.client_id, schema_version: SCHEMA_VERSION, app_version: this.o.appVersion, user_agent: this.o.userAgent ?? null },
      }));
    } catch (e) {
      this.guard(e);
    }
    if (typedError(body as never) === "CLIENT_STATE_NOT_FOUND") throw new Stop("client_state_lost", STOP_MESSAGES.client_state_lost);
    const acked = (await getMeta(this.o.db, "acked_seq")) ?? 0;
    if (typeof body.last_seq === "number" && body.last_seq < acked) throw new Stop("client_state_lost", STOP_MESSAGES.client_state_lost);
    await saveRegistration(this.o.db, client, { epoch: body.epoch ?? null, vapid: body.vapid_public_key ?? null }, this.now());
    this.registered = true;
  }

  private async push(): Promise<void> {
    const client = await ensureClient(this.o.db, this.o.userId, this.o.makeId);
    let maxBatch = PUSH_MAX_MUTATIONS;
    let gaps = 0;
    for (let round = 0; round < 1000; round++) {
      const pending = await pendingEntries(this.o.db, maxBatch);
      if (pending.length === 0) return;
      const batch = fitBatch(pending, PUSH_MAX_BYTES);
      const acked = (await getMeta(this.o.db, "acked_seq")) ?? 0;
      let body: PushResponse;
      try {
        ({ body } = await this.o.http.request<PushResponse>(`${SYNC_BASE}/push`, {
          method: "POST",
          proto: true,
          body: { client_id: client.client_id, schema_version: SCHEMA_VERSION, acked_seq: acked, mutations: batch.map(wire) },
        }));
      } catch (e) {
        if (e instanceof ApiError && e.status === 409) {
          const expected = expectedSeqOf(e.body);
          if (expected === null || ++gaps > 3) throw e;
          if (!(await requeueFrom(this.o.db, expected))) throw new Stop("client_state_lost", STOP_MESSAGES.client_state_lost);
          continue;
        }
        if (e instanceof ApiError && e.status === 413 && maxBatch > 1) {
          maxBatch = Math.max(1, Math.floor(batch.length / 2));
          continue;
        }
        this.guard(e);
      }
      const err = typedError(body);
      if (err === "CLIENT_STATE_NOT_FOUND") throw new Stop("client_state_lost", STOP_MESSAGES.client_state_lost);
      if (err) throw new ApiError(200, err, es.sync.serverSaid(err));
      const results = body.results ?? [];
      await applyPushResults(this.o.db, results, this.now());
      if (results.length) this.progressed = true;
      for (const sha of body.missing_blobs ?? []) {
        const rec = await getBlob(this.o.db, sha);
        if (rec && rec.bytes && rec.state !== "queued") await markBlob(this.o.db, sha, { state: "queued" });
      }
      this.o.onData?.();
      const answered = new Set(results.map((r) => r.seq));
      if (!batch.some((m) => answered.has(m.seq))) throw new ApiError(200, "PUSH_NO_PROGRESS", es.sync.noProgress);
    }
  }

  private async pull(): Promise<void> {
    const client = await ensureClient(this.o.db, this.o.userId, this.o.makeId);
    for (let page = 0; page < 500; page++) {
      const cookie = (await getMeta(this.o.db, "cookie")) ?? null;
      let body: PullResponse;
      try {
        ({ body } = await this.o.http.request<PullResponse>(`${SYNC_BASE}/pull`, {
          method: "POST",
          proto: true,
          body: { client_id: client.client_id, schema_version: SCHEMA_VERSION, cookie, limit: PULL_LIMIT },
        }));
      } catch (e) {
        this.guard(e);
      }
      const err = typedError(body);
      if (err === "VERSION_NOT_SUPPORTED") {
        // The server no longer serves this build: keep pushing, ask for the update.
        this.status.updateRequired = true;
        return;
      }
      if (err === "CLIENT_STATE_NOT_FOUND") throw new Stop("client_state_lost", STOP_MESSAGES.client_state_lost);
      if (err) throw new ApiError(200, err, es.sync.serverSaid(err));
      this.status.updateRequired = false;
      await applyPullPage(this.o.db, { ...body, patch: body.patch ?? [] }, this.now());
      this.progressed = true;
      this.o.onData?.();
      if (!body.has_more) return;
    }
  }
}

function wire(e: OutboxEntry): PushMutation {
  return { seq: e.seq, id: e.id, name: e.name, v: e.v, base_rv: e.base_rv, created_at: e.created_at, args: e.args };
}

/** The longest prefix of `entries` under the byte budget (always at least one). */
export function fitBatch(entries: OutboxEntry[], maxBytes: number): OutboxEntry[] {
  const out: OutboxEntry[] = [];
  let size = 200;
  for (const e of entries) {
    const s = JSON.stringify(wire(e)).length + 1;
    if (out.length > 0 && size + s > maxBytes) break;
    out.push(e);
    size += s;
  }
  return out;
}
