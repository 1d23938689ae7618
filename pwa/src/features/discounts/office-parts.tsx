/** Small pieces of the office's discount screens: money, labels, a document photo fetched with the token. */
import { useEffect, useState } from "preact/hooks";
import { formatPesos, parseCents } from "../../domain/money-dates";
import { discountsEs } from "../../i18n/es-discounts";
import { Spinner } from "../../ui/components";
import { objectUrl } from "../fieldwork/api";
import { blobPath } from "./api";

const O = discountsEs.office;

/** Money the server sent ("1234.50") as "$1,234.50" (integer centavos, never a float). */
export function pesos(s: string | null | undefined): string {
  try {
    return s === null || s === undefined || s === "" ? "—" : formatPesos(parseCents(String(s)));
  } catch {
    return String(s);
  }
}

export function typeLabel(t: string): string {
  return discountsEs.beneficiaryTypes[t] ?? t;
}

export function statusLabel(s: string): string {
  return O.statusOne[s] ?? s;
}

/**
 * A document photo or the signature: a thumbnail that opens large when clicked; "Evidencia
 * pendiente" while its bytes have not reached the server.
 */
export function EvidenceImage({ sha, label, testid, onOpen }: { sha: string; label: string; testid: string; onOpen?: (url: string) => void }) {
  const [url, setUrl] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    let alive = true;
    let made: string | null = null;
    setUrl(null);
    setMissing(false);
    objectUrl(blobPath(sha)).then(
      (u) => {
        made = u;
        if (alive) setUrl(u);
        else URL.revokeObjectURL(u);
      },
      () => alive && setMissing(true),
    );
    return () => {
      alive = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [sha]);
  if (missing)
    return (
      <span class="evidence-missing pill evidencia_pendiente" data-testid={`${testid}-pending`} data-sha={sha}>
        {O.evidencePending}
      </span>
    );
  if (!url) return <Spinner label={O.loadingImage} />;
  return (
    <button type="button" class="thumb" onClick={() => onOpen?.(url)} aria-label={O.enlarge(label)} data-testid={testid} data-sha={sha}>
      <img src={url} alt={label} />
    </button>
  );
}
