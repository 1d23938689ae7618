/**
 * The registration form at the door: program, beneficiary type (big choices), name, CURP
 * (upper case, checked as she types), birth date (checked against the CURP), a photo of each
 * document the program asks for the type, the verification checklist, phone, notes, GPS and
 * the beneficiary's signature. What the rules find shows as warnings and never blocks: only
 * what `discount.apply` v1 requires does. Every change is saved to the draft.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { BENEFICIARY_TYPES, REASON_LABELS, type BeneficiaryType } from "../../domain/discount-rules";
import { hhmm, localDate } from "../../domain/time";
import type { AccountRow, DiscountApplyArgsV1, DiscountProgramRow, DocumentKind } from "../../domain/types";
import { discountsEs } from "../../i18n/es-discounts";
import { applyDiscount } from "../../mutations";
import { deleteDraftBlob, putBlob } from "../../storage/blobs";
import { deleteDraft, putDraft } from "../../storage/drafts";
import { fieldDb } from "../../state/field";
import { say } from "../../state/flash";
import { navigate } from "../../state/router";
import { Banner, Check, TextField } from "../../ui/components";
import { PhotoField } from "../orders/PhotoField";
import { addressLine } from "../route/stops";
import { GPS_ERROR_LABELS, gpsFields, useGps } from "../visit/gps";
import { canvasPng } from "../visit/photo";
import { SignatureField, type SignatureHandle } from "../visit/SignatureField";
import { birthDateFromCurp, buildApplyArgs, checklistItems, curpCheck, MAX_DOCUMENTS, MAX_NOTES, MAX_PHONE, otherAccountsWithCurp, requiredDocuments, validateDraft, warnings, type DiscountDraft, type DraftErrors } from "./form";
import { dmy } from "./links";
import type { ApplicationView } from "./local";

const F = discountsEs.form;
const T = discountsEs.beneficiaryTypes;
const DOCS = discountsEs.documentKinds;

export function RegisterForm(props: {
  title: string;
  initial: DiscountDraft;
  draftKey: string;
  link: string;
  account: AccountRow;
  programs: DiscountProgramRow[];
  applications: ApplicationView[];
  inAgreement: boolean;
  accountNumber: (id: string) => string;
  question: string | null;
  onDone: (args: DiscountApplyArgsV1) => void;
}) {
  const { account } = props;
  const [draft, setDraft] = useState<DiscountDraft>(props.initial);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [gps, refreshGps] = useGps();
  const [busy, setBusy] = useState<string | null>(null);
  const sig = useRef<SignatureHandle | null>(null);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    return () => {
      if (saveTimer.current) clearTimeout(saveTimer.current);
    };
  }, []);

  const update = (patch: Partial<DiscountDraft> | ((d: DiscountDraft) => Partial<DiscountDraft>)) => {
    setDraft((d) => {
      const next = { ...d, ...(typeof patch === "function" ? patch(d) : patch) };
      if (saveTimer.current) clearTimeout(saveTimer.current);
      saveTimer.current = setTimeout(() => void putDraft(fieldDb(), props.draftKey, "discount", { ...next, link: props.link }), 300);
      return next;
    });
  };

  const program = props.programs.find((p) => p.id === draft.program_id);
  const required = requiredDocuments(program, draft.beneficiary_type);
  const extraKinds = [...new Set(draft.documents.map((d) => d.kind).filter((k) => !required.includes(k) && k !== "other"))];
  const checklist = checklistItems(program);
  const curpProblemsNow = curpCheck(draft.curp, draft.birth_date);
  const fromCurp = birthDateFromCurp(draft.curp);
  const others = useMemo(() => otherAccountsWithCurp(props.applications, draft.curp, account.id, props.accountNumber), [props.applications, draft.curp, account.id]);
  const found = warnings(program, draft, account, { inAgreement: props.inAgreement, otherAccounts: others }, localDate());
  const blocking = validateDraft(draft);
  const canSubmit = Object.keys(blocking).length === 0 && !busy;

  const setCurp = (raw: string) => {
    const curp = raw.toUpperCase().replace(/\s/g, "").slice(0, 18);
    update((d) => {
      const derived = birthDateFromCurp(curp);
      // The birth date comes from the CURP unless she wrote another one.
      return { curp, ...(derived && !d.birth_date ? { birth_date: derived } : {}) };
    });
  };

  const photoProps = (kind: DocumentKind) => ({
    shas: draft.documents.filter((x) => x.kind === kind).map((x) => x.sha256),
    onAdd: (added: string[]) => update((d) => ({ documents: [...d.documents, ...added.filter((sha) => !d.documents.some((x) => x.sha256 === sha)).map((sha256) => ({ kind, sha256 }))] })),
    onRemove: (sha: string) => update((d) => ({ documents: d.documents.filter((x) => x.sha256 !== sha) })),
    onBusy: setBusy,
    onError: (message: string) => setErrors((x) => ({ ...x, documents: message })),
    testid: `discount-doc-${kind}`,
    alt: DOCS[kind] ?? kind,
    removeLabel: `Quitar foto: ${DOCS[kind] ?? kind}`,
  });

  const submit = async () => {
    const e = validateDraft(draft);
    setErrors(e);
    if (Object.keys(e).length) return;
    setBusy(F.saving);
    try {
      let signature: string | null = null;
      const canvas = sig.current?.canvas();
      if (canvas && sig.current && !sig.current.isEmpty()) {
        const png = await canvasPng(canvas);
        await putBlob(fieldDb(), { sha256: png.sha256, type: png.type, size: png.bytes.byteLength, kind: "signature", bytes: png.bytes });
        signature = png.sha256;
      }
      if (saveTimer.current) clearTimeout(saveTimer.current);
      const args = buildApplyArgs(draft, {
        ...gpsFields(gps),
        signature,
        checklistKeys: checklist.map((c) => c.key),
      });
      await applyDiscount(fieldDb(), args, { stop_id: draft.stop_id, problems: found });
      say(F.saved);
      props.onDone(args);
    } catch (err) {
      setErrors({ save: discountsEs.errors.save((err as Error).message) });
    } finally {
      setBusy(null);
    }
  };

  const discard = async () => {
    if (!confirm(F.discardConfirm)) return;
    if (saveTimer.current) clearTimeout(saveTimer.current);
    const keep = new Set(draft.answers_request ? props.applications.find((a) => a.id === draft.answers_request)?.args?.documents.map((x) => x.sha256) : []);
    for (const x of draft.documents) if (!keep.has(x.sha256)) await deleteDraftBlob(fieldDb(), x.sha256);
    await deleteDraft(fieldDb(), props.draftKey);
    navigate("/descuentos");
  };

  const missing = Object.values(blocking).filter(Boolean);

  return (
    <section class="discount-form" aria-labelledby="discount-form-title" data-testid="discount-form" data-application-id={draft.id} data-renewal-of={draft.renewal_of ?? ""} data-answers={draft.answers_request ?? ""}>
      <h2 id="discount-form-title">{props.title}</h2>
      {props.question && (
        <div class="banner warn question" role="note" data-testid="discount-form-question">
          <p>
            <strong>{discountsEs.field.question}</strong> {props.question}
          </p>
        </div>
      )}
      <div class="card">
        <strong data-testid="discount-form-holder">{account.holder_name}</strong>
        <div>{addressLine(account)}</div>
        <div class="meta">
          {discountsEs.field.account} {account.account_number} · Inicio: {hhmm(draft.started_at)}
        </div>
      </div>

      {props.programs.length === 0 ? (
        <Banner kind="bad" testid="discount-no-program">
          <p>{F.noProgram}</p>
        </Banner>
      ) : (
        <div>
          <label for="discount-program">{F.program}</label>
          <select id="discount-program" value={draft.program_id ?? ""} onChange={(e) => update({ program_id: (e.currentTarget as HTMLSelectElement).value || null })} data-testid="discount-program" aria-invalid={errors.program_id ? true : undefined}>
            <option value="">—</option>
            {props.programs.map((p) => (
              <option key={p.id} value={p.id} disabled={!p.active}>
                {p.name}
              </option>
            ))}
          </select>
          {errors.program_id && <p class="field-error">{errors.program_id}</p>}
        </div>
      )}

      <fieldset aria-invalid={errors.beneficiary_type ? true : undefined}>
        <legend>{F.type}</legend>
        <div class="choices" role="radiogroup" aria-label={F.type}>
          {BENEFICIARY_TYPES.map((t) => (
            <label class={`choice ${draft.beneficiary_type === t ? "is-on" : ""}`} key={t} for={`discount-type-${t}`}>
              <input id={`discount-type-${t}`} type="radio" name="discount-type" value={t} checked={draft.beneficiary_type === t} onChange={() => update({ beneficiary_type: t as BeneficiaryType })} data-testid={`discount-type-${t}`} />
              <span>{T[t]}</span>
            </label>
          ))}
        </div>
        {errors.beneficiary_type && <p class="field-error">{errors.beneficiary_type}</p>}
      </fieldset>

      <TextField id="discount-name" label={F.name} value={draft.beneficiary_name} onInput={(x) => update({ beneficiary_name: x })} error={errors.beneficiary_name} testid="discount-name" autoComplete="off" />

      <div>
        <label for="discount-curp">{F.curp}</label>
        <input
          id="discount-curp"
          type="text"
          value={draft.curp}
          maxLength={18}
          autoComplete="off"
          autoCapitalize="characters"
          spellcheck={false}
          class="curp"
          onInput={(e) => setCurp((e.currentTarget as HTMLInputElement).value)}
          aria-invalid={errors.curp || (curpProblemsNow && curpProblemsNow.length) ? true : undefined}
          aria-describedby="discount-curp-state"
          data-testid="discount-curp"
        />
        <p id="discount-curp-state" class={curpProblemsNow?.length ? "field-error" : "hint"} aria-live="polite" data-testid="discount-curp-state" data-state={curpProblemsNow === null ? "typing" : curpProblemsNow.length ? "bad" : "ok"}>
          {curpProblemsNow === null ? F.curpCount(draft.curp.trim().length) : curpProblemsNow.length ? curpProblemsNow.map((p) => REASON_LABELS[p]).join(" ") : F.curpOk}
        </p>
        {errors.curp && <p class="field-error">{errors.curp}</p>}
      </div>

      <TextField id="discount-birth" type="date" label={F.birthDate} value={draft.birth_date} onInput={(x) => update({ birth_date: x })} error={errors.birth_date} testid="discount-birth-date" />
      {fromCurp && fromCurp !== draft.birth_date && (
        <p class="hint" data-testid="discount-birth-from-curp">
          {F.birthFromCurp(dmy(fromCurp))}{" "}
          <button type="button" class="link" onClick={() => update({ birth_date: fromCurp })} data-testid="discount-use-curp-date">
            {F.useCurpDate}
          </button>
        </p>
      )}

      <fieldset aria-invalid={errors.lives_there ? true : undefined}>
        <legend>{F.livesThere}</legend>
        <div class="outcomes" role="group" aria-label={F.livesThere}>
          <button type="button" aria-pressed={draft.lives_there === true} onClick={() => update({ lives_there: true })} data-testid="discount-lives-yes">
            {F.yes}
          </button>
          <button type="button" aria-pressed={draft.lives_there === false} onClick={() => update({ lives_there: false })} data-testid="discount-lives-no">
            {F.no}
          </button>
        </div>
        {errors.lives_there && <p class="field-error">{errors.lives_there}</p>}
      </fieldset>

      <fieldset data-testid="discount-documents" data-required={required.join(",")}>
        <legend>{F.documents}</legend>
        <p class="hint">{F.documentsHint}</p>
        {[...required, ...extraKinds].map((kind) => (
          <PhotoField key={kind} id={`discount-doc-${kind}-file`} legend={DOCS[kind] ?? kind} {...photoProps(kind)} />
        ))}
        <PhotoField id="discount-doc-other-file" legend={F.documentOptional(DOCS.other)} {...photoProps("other")} />
        {(errors.documents || draft.documents.length > MAX_DOCUMENTS) && <p class="field-error">{errors.documents ?? discountsEs.errors.tooManyDocuments}</p>}
      </fieldset>

      <fieldset>
        <legend>{F.checklist}</legend>
        {checklist.map((c) => (
          <Check key={c.key} id={`discount-check-${c.key}`} label={c.label} checked={draft.checklist[c.key] === true} onChange={(on) => update((d) => ({ checklist: { ...d.checklist, [c.key]: on } }))} testid={`discount-check-${c.key}`} />
        ))}
      </fieldset>

      <TextField id="discount-phone" type="tel" inputMode="tel" label={F.phone} value={draft.phone} onInput={(x) => update({ phone: x.slice(0, MAX_PHONE) })} error={errors.phone} testid="discount-phone" autoComplete="off" />
      <TextField id="discount-notes" label={F.notes} value={draft.notes} onInput={(x) => update({ notes: x.slice(0, MAX_NOTES) })} error={errors.notes} testid="discount-notes" multiline />

      <fieldset>
        <legend>{F.signature}</legend>
        <SignatureField handle={sig} onChange={() => undefined} testid="discount-signature" label={F.signatureLabel} />
      </fieldset>

      <p class="hint" data-testid="discount-gps-status" data-state={gps.kind}>
        {F.gps} {gps.kind === "searching" ? F.gpsSearching : gps.kind === "fix" ? F.gpsFix(Math.round(gps.fix.accuracy_m)) : F.gpsError(GPS_ERROR_LABELS[gps.error])}
        {gps.kind === "error" && (
          <button type="button" class="link" onClick={() => void refreshGps()}>
            {F.retry}
          </button>
        )}
      </p>

      {found.length > 0 && (
        <div class="banner warn" role="status" data-testid="discount-warnings">
          <p>
            <strong>{F.warningsTitle}</strong>
          </p>
          <ul>
            {found.map((p) => (
              <li key={p} data-testid="discount-warning" data-code={p}>
                {REASON_LABELS[p]}
                {p === "CURP_IN_USE" && others.length > 0 ? ` (${others.join(", ")})` : ""}
              </li>
            ))}
          </ul>
        </div>
      )}

      {missing.length > 0 && (
        <p class="hint" data-testid="discount-missing">
          {F.missing} {missing.join(" ")}
        </p>
      )}
      {errors.save && (
        <div class="banner bad" role="alert" data-testid="discount-errors">
          <p>{errors.save}</p>
        </div>
      )}
      <div class="sticky-save actions">
        <button type="button" class="big" onClick={() => void submit()} disabled={!canSubmit} data-testid="discount-submit">
          {busy ?? F.submit}
        </button>
        <button type="button" class="secondary" onClick={() => void discard()} data-testid="discount-discard">
          {F.discard}
        </button>
        <a class="button secondary" href="#/descuentos" data-testid="discount-form-back">
          {F.back}
        </a>
      </div>
    </section>
  );
}
