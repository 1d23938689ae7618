/** A browser's PushManager and PushSubscription, in memory (no push service). */
import type { PushManagerLike, PushSubscriptionLike } from "../../src/features/push/subscription";

/** A P-256 public key's shape as base64url: 65 bytes, 0x04 then X and Y. */
export function fakeKey(seed: number): string {
  const b = new Uint8Array(65);
  b[0] = 4;
  for (let i = 1; i < 65; i++) b[i] = (i * 37 + seed * 101) & 0xff;
  return Buffer.from(b).toString("base64url");
}

export class FakeSub implements PushSubscriptionLike {
  unsubscribed = false;
  readonly options: { applicationServerKey: ArrayBuffer | null };
  constructor(
    readonly endpoint: string,
    key: Uint8Array | null,
    private readonly pm: FakePushManager,
  ) {
    this.options = { applicationServerKey: key ? (key.slice().buffer as ArrayBuffer) : null };
  }
  toJSON() {
    return { endpoint: this.endpoint, expirationTime: null, keys: { p256dh: `p256dh-of-${this.endpoint}`, auth: `auth-of-${this.endpoint}` } };
  }
  async unsubscribe() {
    this.unsubscribed = true;
    if (this.pm.current === this) this.pm.current = null;
    return true;
  }
}

export class FakePushManager implements PushManagerLike {
  current: FakeSub | null = null;
  subscribeCalls: { userVisibleOnly: boolean; applicationServerKey: Uint8Array }[] = [];
  failSubscribe = false;
  private n = 0;
  async getSubscription() {
    return this.current;
  }
  async subscribe(o: { userVisibleOnly: boolean; applicationServerKey: BufferSource }) {
    const key = new Uint8Array(o.applicationServerKey as Uint8Array);
    this.subscribeCalls.push({ userVisibleOnly: o.userVisibleOnly, applicationServerKey: key });
    if (this.failSubscribe) throw new DOMException("Registration failed - push service error", "AbortError");
    this.n += 1;
    this.current = new FakeSub(`https://push.example/ep-${this.n}`, key, this);
    return this.current;
  }
}

