/** Small values of this device's database: client, seq counter, acked seq, cookie, sync times, Web Push. */
import { atomic, type Db } from "./db";

export interface ClientInfo {
  client_id: string;
  user_id: string;
  registered_at: string | null;
  epoch: string | null;
}

export interface MetaValues {
  client: ClientInfo;
  seq: number; // last seq allocated
  acked_seq: number; // highest seq the server has answered for
  cookie: string | null;
  base_rv: number; // highest version seen in pulls: what the worker knew
  last_sync_at: string | null; // last complete push + pull
  persisted: boolean | null; // navigator.storage.persist() answer
  vapid_public_key: string | null; // the server's VAPID key (base64url), null when it sends no push
  push_pending: boolean; // a push subscription still has to reach the server (retried each sync)
  push_sent: PushSent | null; // the subscription the server last accepted
  push_snoozed_until: string | null; // "Ahora no" on the push card: do not ask before this time
}

/** What the server last stored for this client's Web Push subscription. */
export interface PushSent {
  endpoint: string;
  key: string; // the VAPID key the subscription was made with
  at: string;
}

export type MetaKey = keyof MetaValues;

/** Read one value (undefined when never written). */
export async function getMeta<K extends MetaKey>(db: Db, key: K): Promise<MetaValues[K] | undefined> {
  return db.run(async (idb) => (await idb.get("meta", key)) as MetaValues[K] | undefined);
}

/** Write one value. */
export async function setMeta<K extends MetaKey>(db: Db, key: K, value: MetaValues[K]): Promise<void> {
  await db.run(async (idb) => {
    await idb.put("meta", value, key);
  });
}

/** This database's client (made once per user, device and local database). */
export async function ensureClient(db: Db, userId: string, makeId: () => string): Promise<ClientInfo> {
  return db.run(async (idb) => {
    const tx = idb.transaction("meta", "readwrite");
    return atomic(tx, async () => {
      let client = (await tx.store.get("client")) as ClientInfo | undefined;
      if (!client || client.user_id !== userId) {
        client = { client_id: makeId(), user_id: userId, registered_at: null, epoch: null };
        await tx.store.put(client, "client");
      }
      return client;
    });
  });
}
