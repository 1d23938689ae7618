/**
 * "Nuevo convenio" at the counter (clerk, manager; online): find the account as "Consulta de
 * cuentas" does, get the server's payoff quote (lines, the promotions offered) and the policy,
 * then the same builder as the phones (waivers within the role's limit), both signatures on the
 * tablet, and `POST /api/v1/agreements` with the same args as `agreement.sign` v1 (the
 * signatures uploaded first, by hash). The answer: the agreement's folio, status, flags and
 * verification code, with its PDF.
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import { parseCents, type DebtLine } from "../../domain/agreement-rules";
import { canWaive, counterSignerRole, policyFromRow, promotionProgram } from "../../domain/agreement-terms";
import { flagLabel, PROPERTY_CLASS_LABELS } from "../../domain/outcomes";
import { es } from "../../i18n/es";
import { session } from "../../state/session";
import { Banner, Spinner } from "../../ui/components";
import { getPolicy, getQuote, searchAccounts, signAtCounter, uploadSignature, type AccountHit, type AgreementDetail, type PolicyOut, type Quote } from "./api";
import { AgreementBuilder, type SignedAgreement } from "./Builder";
import { AgreementPdfButton, officeState } from "./office-parts";

const T = es.agreements;
const O = T.office;

function AccountSearch({ onPick }: { onPick: (a: AccountHit) => void }) {
  const [q, setQ] = useState("");
  const [hits, setHits] = useState<AccountHit[] | null>(null);
  const [note, setNote] = useState<string>(O.searchMin);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const term = q.trim();
    if (term.length < 3) {
      setHits(null);
      setNote(O.searchMin);
      return;
    }
    let alive = true;
    const h = setTimeout(async () => {
      setBusy(true);
      try {
        const page = await searchAccounts(term);
        if (!alive) return;
        setHits(page.items);
        setNote(O.found(page.total, !!page.total_is_lower_bound));
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
  return (
    <div>
      <form role="search" onSubmit={(e) => e.preventDefault()}>
        <label for="agreement-account-q">{O.searchLabel}</label>
        <input id="agreement-account-q" type="search" autoComplete="off" value={q} onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)} data-testid="agreement-account-search" />
      </form>
      <p aria-live="polite" data-testid="agreement-account-count">
        {busy ? <Spinner label="Buscando…" /> : note}
      </p>
      {hits && (
        <ul class="list" data-testid="agreement-account-results">
          {hits.map((a) => (
            <li key={a.id}>
              <button type="button" class="link" style={{ textAlign: "left" }} onClick={() => onPick(a)} data-testid="agreement-account-result" data-account-id={a.id}>
                {a.account_number} · {a.holder_name} · {a.address}, {a.neighborhood}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Result({ a, onAnother }: { a: AgreementDetail; onAnother: () => void }) {
  const state = officeState(a.status);
  return (
    <div class="card confirmation" data-testid="agreement-confirmation" data-agreement-id={a.id} data-folio={a.folio}>
      <h3>
        {T.confirmationTitle}: {a.folio}
      </h3>
      <p class="code" data-testid="agreement-code" data-code={a.verification_code}>
        {T.code(a.verification_code)}
      </p>
      <p class="hint">{T.codeHint}</p>
      <div data-testid="agreement-status" data-state={state} role="status">
        <span class={`pill ${state === "active" ? "enviado" : "observado"}`}>{T.serverStatus[a.status as keyof typeof T.serverStatus] ?? a.status}</span>
        {a.flags.length > 0 && (
          <ul class="flags" data-testid="agreement-flags">
            {a.flags.map((f) => (
              <li key={f} data-testid="agreement-flag" data-flag={f}>
                {flagLabel(f)}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div class="actions">
        <AgreementPdfButton id={a.id} folio={a.folio} />
        <a class="button secondary" href={`#/convenios/${a.id}`} data-testid="agreement-open">
          {O.openDetail}
        </a>
        <button type="button" class="secondary" onClick={onAnother}>
          {O.tabNew}
        </button>
      </div>
    </div>
  );
}

export function CounterAgreement() {
  const [account, setAccount] = useState<AccountHit | null>(null);
  const [data, setData] = useState<{ quote: Quote; policy: PolicyOut } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<AgreementDetail | null>(null);
  const roles = session.value?.user.roles ?? [];
  const role = counterSignerRole(roles);

  useEffect(() => {
    if (!account) return;
    let alive = true;
    setData(null);
    setError(null);
    Promise.all([getQuote(account.id), getPolicy()]).then(
      ([quote, policy]) => alive && setData({ quote, policy }),
      (e: Error) => alive && setError(e.message),
    );
    return () => {
      alive = false;
    };
  }, [account?.id]);

  const built = useMemo(() => {
    if (!data) return null;
    const policy = policyFromRow({ version: data.policy.version, rules: data.policy.rules });
    const lines: DebtLine[] = data.quote.lines.map((l) => ({ service: l.service, concept: l.concept, amount: parseCents(l.amount) }));
    const promotions = (data.quote.offered ?? []).map((p) => promotionProgram(p));
    return { policy, lines, promotions };
  }, [data]);

  const onSubmit = async ({ args, customerPng, staffPng }: SignedAgreement) => {
    for (const png of [customerPng, staffPng]) await uploadSignature(png.sha256, png.bytes, png.type);
    setDone(await signAtCounter(args));
    requestAnimationFrame(() => document.querySelector("[data-testid='agreement-confirmation']")?.scrollIntoView?.());
  };

  const reset = () => {
    setDone(null);
    setAccount(null);
    setData(null);
  };

  if (done) return <Result a={done} onAnother={reset} />;
  return (
    <div data-testid="agreement-screen" data-mode={account ? "builder" : "search"}>
      {!account ? (
        <AccountSearch onPick={setAccount} />
      ) : (
        <>
          <div class="card">
            <strong>{account.holder_name}</strong>
            <div>
              {account.address}, {account.neighborhood}
            </div>
            <div class="meta">
              {O.account} {account.account_number} · {PROPERTY_CLASS_LABELS[account.property_class] ?? account.property_class}
            </div>
            <button type="button" class="secondary" onClick={reset} data-testid="agreement-account-change">
              Cambiar de cuenta
            </button>
          </div>
          {error && (
            <Banner kind="bad">
              <p>{error}</p>
            </Banner>
          )}
          {!data && !error && <Spinner label={O.quoteLoading} />}
          {built && data && built.lines.reduce((s, l) => s + l.amount, 0) <= 0 && (
            <Banner kind="info" testid="agreement-missing">
              <p>{T.noDebt}</p>
            </Banner>
          )}
          {built && data && built.lines.reduce((s, l) => s + l.amount, 0) > 0 && (
            <AgreementBuilder
              key={account.id}
              account={{ id: account.id, account_number: account.account_number, holder_name: account.holder_name, property_class: account.property_class ?? null }}
              lines={built.lines}
              promotions={built.promotions}
              asOf={data.quote.as_of}
              policy={built.policy}
              role={role}
              allowWaivers={canWaive(built.policy, role)}
              onSubmit={onSubmit}
            />
          )}
        </>
      )}
    </div>
  );
}
