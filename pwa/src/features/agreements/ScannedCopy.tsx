/**
 * The scanned paper of an agreement signed with a pen (office: clerk and manager upload, every
 * office role reads): the file is checked here (JPEG/PNG/WebP/PDF, 10 MB at most), named by its
 * SHA-256, uploaded as a blob (`PUT /api/sync/v1/blobs/<sha256>`, as the phones' evidence) and
 * then attached (`POST /api/v1/agreements/<id>/scanned-copy`). "Copia firmada: sí" links to it.
 */
import { useRef, useState } from "preact/hooks";
import { ApiError } from "../../api/errors";
import { sha256Hex } from "../../domain/sha256";
import { es } from "../../i18n/es";
import { Spinner } from "../../ui/components";
import { attachScannedCopy, blobPath, putBlobBytes, readBlob, type AgreementDetail } from "./api";

const O = es.agreements.office;

/** What the server takes for a scanned copy (server/attachments/service.py sniff). */
export const SCAN_TYPES = ["image/jpeg", "image/png", "image/webp", "application/pdf"];
export const SCAN_MAX_BYTES = 10 * 1024 * 1024;

const BY_EXTENSION: Record<string, string> = { jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", webp: "image/webp", pdf: "application/pdf" };
const EXTENSION: Record<string, string> = { "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf" };

/** The file's type, from the browser or (when it gives none) from the name's extension. */
export function scanType(f: Pick<File, "type" | "name">): string {
  if (f.type) return f.type.toLowerCase();
  const ext = /\.([a-z0-9]+)$/i.exec(f.name)?.[1]?.toLowerCase() ?? "";
  return BY_EXTENSION[ext] ?? "";
}

/** The Spanish reason a file cannot be the scanned copy, or null when it can. */
export function scanProblem(f: Pick<File, "type" | "name" | "size">): string | null {
  if (!SCAN_TYPES.includes(scanType(f))) return O.scanType;
  if (f.size <= 0) return O.scanEmpty;
  if (f.size > SCAN_MAX_BYTES) return O.scanTooLarge((f.size / (1024 * 1024)).toFixed(1));
  return null;
}

/** The server's Spanish message for a refused upload, or ours when its body had none. */
function refusal(e: unknown): string {
  if (e instanceof ApiError) {
    const fallback = O.scanRefused[e.status];
    if (fallback && (e.errorCode === "BAD_ENVELOPE" || e.errorCode.startsWith("HTTP_"))) return fallback;
    return e.message || fallback || String(e);
  }
  return (e as Error).message;
}

export function ScannedCopyPanel({ a, canUpload, onAttached }: { a: Pick<AgreementDetail, "id" | "folio" | "scanned_copy">; canUpload: boolean; onAttached: (d: AgreementDetail) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<"upload" | "open" | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const sha = a.scanned_copy ?? null;

  const choose = (f: File | null) => {
    setMessage(null);
    setFile(f);
    setProblem(f ? scanProblem(f) : null);
  };

  const upload = async () => {
    if (!file) {
      setProblem(O.scanChoose);
      return;
    }
    const bad = scanProblem(file);
    if (bad) {
      setProblem(bad);
      return;
    }
    setBusy("upload");
    setMessage(null);
    try {
      const bytes = await file.arrayBuffer();
      const hash = await sha256Hex(bytes);
      await putBlobBytes(hash, bytes, scanType(file));
      const d = await attachScannedCopy(a.id, hash);
      setFile(null);
      if (input.current) input.current.value = "";
      setMessage({ ok: true, text: O.scanDone });
      onAttached(d);
    } catch (e) {
      setMessage({ ok: false, text: refusal(e) });
    } finally {
      setBusy(null);
    }
  };

  const open = async () => {
    if (!sha) return;
    setBusy("open");
    setMessage(null);
    try {
      const blob = await readBlob(blobPath(sha));
      const type = (blob.type || "").split(";")[0].trim().toLowerCase();
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.target = "_blank";
      link.rel = "noopener";
      link.download = `convenio-${a.folio}-copia-firmada${EXTENSION[type] ? `.${EXTENSION[type]}` : ""}`;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section class="card" aria-labelledby={`scan-title-${a.id}`} data-testid="agreement-scan">
      <h3 id={`scan-title-${a.id}`}>{O.scanTitle}</h3>
      <p>
        <span data-testid="agreement-scan-status" data-state={sha ? "yes" : "no"} data-sha={sha ?? ""}>
          {O.scanStatus(!!sha)}
        </span>{" "}
        {sha && (
          <button type="button" class="link" onClick={() => void open()} disabled={busy !== null} data-testid="agreement-scan-open">
            {busy === "open" ? <Spinner label="Descargando…" /> : O.scanOpen}
          </button>
        )}
      </p>
      {canUpload && (
        <>
          <label for={`scan-input-${a.id}`}>{O.scanLabel}</label>
          <input
            ref={input}
            id={`scan-input-${a.id}`}
            type="file"
            accept={SCAN_TYPES.join(",")}
            onChange={(e) => choose((e.currentTarget as HTMLInputElement).files?.[0] ?? null)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `scan-problem-${a.id}` : undefined}
            data-testid="agreement-scan-input"
          />
          {problem && (
            <p class="field-error" id={`scan-problem-${a.id}`} role="alert" data-testid="agreement-scan-error">
              {problem}
            </p>
          )}
          <div class="actions">
            <button type="button" onClick={() => void upload()} disabled={busy !== null || !file || !!problem} aria-busy={busy === "upload"} data-testid="agreement-scan-upload">
              {busy === "upload" ? <Spinner label={O.scanUploading} /> : O.scanUpload}
            </button>
          </div>
        </>
      )}
      {message && (
        <p class={message.ok ? "hint" : "error"} role={message.ok ? "status" : "alert"} data-testid="agreement-scan-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
