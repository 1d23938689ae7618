/**
 * "Consulta de cuentas" (office, lazy chunk): `#/cuentas` searches as she types
 * (AccountSearch), `#/cuentas/<account id or number>` is the account page (AccountPage; the
 * counter's "Ver estado de cuenta" links here), `#/cuentas/<id>/editar` edits its registry
 * data (AccountEdit).
 */
import { AccountEdit } from "./AccountEdit";
import { AccountPage } from "./AccountPage";
import { AccountSearch } from "./AccountSearch";

export default function AccountsScreen({ accountId, edit = false }: { accountId?: string; edit?: boolean } = {}) {
  if (accountId && edit) return <AccountEdit accountId={accountId} />;
  if (accountId) return <AccountPage accountId={accountId} />;
  return (
    <section aria-labelledby="accounts-title">
      <h2 id="accounts-title">Consulta de cuentas</h2>
      <AccountSearch />
    </section>
  );
}
