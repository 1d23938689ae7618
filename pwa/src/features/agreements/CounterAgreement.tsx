/**
 * "Nuevo convenio" at the counter (clerk, manager; online): find the account as "Consulta de
 * cuentas" does, get the server's payoff quote (lines, the promotions offered) and the policy,
 * then the same builder as the phones (waivers within the role's limit), both signatures on the
 * tablet, and `POST /api/v1/agreements` with the same args as `agreement.sign` v1 (the
 * signatures uploaded first, by hash). The answer: the agreement's folio, status, flags and
 * verification code, with its PDF.
 *
 * "Firma en papel": no tablet signatures (both null); the clerk prints the PDF, the customer
 * and she sign it with a pen, and the scanned copy is uploaded (here or from the detail).
 * The quote-and-builder pieces are shared with "Reestructurar" (the office detail).
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import { parseCents, type DebtLine } from "../../domain/agreement-rules";
import { canWaive, counterSignerRole, policyFromRow, promotionProgram } from "../../domain/agreement-terms";
import { flagLabel, PROPERTY_CLASS_LABELS } from "../../domain/outcomes";
import { es } from "../../i18n/es";
import { route } from "../../state/router";
import { session } from "../../state/session";
import { Banner, Spinner } from "../../ui/components";
import { getPolicy, getQuote, searchAccounts, signAtCounter, uploadSignature, type AccountHit, type AgreementDetail, type PolicyOut, type Quote } from "./api";
import { AgreementBuilder, type BuilderAccount, type BuilderDraft, type SignedAgreement } from "./Builder";
import { AgreementPdfButton, officeState } from "./office-parts";
import { ScannedCopyPanel } from "./ScannedCopy";

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

function Result({ a, paper, onAnother, onChange }: { a: AgreementDetail; paper: boolean; onAnother: () => void; onChange: (a: AgreementDetail) => void }) {
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
      {paper && (
        <>
          <Banner kind="info" testid="agreement-paper-next">
            <p>{T.paperNext}</p>
          </Banner>
          <ScannedCopyPanel a={a} canUpload onAttached={onChange} />
        </>
      )}
    </div>
  );
}

/** The server's quote and policy for an account (by id or number), as the builder takes them. */
export function useOfficeQuote(accountRef: string | null) {
  const [got, setGot] = useState<{ ref: string; data: { quote: Quote; policy: PolicyOut } | null; error: string | null } | null>(null);
  useEffect(() => {
    if (!accountRef) return;
    let alive = true;
    setGot({ ref: accountRef, data: null, error: null });
    Promise.all([getQuote(accountRef), getPolicy()]).then(
      ([quote, policy]) => alive && setGot({ ref: accountRef, data: { quote, policy }, error: null }),
      (e: Error) => alive && setGot({ ref: accountRef, data: null, error: e.message }),
    );
    return () => {
      alive = false;
    };
  }, [accountRef]);
  // Never show another account's quote while this one's loads.
  const data = got && got.ref === accountRef ? got.data : null;
  const error = got && got.ref === accountRef ? got.error : null;
  const built = useMemo(() => {
    if (!data) return null;
    const policy = policyFromRow({ version: data.policy.version, rules: data.policy.rules });
    const lines: DebtLine[] = data.quote.lines.map((l) => ({ service: l.service, concept: l.concept, amount: parseCents(l.amount) }));
    const promotions = (data.quote.offered ?? []).map((p) => promotionProgram(p));
    return { policy, lines, promotions };
  }, [data]);
  return { data, error, built };
}

/**
 * The quote's state (error, loading, nothing owed) and then the builder with the office's
 * options: waivers within the role's limit, "Firma en papel".
 */
export function OfficeBuilder(props: {
  account: BuilderAccount;
  quote: ReturnType<typeof useOfficeQuote>;
  onSubmit: (s: SignedAgreement) => Promise<void>;
  initial?: BuilderDraft | null;
  submitLabel?: string;
  submitTestid?: string;
}) {
  const { data, error, built } = props.quote;
  const role = counterSignerRole(session.value?.user.roles ?? []);
  const owed = built ? built.lines.reduce((s, l) => s + l.amount, 0) : 0;
  return (
    <>
      {error && (
        <Banner kind="bad">
          <p>{error}</p>
        </Banner>
      )}
      {!data && !error && <Spinner label={O.quoteLoading} />}
      {built && data && owed <= 0 && (
        <Banner kind="info" testid="agreement-missing">
          <p>{T.noDebt}</p>
        </Banner>
      )}
      {built && data && owed > 0 && (
        <AgreementBuilder
          key={props.account.id}
          account={props.account}
          lines={built.lines}
          promotions={built.promotions}
          asOf={data.quote.as_of}
          policy={built.policy}
          role={role}
          allowWaivers={canWaive(built.policy, role)}
          allowPaper
          initial={props.initial}
          onSubmit={props.onSubmit}
          submitLabel={props.submitLabel}
          submitTestid={props.submitTestid}
        />
      )}
    </>
  );
}

/** Upload the tablet signatures (none when signed on paper) by their hash. */
export async function uploadSignatures({ customerPng, staffPng }: Pick<SignedAgreement, "customerPng" | "staffPng">): Promise<void> {
  for (const png of [customerPng, staffPng]) if (png) await uploadSignature(png.sha256, png.bytes, png.type);
}

export function CounterAgreement() {
  const [account, setAccount] = useState<AccountHit | null>(null);
  const [done, setDone] = useState<{ a: AgreementDetail; paper: boolean } | null>(null);
  const quote = useOfficeQuote(account?.id ?? null);
  // From an account's page ("Hacer convenio", `&cuenta=<number>`): that account, already chosen.
  const preset = route.value.query.get("cuenta");
  useEffect(() => {
    if (!preset) return;
    let alive = true;
    searchAccounts(preset).then(
      (page) => {
        const hit = page.items.find((a) => a.account_number === preset);
        if (alive && hit) setAccount((current) => current ?? hit);
      },
      () => undefined, // the search box stays: she can look it up by hand
    );
    return () => {
      alive = false;
    };
  }, [preset]);

  const onSubmit = async (s: SignedAgreement) => {
    await uploadSignatures(s);
    setDone({ a: await signAtCounter(s.args), paper: s.paper });
    requestAnimationFrame(() => document.querySelector("[data-testid='agreement-confirmation']")?.scrollIntoView?.());
  };

  const reset = () => {
    setDone(null);
    setAccount(null);
  };

  if (done) return <Result a={done.a} paper={done.paper} onAnother={reset} onChange={(a) => setDone({ a, paper: done.paper })} />;
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
            <div class="actions">
              <a class="button secondary" href={`#/cuentas/${encodeURIComponent(account.id)}`} target="_blank" rel="noopener" data-testid="agreement-statement">
                {O.statement}
                <span class="visually-hidden"> {O.statementHint}</span>
              </a>
              <button type="button" class="secondary" onClick={reset} data-testid="agreement-account-change">
                Cambiar de cuenta
              </button>
            </div>
          </div>
          <OfficeBuilder
            key={account.id}
            account={{ id: account.id, account_number: account.account_number, holder_name: account.holder_name, property_class: account.property_class ?? null }}
            quote={quote}
            onSubmit={onSubmit}
          />
        </>
      )}
    </div>
  );
}
