/**
 * "Importaciones" (#/importaciones): choose the kind (bank or cashier payments, registry, ledger), upload a CSV/XLSX
 * (file input or drag and drop); the preview (dry run) starts at once with a progress bar, then shows a payment file's
 * matches with totals and every kind's per-line errors with their CSV; "Aplicar" runs it for real (all-or-nothing unless
 * "Omitir filas con error") with progress again. The director sees the history only.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { canWriteOffice } from "../../state/session";
import { Banner, Check, Spinner } from "../../ui/components";
import { applyRun, type ImportKind, startImport } from "./api";
import { History } from "./History";
import { usePolledRun } from "./poll";
import { RunReport } from "./RunReport";
import { importsEs as T } from "./texts";

const KINDS: ImportKind[] = ["payments", "registry", "ledger"];

export default function ImportsScreen() {
  const writer = canWriteOffice.value;
  const [kind, setKind] = useState<ImportKind>("payments");
  const [previewId, setPreviewId] = useState<string | null>(null);
  const [applyId, setApplyId] = useState<string | null>(null);
  const [skip, setSkip] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [refresh, setRefresh] = useState(0);
  const preview = usePolledRun(previewId);
  const applied = usePolledRun(applyId);
  const previewRun = preview.run;
  const dropRef = useRef<HTMLDivElement>(null);
  const uploadRef = useRef<(file: File | null | undefined) => Promise<void>>(async () => undefined);
  const appliedRun = applied.run;

  const upload = async (file: File | null | undefined) => {
    if (!file || busy) return;
    setBusy(true);
    setError(null);
    setApplyId(null);
    setPreviewId(null);
    try {
      setPreviewId(await startImport(kind, file, "dry_run"));
      setRefresh((n) => n + 1);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  uploadRef.current = upload;

  // Drag and drop on the zone (listeners set directly: every browser names these events in lower case).
  useEffect(() => {
    const zone = dropRef.current;
    if (!zone) return;
    const over = (e: Event) => {
      e.preventDefault();
      setDragging(true);
    };
    const leave = () => setDragging(false);
    const drop = (e: Event) => {
      e.preventDefault();
      setDragging(false);
      void uploadRef.current((e as DragEvent).dataTransfer?.files?.[0]);
    };
    zone.addEventListener("dragover", over);
    zone.addEventListener("dragleave", leave);
    zone.addEventListener("drop", drop);
    return () => {
      zone.removeEventListener("dragover", over);
      zone.removeEventListener("dragleave", leave);
      zone.removeEventListener("drop", drop);
    };
  }, [writer]);

  const apply = async () => {
    if (!previewRun || busy) return;
    setBusy(true);
    setError(null);
    try {
      setApplyId(await applyRun(previewRun.id, skip ? "skip_invalid" : "all_or_nothing"));
      setRefresh((n) => n + 1);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const open = (id: string) => {
    setApplyId(null);
    setPreviewId(id);
  };

  const canApply = writer && previewRun?.mode === "dry_run" && previewRun.status === "done" && previewRun.valid > 0 && !applyId;
  const ended = appliedRun && (appliedRun.status === "done" || appliedRun.status === "failed");

  return (
    <section class="screen office" aria-labelledby="imports-title">
      <h2 id="imports-title">{T.title}</h2>
      {!writer && <Banner kind="info">{T.readOnly}</Banner>}
      {writer && (
        <form class="import-upload" onSubmit={(e) => e.preventDefault()}>
          <div>
            <label for="import-kind">{T.kind}</label>
            <select id="import-kind" value={kind} disabled={busy} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value as ImportKind)} data-testid="import-kind">
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {T.kinds[k]}
                </option>
              ))}
            </select>
            <p class="hint">{T.kindHint[kind]}</p>
          </div>
          <div ref={dropRef} class={`import-drop${dragging ? " dragging" : ""}`} data-testid="import-drop">
            <label for="import-file">{T.file}</label>
            <input
              id="import-file"
              type="file"
              accept=".csv,.txt,.xlsx,.xlsm,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              disabled={busy}
              onChange={(e) => {
                const input = e.currentTarget as HTMLInputElement;
                void upload(input.files?.[0]);
                input.value = "";
              }}
              data-testid="import-file"
            />
            <p class="hint">{T.drop}</p>
          </div>
          {busy && <Spinner />}
        </form>
      )}
      {error && <Banner kind="bad">{error}</Banner>}
      {preview.error && <Banner kind="bad">{preview.error}</Banner>}
      {previewRun && <RunReport run={previewRun} />}
      {canApply && (
        <div class="actions import-apply-bar">
          <Check id="import-mode-skip" label={T.skip} checked={skip} onChange={setSkip} testid="import-mode-skip" />
          {!skip && previewRun.errors_count > 0 && <p class="hint">{T.allOrNothingHint}</p>}
          <button type="button" disabled={busy} onClick={() => void apply()} data-testid="import-apply">
            {T.apply}
          </button>
        </div>
      )}
      {applied.error && <Banner kind="bad">{applied.error}</Banner>}
      {appliedRun && <RunReport run={appliedRun} />}
      {ended && writer && (
        <button type="button" class="secondary" onClick={() => { setPreviewId(null); setApplyId(null); setRefresh((n) => n + 1); }} data-testid="import-again">
          {T.newFile}
        </button>
      )}
      <History refresh={refresh + (ended ? 1000 : 0)} onOpen={open} />
    </section>
  );
}
