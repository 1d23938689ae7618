/** Small pieces of the office's agreement screens: the PDF button, status labels. */
import { useState } from "preact/hooks";
import { es } from "../../i18n/es";
import { Spinner } from "../../ui/components";
import { downloadAuthed } from "../disconnections/download";
import { agreementPdfPath } from "./api";

const O = es.agreements.office;

/** The data-state an E2E reads: active, review (pending_review), or the server's status. */
export function officeState(status: string): string {
  return status === "pending_review" ? "review" : status;
}

export function statusLabel(status: string): string {
  return (es.agreements.serverStatus as Record<string, string>)[status] ?? status;
}

/** "Ver PDF": the agreement document fetched with the token (as the route sheet). */
export function AgreementPdfButton({ id, folio }: { id: string; folio: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const get = async () => {
    setBusy(true);
    setError(null);
    try {
      await downloadAuthed(agreementPdfPath(id), `convenio-${folio}.pdf`);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" class="secondary" onClick={() => void get()} disabled={busy} data-testid="agreement-pdf">
        {busy ? <Spinner label="Generando PDF…" /> : O.pdf}
      </button>
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
