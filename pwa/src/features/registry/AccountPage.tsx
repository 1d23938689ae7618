/**
 * The account page (`#/cuentas/<id>`, office): holder and premises with a map link, class,
 * status, services, meter and readings, flags, balance by service and concept, aging, the
 * statement with running balance (PDF and Excel), the collection history and the audit trail.
 * One call for the dossier and one for the statement (re-asked with a date range); each part
 * shows on its own if the other fails. "Editar" (AccountEdit), "Registrar pago" and "Hacer
 * convenio" for clerk and manager; the director only reads.
 */
import { useEffect, useState } from "preact/hooks";
import { canWriteOffice, session } from "../../state/session";
import { Banner, Spinner } from "../../ui/components";
import { loadDossier, loadStatement, type Dossier, type Statement } from "./api";
import { ActionsSection, AuditSection, BalanceSection, FlagsSection, MeterSection, RegistrySection, StatementSection } from "./AccountSections";
import { rememberAccount } from "./recents";

export function AccountPage({ accountId }: { accountId: string }) {
  const [dossier, setDossier] = useState<Dossier | null>(null);
  const [statement, setStatement] = useState<Statement | null>(null);
  const [dossierError, setDossierError] = useState("");
  const [statementError, setStatementError] = useState("");
  const [loading, setLoading] = useState(true);

  const fetchStatement = async (from = "", to = "") => {
    try {
      setStatement(await loadStatement(accountId, from, to));
      setStatementError("");
    } catch (e) {
      setStatementError((e as Error).message);
    }
  };

  useEffect(() => {
    let alive = true;
    const d = loadDossier(accountId).then(
      (body) => {
        if (!alive) return;
        setDossier(body);
        rememberAccount(session.value?.user.id, { id: body.account.id, account_number: body.account.account_number, holder_name: body.account.holder.name });
      },
      (e) => alive && setDossierError((e as Error).message),
    );
    void Promise.allSettled([d, fetchStatement()]).then(() => alive && setLoading(false));
    return () => {
      alive = false;
    };
  }, [accountId]);

  const number = dossier?.account.account_number ?? statement?.account_number ?? "";
  const holder = dossier?.account.holder.name ?? statement?.holder_name ?? "";
  const id = dossier?.account.id ?? accountId;
  return (
    <section aria-labelledby="account-title" class="account-page">
      <p>
        <a href="#/cuentas" data-testid="account-back">
          ← Buscar otra cuenta
        </a>
      </p>
      {loading && !dossier && !statement && <Spinner label="Cargando la cuenta…" />}
      {dossierError && <Banner kind="bad">{dossierError}</Banner>}
      {(dossier || statement) && (
        <article data-testid="account-detail">
          <header class="row account-head">
            <h2 id="account-title">
              Cuenta {number} · {holder}
            </h2>
            {canWriteOffice.value && (
              <div class="actions">
                <a class="button secondary" href={`#/cuentas/${encodeURIComponent(id)}/editar`} data-testid="account-edit">
                  Editar
                </a>
                <a class="button" href={`#/pago/${encodeURIComponent(id)}`} data-testid="account-pay">
                  Registrar pago
                </a>
                <a class="button secondary" href={`#/convenios?tab=nuevo&cuenta=${encodeURIComponent(number)}`} data-testid="account-agreement">
                  Hacer convenio
                </a>
              </div>
            )}
          </header>
          {dossier && (
            <div class="account-grid">
              <RegistrySection d={dossier} />
              <FlagsSection d={dossier} />
              <MeterSection d={dossier} />
              <BalanceSection d={dossier} />
            </div>
          )}
          <StatementSection accountRef={id} number={number} statement={statement} error={statementError} onRange={(from, to) => void fetchStatement(from, to)} />
          {dossier && <ActionsSection d={dossier} />}
          {dossier && <AuditSection d={dossier} />}
        </article>
      )}
    </section>
  );
}
