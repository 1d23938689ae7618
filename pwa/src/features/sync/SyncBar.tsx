/** The always-visible sync state of a field worker, with the big "Sincronizar" button. */
import { useEffect, useState } from "preact/hooks";
import { ago } from "../../domain/time";
import { lastSyncAt, syncNow, syncStatus, view } from "../../state/field";

export function SyncBar() {
  const [, tick] = useState(0);
  useEffect(() => {
    const h = setInterval(() => tick((t) => t + 1), 30000);
    return () => clearInterval(h);
  }, []);
  const v = view.value;
  const st = syncStatus.value;
  const pending = v?.pending ?? 0;
  const running = st?.running ?? false;
  return (
    <div class="syncbar" data-testid="sync-badge" aria-label="Estado de sincronización">
      <div class="facts">
        <a href="#/sync">
          {pending === 0 ? (
            <span data-testid="sync-outbox-empty">✓ Todo enviado</span>
          ) : (
            <span>
              Pendientes: <strong data-testid="sync-pending-count">{pending}</strong>
            </span>
          )}
        </a>
        <span>
          Evidencia pendiente: <strong data-testid="sync-evidence-count">{v?.evidencePending ?? 0}</strong>
        </span>
        {(v?.observed ?? 0) > 0 && (
          <span class="flag">
            Observados: <strong data-testid="sync-observed-count">{v?.observed}</strong>
          </span>
        )}
        <span data-testid="sync-last" data-last={lastSyncAt.value ?? ""}>
          Última sincronización: {ago(lastSyncAt.value)}
        </span>
        {st?.lastError && !running && (
          <span class="flag" data-testid="sync-error">
            {st.stopped ? st.lastError.message : "Sin conexión: se reintentará sola."}
          </span>
        )}
      </div>
      <button type="button" onClick={() => void syncNow()} disabled={running} data-testid="sync-button" aria-busy={running}>
        {running ? (
          <>
            <span class="spinner" aria-hidden="true" /> Sincronizando…
          </>
        ) : (
          "Sincronizar"
        )}
      </button>
    </div>
  );
}
