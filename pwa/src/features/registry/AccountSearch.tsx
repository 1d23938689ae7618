/**
 * Account search as she types (office): number, holder (accent- and case-insensitive, partial),
 * address, colonia, cadastral key or meter serial. Debounced (60 ms) and a stale request is
 * cancelled; ↑/↓ move through the results, Enter opens one, Esc clears. Below an empty box,
 * "Recientes": the last 10 accounts this user opened.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { money } from "../../domain/time";
import { navigate } from "../../state/router";
import { session } from "../../state/session";
import { Spinner } from "../../ui/components";
import { searchAccounts, type AccountHit, type SearchPage } from "./api";
import { ACCOUNT_STATUS_LABELS, PROPERTY_CLASS_LABELS } from "./labels";
import { recentAccounts } from "./recents";

export const SEARCH_DEBOUNCE_MS = 60; // results on screen ≤ 150 ms after typing stops: 60 ms + the search (p95 ~70 ms)
const MIN_CHARS = 3;

const open = (id: string) => navigate(`/cuentas/${encodeURIComponent(id)}`);

function months(n: number): string {
  if (n <= 0) return "al corriente";
  return n === 1 ? "1 mes vencido" : `${n} meses vencidos`;
}

export function AccountSearch() {
  const [q, setQ] = useState("");
  const [page, setPage] = useState<SearchPage | null>(null);
  /** The term the results on screen answer (a stale answer never shows; the bench waits on it). */
  const [shownTerm, setShownTerm] = useState("");
  const [active, setActive] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const inflight = useRef<AbortController | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const recents = recentAccounts(session.value?.user.id);

  useEffect(() => {
    input.current?.focus();
    return () => inflight.current?.abort();
  }, []);

  useEffect(() => {
    const term = q.trim();
    inflight.current?.abort();
    inflight.current = null;
    if (term.length < MIN_CHARS) {
      setPage(null);
      setBusy(false);
      setError("");
      return;
    }
    const h = setTimeout(async () => {
      const ctrl = new AbortController();
      inflight.current = ctrl;
      setBusy(true);
      try {
        const body = await searchAccounts(term, ctrl.signal);
        if (ctrl.signal.aborted) return;
        setPage(body);
        setShownTerm(term);
        setActive(0);
        setError("");
      } catch (e) {
        if (!ctrl.signal.aborted) setError((e as Error).message);
      } finally {
        if (!ctrl.signal.aborted) setBusy(false);
      }
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(h);
  }, [q]);

  const items: AccountHit[] = page?.items ?? [];
  const onKey = (e: KeyboardEvent) => {
    if (e.key === "ArrowDown" && items.length) {
      e.preventDefault();
      setActive((i) => Math.min(items.length - 1, i + 1));
    } else if (e.key === "ArrowUp" && items.length) {
      e.preventDefault();
      setActive((i) => Math.max(0, i - 1));
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (items[active]) open(items[active].id);
    } else if (e.key === "Escape") {
      e.preventDefault();
      setQ("");
    }
  };
  const term = q.trim();
  const note = term.length > 0 && term.length < MIN_CHARS ? "Escriba al menos 3 letras o números." : page ? (page.total_is_lower_bound ? `Más de ${page.total} cuentas: escriba más para acotar la búsqueda` : page.total === 1 ? "1 cuenta encontrada" : `${page.total} cuentas encontradas`) : "";

  return (
    <div class="account-search">
      <form role="search" onSubmit={(e) => e.preventDefault()}>
        <label for="account-q">Buscar cuenta (número, titular, domicilio, colonia, clave catastral o medidor)</label>
        <input
          id="account-q"
          ref={input}
          type="search"
          role="combobox"
          autoComplete="off"
          placeholder="p. ej. pena lazaro"
          aria-expanded={items.length > 0}
          aria-controls="account-results"
          aria-activedescendant={items[active] ? `account-opt-${items[active].id}` : undefined}
          value={q}
          onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)}
          onKeyDown={onKey}
          data-testid="account-search"
        />
      </form>
      <p aria-live="polite" data-testid="account-search-note" data-for={busy ? "" : shownTerm}>
        {busy ? <Spinner label="Buscando…" /> : error || note}
      </p>
      {items.length > 0 && (
        <ul class="list account-results" id="account-results" role="listbox" aria-label="Cuentas encontradas" data-for={shownTerm}>
          {items.map((a, i) => (
            <li
              key={a.id}
              id={`account-opt-${a.id}`}
              role="option"
              aria-selected={i === active}
              class={i === active ? "active" : undefined}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => open(a.id)}
              data-testid="account-result"
              data-account-id={a.id}
              data-number={a.account_number}
            >
              <span class="acc-main">
                <strong>{a.account_number}</strong> · {a.holder_name}
              </span>
              <span class="acc-addr">
                {a.address}, {a.neighborhood}
              </span>
              <span class="acc-facts">
                {PROPERTY_CLASS_LABELS[a.property_class] ?? a.property_class} · {ACCOUNT_STATUS_LABELS[a.status] ?? a.status} · <strong class="num">{money(a.balance)}</strong> · {months(a.months_past_due)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {!term && recents.length > 0 && (
        <section aria-labelledby="recent-title">
          <h3 id="recent-title">Recientes</h3>
          <ul class="list">
            {recents.map((a) => (
              <li key={a.id}>
                <a href={`#/cuentas/${encodeURIComponent(a.id)}`} data-testid="account-recent" data-account-id={a.id}>
                  {a.account_number} · {a.holder_name}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
