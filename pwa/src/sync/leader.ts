/**
 * One tab leads the sync (Web Locks): it holds a lock for its lifetime; when it closes the lock
 * passes to another tab. Other tabs forward "sync now" to the leader over a BroadcastChannel and
 * refresh their screens when the leader says data changed.
 */

export interface LockManagerLike {
  request(name: string, options: { mode?: "exclusive" | "shared"; signal?: AbortSignal }, callback: (lock: unknown) => Promise<unknown>): Promise<unknown>;
}

export interface BusLike {
  postMessage(msg: unknown): void;
  addEventListener(type: "message", fn: (ev: MessageEvent) => void): void;
  removeEventListener(type: "message", fn: (ev: MessageEvent) => void): void;
  close?(): void;
}

export type BusMessage = { type: "sync-request"; reason: string } | { type: "changed"; status?: unknown };

export class Leader {
  private leading = false;
  private release: (() => void) | null = null;
  private abort = new AbortController();
  private onLead: (() => void) | null = null;

  constructor(
    readonly lockName: string,
    private readonly locks: LockManagerLike | null,
  ) {}

  /** Wait for leadership (at once with no Web Locks: a lone tab leads). */
  start(onLead: () => void): void {
    this.onLead = onLead;
    if (!this.locks) {
      this.become();
      return;
    }
    this.locks
      .request(this.lockName, { mode: "exclusive", signal: this.abort.signal }, () => {
        this.become();
        return new Promise<void>((resolve) => {
          this.release = resolve;
        });
      })
      .catch(() => undefined); // aborted on stop()
  }

  private become(): void {
    this.leading = true;
    this.onLead?.();
  }

  /** True while this tab holds the lock. */
  get isLeader(): boolean {
    return this.leading;
  }

  /** Give up leadership (tab closing, logout). */
  stop(): void {
    this.leading = false;
    this.abort.abort();
    this.release?.();
    this.release = null;
  }
}

/** The browser's lock manager, when it has one. */
export function browserLocks(): LockManagerLike | null {
  const n = globalThis.navigator as Navigator & { locks?: LockManagerLike };
  return n?.locks && typeof n.locks.request === "function" ? n.locks : null;
}

/** A BroadcastChannel between this user's tabs, when the browser has one. */
export function browserBus(name: string): BusLike | null {
  return typeof BroadcastChannel === "function" ? new BroadcastChannel(name) : null;
}
