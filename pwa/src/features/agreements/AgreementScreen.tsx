/**
 * "Convenio" at the door (`#/convenio/<account id>?stop=<stop id>&from=<path>`, lazy chunk,
 * precached: it works with no signal). Everything comes from the device: the account's debt
 * lines, the promotions it qualifies for today and the newest agreement policy. Signing writes
 * `agreement.sign` v1, the local `agreement` row, the draft removal and the two signatures'
 * upload in ONE IndexedDB transaction; the screen then shows the verification code and, after
 * sync, the server's answer ("Activo" or "En revisión" with the reasons).
 *
 * With `?id=<agreement id>` it shows that agreement's confirmation (what a reload returns to).
 */
import type { ComponentChildren } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { formatPesos, parseCents, verificationCode } from "../../domain/agreement-rules";
import { debtLines, fieldSignerRole, INITIAL_POLICY_ROW, offeredPromotions, policyFromRow } from "../../domain/agreement-terms";
import { flagLabel, PROPERTY_CLASS_LABELS } from "../../domain/outcomes";
import { localDate } from "../../domain/time";
import { es } from "../../i18n/es";
import { agreementDraftKey, signAgreement } from "../../mutations";
import { putBlob } from "../../storage/blobs";
import { getDraft, putDraft } from "../../storage/drafts";
import { fieldDb, refreshView, view } from "../../state/field";
import { say } from "../../state/flash";
import { navigate, route } from "../../state/router";
import { session } from "../../state/session";
import type { AgreementView } from "../../state/view";
import { Banner, Spinner } from "../../ui/components";
import { downloadAuthed } from "../disconnections/download";
import { addressLine } from "../route/stops";
import { SurveyLauncher } from "../surveys/SurveyLauncher";
import { agreementPdfPath } from "./api";
import { AgreementBuilder, fmtDate, type BuilderDraft, type SignedAgreement } from "./Builder";

const T = es.agreements;

/** Where "Volver" goes: the screen that opened the builder, else the worker's list. */
function backPath(): string {
  const from = route.value.query.get("from");
  return from && from.startsWith("/") ? from : "/ruta";
}

/** The state of an agreement made on this device, with the server's reasons in Spanish. */
export function AgreementStatus({ a }: { a: Pick<AgreementView, "state" | "codes"> }) {
  return (
    <div class={`agreement-status ${a.state}`} data-testid="agreement-status" data-state={a.state} role="status" aria-live="polite">
      <span class={`pill ${a.state === "active" ? "enviado" : a.state === "pending" || a.state === "sent" ? "pendiente" : "observado"}`}>{T.status[a.state]}</span>
      {a.codes.length > 0 && (
        <ul class="flags" data-testid="agreement-flags">
          {a.codes.map((c) => (
            <li key={c} data-testid="agreement-flag" data-flag={c}>
              {flagLabel(c)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The code of an agreement made here: its local row's, else from its signed args' hash. */
function codeOf(a: AgreementView): string {
  if (a.verification_code) return a.verification_code;
  try {
    return a.args ? verificationCode(a.args.terms_hash) : "";
  } catch {
    return "";
  }
}

/** Whether the browser says it has a network (updates on "online"/"offline"). */
function useOnline(): boolean {
  const [online, setOnline] = useState(() => globalThis.navigator?.onLine !== false);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener("online", on);
    window.addEventListener("offline", off);
    return () => {
      window.removeEventListener("online", on);
      window.removeEventListener("offline", off);
    };
  }, []);
  return online;
}

/**
 * "Ver PDF" on the phone: the agreement's document fetched with the worker's token (the server
 * lets the signer read it) once it reached the server; with no signal it waits, disabled.
 */
function FieldPdfButton({ a }: { a: AgreementView }) {
  const online = useOnline();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (a.state !== "active" && a.state !== "review") {
    if (a.state === "pending" || a.state === "sent")
      return (
        <p class="hint" data-testid="agreement-field-pdf-hint">
          {T.fieldPdfPending}
        </p>
      );
    return null;
  }
  const get = async () => {
    setBusy(true);
    setError(null);
    try {
      await downloadAuthed(agreementPdfPath(a.id), `convenio-${codeOf(a) || a.id}.pdf`);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" class="secondary" onClick={() => void get()} disabled={!online || busy} aria-describedby={online ? undefined : "agreement-field-pdf-offline"} data-testid="agreement-field-pdf">
        {busy ? <Spinner label="Descargando PDF…" /> : T.fieldPdf}
      </button>
      {!online && (
        <span class="hint" id="agreement-field-pdf-offline" data-testid="agreement-field-pdf-hint">
          {T.fieldPdfOffline}
        </span>
      )}
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}

function Confirmation({ a, back }: { a: AgreementView; back: string }) {
  const code = codeOf(a);
  return (
    <div class="card confirmation" data-testid="agreement-confirmation" data-agreement-id={a.id}>
      <h3>{T.confirmationTitle}</h3>
      <p class="code" data-testid="agreement-code" data-code={code}>
        {T.code(code)}
      </p>
      <p class="hint">{T.codeHint}</p>
      <dl>
        <dt>{T.customerName}</dt>
        <dd>{a.customer_name}</dd>
        <dt>{T.agreedDebt}</dt>
        <dd>{formatPesos(parseCents(a.agreed_debt))}</dd>
        <dt>{T.downPaymentPart}</dt>
        <dd>{formatPesos(parseCents(a.down_payment))}</dd>
        <dt>{T.installments}</dt>
        <dd>{a.installments}</dd>
      </dl>
      <AgreementStatus a={a} />
      <SurveyLauncher accountId={a.account_id} stopId={a.stop_id} trigger="agreement" />
      <div class="actions">
        <FieldPdfButton a={a} />
        <a class="button" href={`#${back}`} data-testid="agreement-back">
          {T.back}
        </a>
      </div>
    </div>
  );
}

export default function AgreementScreen({ accountId }: { accountId: string }) {
  const v = view.value;
  const q = route.value.query;
  const shownId = q.get("id");
  const stopId = q.get("stop");
  const back = backPath();
  const key = agreementDraftKey(accountId);
  const [initial, setInitial] = useState<BuilderDraft | null | undefined>(undefined);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const today = useMemo(() => localDate(), []);

  useEffect(() => {
    let alive = true;
    void getDraft<BuilderDraft>(fieldDb(), key).then((d) => alive && setInitial(d ?? null));
    return () => {
      alive = false; // a pending draft save still lands: what was typed is kept
    };
  }, [accountId]);

  const account = v?.accounts.get(accountId);
  const policyRow = v?.policy ?? null;
  const policy = useMemo(() => policyFromRow(policyRow ?? INITIAL_POLICY_ROW), [policyRow]);
  const promotions = useMemo(() => (account ? offeredPromotions(v?.promotions ?? [], account, today) : []), [account, v?.promotions, today]);
  const lines = useMemo(() => {
    try {
      return account ? debtLines(account) : [];
    } catch {
      return [];
    }
  }, [account]);

  const mine = (v?.agreements ?? []).filter((a) => a.account_id === accountId);
  const shown = shownId ? mine.find((a) => a.id === shownId) : undefined;

  const header = (
    <>
      <h2 id="agreement-title">{T.title}</h2>
      {account && (
        <div class="card">
          <strong>{account.holder_name}</strong>
          <div>{addressLine(account)}</div>
          <div class="meta">
            {T.office.account} {account.account_number} · {PROPERTY_CLASS_LABELS[account.property_class] ?? account.property_class} · {account.months_past_due} meses
          </div>
        </div>
      )}
    </>
  );

  const section = (mode: string, body: ComponentChildren) => (
    <section aria-labelledby="agreement-title" data-testid="agreement-screen" data-account-id={accountId} data-mode={mode}>
      {header}
      {body}
    </section>
  );

  if (!v || initial === undefined) return <p>{T.opening}</p>;
  if (shown) return section("confirmation", <Confirmation a={shown} back={back} />);
  if (!account)
    return section(
      "missing",
      <Banner kind="bad" testid="agreement-missing">
        <p>{T.noAccount}</p>
      </Banner>,
    );
  if (!account.debt_lines)
    return section(
      "missing",
      <Banner kind="bad" testid="agreement-missing">
        <p>{T.noLines}</p>
      </Banner>,
    );
  if (lines.reduce((s, l) => s + l.amount, 0) <= 0)
    return section(
      "missing",
      <Banner kind="info" testid="agreement-missing">
        <p>{T.noDebt}</p>
      </Banner>,
    );

  const onDraft = (d: BuilderDraft) => {
    if (saveTimer.current) clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(() => {
      try {
        void putDraft(fieldDb(), key, "agreement", d).catch(() => undefined);
      } catch {
        /* logged out meanwhile: nothing to keep it in */
      }
    }, 300);
  };

  const onSubmit = async ({ args, customerPng, staffPng }: SignedAgreement) => {
    if (saveTimer.current) clearTimeout(saveTimer.current);
    const db = fieldDb();
    for (const png of [customerPng, staffPng]) {
      if (!png) continue; // the field always signs on screen (the builder offers no paper here)
      await putBlob(db, { sha256: png.sha256, type: png.type, size: png.bytes.byteLength, kind: "signature", bytes: png.bytes });
    }
    await signAgreement(db, args, { holder_name: account.holder_name, stop_id: stopId, verification_code: verificationCode(args.terms_hash) });
    await refreshView();
    say(T.savedField);
    const from = q.get("from");
    navigate(`/convenio/${encodeURIComponent(accountId)}?id=${encodeURIComponent(args.id)}${stopId ? `&stop=${encodeURIComponent(stopId)}` : ""}${from ? `&from=${encodeURIComponent(from)}` : ""}`, true);
  };

  const roles = session.value?.user.roles ?? [];
  return section(
    "builder",
    <>
      {!policyRow && (
        <Banner kind="info" testid="agreement-policy-default">
          <p>{T.noPolicy}</p>
        </Banner>
      )}
      {mine.length > 0 && (
        <Banner kind="warn" testid="agreement-existing">
          <p>{T.duplicateWarning}</p>
          <ul class="list">
            {mine.map((a) => (
              <li key={a.id}>
                <a href={`#/convenio/${encodeURIComponent(accountId)}?id=${encodeURIComponent(a.id)}`}>
                  {fmtDate(a.signed_at.slice(0, 10))} · {formatPesos(parseCents(a.agreed_debt))} · {T.status[a.state]}
                </a>
              </li>
            ))}
          </ul>
        </Banner>
      )}
      <AgreementBuilder
        key={accountId}
        account={{ id: account.id, account_number: account.account_number, holder_name: account.holder_name, property_class: account.property_class ?? null }}
        lines={lines}
        promotions={promotions}
        asOf={today}
        policy={policy}
        role={fieldSignerRole(roles)}
        allowWaivers={false}
        initial={initial}
        onDraft={onDraft}
        onSubmit={onSubmit}
      />
      <div class="actions">
        <a class="button secondary" href={`#${back}`} data-testid="agreement-back">
          {T.back}
        </a>
      </div>
    </>,
  );
}
