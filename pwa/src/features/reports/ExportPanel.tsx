/** Export a report: Excel in the background with its progress, then a download link; PDF the same way. */
import { useEffect, useState } from "preact/hooks";
import { Banner } from "../../ui/components";
import { usePolledJob } from "../../ui/use-polled-job";
import { type ExportRun, fileUrl, getExport, startExport } from "./api";
import { EXPORT_POLL_MS } from "./format";
import { T } from "./texts";

/** Follow an export run until it ends (every ~700 ms while it advances, up to 3 s when not). */
export function usePolledExport(id: string | null): { run: ExportRun | null; error: string | null } {
  return usePolledJob(id, getExport, EXPORT_POLL_MS);
}

export function ExportPanel({ report, params }: { report: string; params: Record<string, string> }) {
  const [runId, setRunId] = useState<string | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const [href, setHref] = useState<string | null>(null);
  const { run, error } = usePolledExport(runId);
  const start = async (format: "xlsx" | "pdf") => {
    setStartError(null);
    setHref(null);
    try {
      setRunId((await startExport(report, format, params)).id);
    } catch (e) {
      setStartError((e as Error).message);
    }
  };
  useEffect(() => {
    if (run?.status !== "done" || !run.download_url) return;
    let url: string | null = null;
    void fileUrl(run.download_url).then(
      (u) => {
        url = u;
        setHref(u);
      },
      (e: Error) => setStartError(e.message),
    );
    return () => {
      if (url) setTimeout(() => URL.revokeObjectURL(url!), 60000);
    };
  }, [run?.status, run?.download_url]);
  const busy = !!run && (run.status === "queued" || run.status === "running");
  const pct = run && run.rows_total > 0 ? Math.min(100, Math.round((run.rows_done * 100) / run.rows_total)) : 0;
  return (
    <div class="reports-export">
      <div class="actions">
        <button type="button" disabled={busy} onClick={() => void start("xlsx")} data-testid="export-xlsx">
          {T.excel}
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={() => void start("pdf")} data-testid="export-pdf">
          {T.pdf}
        </button>
      </div>
      {busy && (
        <div class="reports-progress-wrap">
          <p>{T.exporting}</p>
          <div class="reports-progress" role="progressbar" aria-label={T.exporting} aria-valuemin={0} aria-valuemax={run!.rows_total} aria-valuenow={run!.rows_done} data-testid="export-progress" data-done={run!.rows_done} data-total={run!.rows_total}>
            <span style={{ width: `${pct}%` }} />
          </div>
          {run!.rows_total > 1 && <p class="hint">{T.exportProgress(run!.rows_done, run!.rows_total)}</p>}
        </div>
      )}
      {run?.status === "done" && href && (
        <p>
          <a href={href} download={run.filename} data-testid="export-download">
            {`${T.exportReady}: ${run.filename}`}
          </a>
        </p>
      )}
      {run?.status === "failed" && <Banner kind="bad">{run.error ?? T.exportFailed}</Banner>}
      {(startError || error) && <Banner kind="bad">{startError ?? error}</Banner>}
    </div>
  );
}
