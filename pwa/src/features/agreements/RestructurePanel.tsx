/**
 * "Reestructurar" (office detail; clerk and manager) an agreement that is active, late, breached
 * or parked for review: the counter's builder, prefilled from the server's current quote
 * (`GET …/quote/<account number>`) and the old agreement's signer, posts the new terms to
 * `POST /api/v1/agreements/<id>/restructure` (the same args as signing). 201 → the new
 * agreement's detail; a refusal (409: the old one cannot be restructured any more) is told in
 * the server's Spanish words.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { es } from "../../i18n/es";
import { say } from "../../state/flash";
import { navigate } from "../../state/router";
import { Banner, Spinner } from "../../ui/components";
import { getRegistryAccount, restructureAgreement, type AgreementDetail } from "./api";
import { newBuilderDraft, type BuilderDraft, type SignedAgreement } from "./Builder";
import { OfficeBuilder, uploadSignatures, useOfficeQuote } from "./CounterAgreement";

const O = es.agreements.office;

export function RestructurePanel({ a, onCancel }: { a: AgreementDetail; onCancel: () => void }) {
  const quote = useOfficeQuote(a.account_number);
  // The property class sets the policy's minimum down payment and longest term.
  const [propertyClass, setPropertyClass] = useState<string | null | undefined>(undefined);
  const [message, setMessage] = useState<string | null>(null);
  const title = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    title.current?.focus(); // where the person goes after "Reestructurar"
  }, []);

  useEffect(() => {
    let alive = true;
    getRegistryAccount(a.account_id).then(
      (acc) => alive && setPropertyClass(acc.property_class ?? null),
      () => alive && setPropertyClass(null),
    );
    return () => {
      alive = false;
    };
  }, [a.account_id]);

  const initial = useMemo<BuilderDraft | null>(() => {
    if (!quote.built || !quote.data || propertyClass === undefined) return null;
    const d = newBuilderDraft({ holder: a.holder_name, policy: quote.built.policy, propertyClass, asOf: quote.data.quote.as_of });
    const c = a.terms?.customer;
    return c ? { ...d, name: c.name || d.name, phone: c.phone ?? "", id_shown: c.id_shown ?? "" } : d;
  }, [quote.built, quote.data, propertyClass]);

  const onSubmit = async (s: SignedAgreement) => {
    setMessage(null);
    await uploadSignatures(s);
    let created: AgreementDetail;
    try {
      created = await restructureAgreement(a.id, s.args);
    } catch (e) {
      setMessage((e as Error).message);
      requestAnimationFrame(() => document.querySelector("[data-testid='agreement-restructure-message']")?.scrollIntoView?.({ block: "center" }));
      return;
    }
    say(`${O.restructureSubmit}: ${created.folio}.`);
    navigate(`/convenios/${encodeURIComponent(created.id)}`);
  };

  return (
    <section class="card" aria-labelledby="agreement-restructure-title" data-testid="agreement-screen" data-mode="restructure" data-account-id={a.account_id}>
      <h3 id="agreement-restructure-title" tabIndex={-1} ref={title}>{O.restructureTitle}</h3>
      <p class="hint">{O.restructureHint}</p>
      {propertyClass === undefined && !quote.error ? (
        <Spinner label={O.quoteLoading} />
      ) : (
        <OfficeBuilder
          account={{ id: a.account_id, account_number: a.account_number, holder_name: a.holder_name, property_class: propertyClass ?? null }}
          quote={quote}
          initial={initial}
          onSubmit={onSubmit}
          submitLabel={O.restructureSubmit}
          submitTestid="agreement-restructure-submit"
        />
      )}
      {message && (
        <Banner kind="bad" testid="agreement-restructure-message">
          <p>{message}</p>
        </Banner>
      )}
      <div class="actions">
        <button type="button" class="secondary" onClick={onCancel} data-testid="agreement-restructure-cancel">
          {O.restructureCancel}
        </button>
      </div>
    </section>
  );
}
