/** "Exportar": the outbox and its evidence as a JSON file the office can load by hand. */
import type { Db } from "../../storage/db";
import { exportLocalWork } from "../../storage/transactions";

function toBase64(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The export document (also used by tests). */
export async function buildExport(db: Db, userName: string, now = new Date()) {
  const w = await exportLocalWork(db);
  return {
    kind: "cartera-outbox-export",
    exported_at: now.toISOString(),
    user: userName,
    meta: w.meta,
    mutations: w.outbox,
    blobs: w.blobs.map((b) => ({ sha256: b.sha256, type: b.type, kind: b.kind, state: b.state, seq: b.seq, base64: b.bytes ? toBase64(b.bytes) : null })),
  };
}

/** Save the export as a file on the phone. */
export async function downloadExport(db: Db, userName: string): Promise<void> {
  const doc = await buildExport(db, userName);
  const blob = new Blob([JSON.stringify(doc)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = `cartera-bandeja-${userName}-${doc.exported_at.slice(0, 19).replace(/[:T]/g, "-")}.json`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
