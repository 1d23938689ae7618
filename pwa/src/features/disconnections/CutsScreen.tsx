/**
 * "Cortes" (office, lazy chunk): the day's board with its alerts (first tab), the cut lists (with their
 * printable sheet and Excel export), a new list from rules with a preview, and the cutters'
 * routes. The manager writes; clerks and the director read (and may preview).
 */
import { useState } from "preact/hooks";
import { money } from "../../domain/time";
import { es } from "../../i18n/es";
import { navigate, route } from "../../state/router";
import { isManager } from "../../state/session";
import { Banner, Spinner } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { cutListExportPath, cutListSheetPath, listCutLists, type CutList } from "./api";
import { BoardPanel } from "./BoardPanel";
import { CutListForm } from "./CutListForm";
import { downloadAuthed } from "./download";
import { PlanCutRoutes } from "./PlanCutRoutes";

type Tab = "tablero" | "listas" | "nueva" | "rutas";

const TABS: { tab: Tab; label: string; managerOnly?: boolean }[] = [
  { tab: "tablero", label: "Tablero del día" },
  { tab: "listas", label: "Listas de corte" },
  { tab: "nueva", label: "Nueva lista" },
  { tab: "rutas", label: "Rutas de cortadores", managerOnly: true },
];

/** The orders of a list by status, in one line ("12 asignadas · 3 ejecutadas"). */
export function statusLine(byStatus: CutList["orders_by_status"]): string {
  const parts = Object.entries(byStatus ?? {})
    .filter(([, n]) => n)
    .map(([s, n]) => `${es.orders.status[s as keyof typeof es.orders.status] ?? s}: ${n}`);
  return parts.join(" · ");
}

/** PDF and Excel of a list, fetched with the token. */
export function CutListFiles({ list }: { list: Pick<CutList, "id" | "folio"> }) {
  const [busy, setBusy] = useState<"pdf" | "xlsx" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const get = async (kind: "pdf" | "xlsx") => {
    setBusy(kind);
    setError(null);
    try {
      if (kind === "pdf") await downloadAuthed(cutListSheetPath(list.id), `lista-de-cortes-${list.folio}.pdf`);
      else await downloadAuthed(cutListExportPath(list.id), `cortes-${list.folio}.xlsx`);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  return (
    <span class="actions" style={{ margin: 0 }}>
      <button type="button" class="secondary" onClick={() => void get("pdf")} disabled={busy !== null} data-testid="cut-list-sheet">
        {busy === "pdf" ? <Spinner label="Generando PDF…" /> : "PDF"}
      </button>
      <button type="button" class="secondary" onClick={() => void get("xlsx")} disabled={busy !== null} data-testid="cut-list-export">
        {busy === "xlsx" ? <Spinner label="Generando Excel…" /> : "Excel"}
      </button>
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}

function CutLists({ reloadKey }: { reloadKey: number }) {
  const lists = useLoad(() => listCutLists(1, 50), [reloadKey]);
  return (
    <section aria-labelledby="cut-lists-title">
      <h3 id="cut-lists-title">Listas de corte</h3>
      {lists.busy && <Spinner />}
      {lists.error && <p class="error">{lists.error}</p>}
      {lists.data && lists.data.items.length === 0 && <p data-testid="cut-list-empty">Aún no hay listas de corte.</p>}
      {lists.data && lists.data.items.length > 0 && (
        <ul class="list" data-testid="cut-list-table">
          {lists.data.items.map((l) => (
            <li class="card" key={l.id} data-testid="cut-list-item" data-cut-list-id={l.id}>
              <h3>
                <a href={`#/cortes/${l.id}`} data-testid="cut-list-open">
                  {l.folio} · {l.name}
                </a>
              </h3>
              <div class="meta">
                {l.order_count} órdenes · {money(l.total_debt)}
                {l.orders_by_status && <> · {statusLine(l.orders_by_status)}</>}
              </div>
              <CutListFiles list={l} />
            </li>
          ))}
        </ul>
      )}
      {lists.data && lists.data.total > lists.data.items.length && <p class="hint">Se muestran las {lists.data.items.length} más recientes de {lists.data.total}.</p>}
    </section>
  );
}

export default function CutsScreen() {
  const q = route.value.query;
  const manager = isManager.value;
  const asked = (q.get("tab") as Tab | null) ?? "tablero";
  const tabs = TABS.filter((t) => manager || !t.managerOnly);
  const tab: Tab = tabs.some((t) => t.tab === asked) ? asked : "tablero";
  const [reloadKey, setReloadKey] = useState(0);
  const go = (t: Tab) => navigate(`/cortes?tab=${t}`, true);

  return (
    <section aria-labelledby="cuts-title">
      <h2 id="cuts-title">Limitaciones y cortes</h2>
      <div class="tabs" role="group" aria-label="Secciones de cortes">
        {tabs.map((t) => (
          <button type="button" key={t.tab} aria-pressed={tab === t.tab} onClick={() => go(t.tab)} data-testid={`cuts-tab-${t.tab}`}>
            {t.label}
          </button>
        ))}
      </div>
      {!manager && (
        <Banner kind="info" testid="cuts-read-only">
          <p>Consulta: solo la encargada de Cartera crea listas, planea rutas y cancela órdenes.</p>
        </Banner>
      )}
      {tab === "listas" && <CutLists reloadKey={reloadKey} />}
      {tab === "nueva" && <CutListForm onCreated={() => setReloadKey((k) => k + 1)} />}
      {tab === "rutas" && manager && <PlanCutRoutes initialList={q.get("lista") ?? ""} />}
      {tab === "tablero" && <BoardPanel />}
    </section>
  );
}
