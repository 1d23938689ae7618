/**
 * "Consulta de cuentas" (office): search the registry, read a balance and statement (ported from
 * pwa/static). `#/cuentas/<account id>` opens that account's statement directly (the counter's
 * "Ver estado de cuenta").
 */
import { useEffect, useState } from "preact/hooks";
import { money } from "../../domain/time";
import { http } from "../../state/session";
import { Spinner } from "../../ui/components";

interface AccountHit {
  id: string;
  account_number: string;
  holder_name: string;
  address: string;
  neighborhood: string;
}
interface SearchPage {
  items: AccountHit[];
  total: number;
  total_is_lower_bound?: boolean;
}
interface Balance {
  balance: string;
  overdue: string;
  months_past_due: number;
  accessories: string;
}
interface Statement {
  account_number: string;
  holder_name: string;
  lines: { date: string; concept?: string; kind: string; debit: string; credit: string; balance: string }[];
}

export default function AccountsScreen({ accountId }: { accountId?: string } = {}) {
  const [q, setQ] = useState("");
  const [page, setPage] = useState<SearchPage | null>(null);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [detail, setDetail] = useState<{ bal: Balance; st: Statement } | null>(null);
  const [loadingId, setLoadingId] = useState<string | null>(null);

  useEffect(() => {
    const term = q.trim();
    if (term.length < 3) {
      setPage(null);
      setNote("Escriba al menos 3 letras o números.");
      return;
    }
    let alive = true;
    const h = setTimeout(async () => {
      setBusy(true);
      try {
        const { body } = await http.request<SearchPage>(`/api/v1/registry/accounts?q=${encodeURIComponent(term)}&page_size=20`);
        if (!alive) return;
        setPage(body);
        setNote(body.total_is_lower_bound ? `Más de ${body.total} cuentas: escriba más para acotar la búsqueda` : `${body.total} cuentas encontradas`);
      } catch (e) {
        if (alive) setNote((e as Error).message);
      } finally {
        if (alive) setBusy(false);
      }
    }, 250);
    return () => {
      alive = false;
      clearTimeout(h);
    };
  }, [q]);

  const open = async (id: string) => {
    setLoadingId(id);
    try {
      const [bal, st] = await Promise.all([
        http.request<Balance>(`/api/v1/ledger/accounts/${id}/balance`).then((r) => r.body),
        http.request<Statement>(`/api/v1/ledger/accounts/${id}/statement`).then((r) => r.body),
      ]);
      setDetail({ bal, st });
      requestAnimationFrame(() => document.getElementById("account-detail")?.scrollIntoView());
    } catch (e) {
      setNote((e as Error).message);
    } finally {
      setLoadingId(null);
    }
  };

  useEffect(() => {
    if (accountId) void open(accountId);
  }, [accountId]);

  return (
    <section aria-labelledby="accounts-title">
      <h2 id="accounts-title">Consulta de cuentas</h2>
      <form role="search" onSubmit={(e) => e.preventDefault()}>
        <label for="accounts-q">Buscar cuenta (número, titular, domicilio o colonia)</label>
        <input id="accounts-q" type="search" autoComplete="off" placeholder="p. ej. pena lazaro" value={q} onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)} data-testid="accounts-search" />
      </form>
      <p aria-live="polite" data-testid="accounts-count">
        {busy ? <Spinner label="Buscando…" /> : note}
      </p>
      {page && (
        <ul class="list" data-testid="accounts-results">
          {page.items.map((a) => (
            <li key={a.id}>
              <button type="button" class="link" onClick={() => void open(a.id)} data-testid="account-result" style={{ textAlign: "left" }}>
                {a.account_number} · {a.holder_name} · {a.address}, {a.neighborhood} {loadingId === a.id && <span class="spinner" aria-hidden="true" />}
              </button>
            </li>
          ))}
        </ul>
      )}
      {detail && (
        <article id="account-detail" aria-live="polite" data-testid="account-detail">
          <h3>
            Cuenta {detail.st.account_number} · {detail.st.holder_name}
          </h3>
          <p>
            Saldo: <strong>{money(detail.bal.balance)}</strong> · Vencido: {money(detail.bal.overdue)} · Meses de atraso: {detail.bal.months_past_due} · Recargos y accesorios: {money(detail.bal.accessories)}
          </p>
          <h4>Estado de cuenta (últimos movimientos)</h4>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Fecha</th>
                  <th>Concepto</th>
                  <th class="num">Cargo</th>
                  <th class="num">Abono</th>
                  <th class="num">Saldo</th>
                </tr>
              </thead>
              <tbody>
                {detail.st.lines.slice(-24).map((l, i) => (
                  <tr key={i}>
                    <td>{l.date}</td>
                    <td>{l.concept || l.kind}</td>
                    <td class="num">{l.debit !== "0.00" ? money(l.debit) : ""}</td>
                    <td class="num">{l.credit !== "0.00" ? money(l.credit) : ""}</td>
                    <td class="num">{money(l.balance)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </article>
      )}
      <p>
        <a href="/api/docs">Documentación de la API</a>
      </p>
    </section>
  );
}
