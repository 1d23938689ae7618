/**
 * The attachment upload queue: after their mutation was pushed, each queued blob is offered to
 * the server with HEAD (already there?) then PUT. One or two at a time; permanent refusals
 * (hash mismatch, too large, wrong type) mark the blob failed so the queue never wedges.
 */
import { ApiError } from "../api/errors";
import type { Http } from "../api/http";
import { blobsInState, markBlob } from "../storage/blobs";
import type { BlobRecord, Db } from "../storage/db";
import { getMeta } from "../storage/meta";
import { SYNC_BASE } from "./protocol";

const PERMANENT = new Set([413, 415, 422]);

/** Upload every queued blob whose mutation the server has answered. Throws on transient faults. */
export async function uploadBlobs(db: Db, http: Http, concurrency = 2, now: () => Date = () => new Date(), onUploaded?: () => void): Promise<number> {
  const acked = (await getMeta(db, "acked_seq")) ?? 0;
  const queue = (await blobsInState(db, "queued")).filter((b) => b.seq !== null && b.seq <= acked && b.bytes);
  let done = 0;
  let failure: unknown = null;
  const worker = async () => {
    while (queue.length && !failure) {
      const b = queue.shift() as BlobRecord;
      try {
        await uploadOne(db, http, b, now);
        done++;
        onUploaded?.();
      } catch (e) {
        failure = e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  if (failure) throw failure;
  return done;
}

async function uploadOne(db: Db, http: Http, b: BlobRecord, now: () => Date): Promise<void> {
  const url = `${SYNC_BASE}/blobs/${b.sha256}`;
  const head = await http.raw(url, { method: "HEAD" });
  const type = head.headers.get("Content-Type") ?? "";
  if (head.status === 200 && !head.redirected && !type.includes("text/html")) {
    await markBlob(db, b.sha256, { state: "uploaded", uploaded_at: now().toISOString(), error: null });
    return;
  }
  if (head.status !== 404 && head.status !== 200) {
    if (head.status === 403) throw new ApiError(403, "FORBIDDEN", "Sin permiso para subir evidencia.");
    if (head.status >= 500 || head.status === 429 || head.status === 0)
      throw new ApiError(head.status, `HTTP_${head.status}`, "No se pudo consultar la evidencia.");
  }
  try {
    await http.request(url, { method: "PUT", body: b.bytes as ArrayBuffer, contentType: b.type, proto: true });
    await markBlob(db, b.sha256, { state: "uploaded", uploaded_at: now().toISOString(), error: null });
  } catch (e) {
    if (e instanceof ApiError && PERMANENT.has(e.status)) {
      await markBlob(db, b.sha256, { state: "failed", error: e.errorCode, attempts: (b.attempts ?? 0) + 1 });
      return;
    }
    await markBlob(db, b.sha256, { attempts: (b.attempts ?? 0) + 1 });
    throw e;
  }
}
