/** One debtor's legal data for PAE (`#/pae/<account>`): identification, address, periods owed with due dates and prescription, accessories, formal acts and how each was served, agreements, cuts, referrals, and the payment demand draft in PDF. */
import { useState } from "preact/hooks";
import { dateTime } from "../../domain/time";
import { Banner, Spinner } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { dayLabel, periodLabel, pesos } from "../counter/form";
import { downloadAuthed } from "../disconnections/download";
import { isManager } from "../../state/session";
import { closeReferral, demandPath, loadDossier, type Dossier, type Referral } from "./api";
import { PrescriptionBadge } from "./PrescriptionBadge";
import { T } from "./texts";

function Row({ k, v, testid }: { k: string; v: string | null | undefined; testid?: string }) {
  return (
    <tr>
      <th scope="row">{k}</th>
      <td data-testid={testid}>{v || "—"}</td>
    </tr>
  );
}

function Identification({ d }: { d: Dossier }) {
  const a = d.address;
  return (
    <table class="pae-legal" data-testid="pae-identification">
      <tbody>
        <Row k="Cuenta / contrato" v={`${d.account_number} / ${d.contract_number}`} />
        <Row k="Titular" v={`${d.holder.name} (${d.holder.person_type})`} testid="pae-holder" />
        <Row k="Propietario" v={d.owner?.name ?? "No registrado (el mismo titular)"} />
        <Row k="RFC / CURP" v={`${d.holder.rfc ?? "—"} / ${d.holder.curp ?? "—"}`} />
        <Row k="Representante legal" v={d.holder.legal_representative} />
        <Row k="Domicilio del predio" v={`${a.street}, col. ${a.neighborhood}, C.P. ${a.postal_code ?? "—"}, ${a.locality ?? ""}`} />
        <Row k="Clave catastral" v={a.cadastral_key} testid="pae-cadastral" />
        <Row k="Domicilio para notificar" v={d.notification_address ?? "El mismo del predio"} />
        <Row k="Clase · situación" v={`${d.property_class_label}${d.business_line ? ` (${d.business_line})` : ""} · ${d.status_label}${d.large_consumer ? ` · ${T.large}` : ""}`} />
        <Row k={T.lastAct} v={dayLabel(d.last_formal_act_on)} />
        <Row k="Mandamiento · ejecutor" v={d.referral ? `${d.referral.mandate_number} · ${d.referral.officer_name} (${dayLabel(d.referral.sent_on)})` : "No enviada a PAE"} testid="pae-referral" />
      </tbody>
    </table>
  );
}

function Periods({ d }: { d: Dossier }) {
  const t = d.totals;
  return (
    <div class="table-wrap">
      <table data-testid="pae-periods">
        <thead>
          <tr>
            <th>Periodo</th>
            <th>Servicio · concepto</th>
            <th>Vencimiento</th>
            <th class="num">Meses</th>
            <th>{T.horizon}</th>
            <th class="num">Importe</th>
          </tr>
        </thead>
        <tbody>
          {d.periods.map((p) => (
            <tr key={`${p.period}-${p.service_label}-${p.concept_label}-${p.due_date}`} data-testid="pae-period" class={p.prescribed ? "pae-prescribed" : undefined}>
              <td>{periodLabel(p.period)}</td>
              <td>{`${p.service_label} · ${p.concept_label}`}</td>
              <td>{dayLabel(p.due_date)}</td>
              <td class="num">{p.months_past_due}</td>
              <td>{p.prescribed ? <span class="pae-badge prescribed">{T.badges.prescribed}</span> : dayLabel(p.prescription_date)}</td>
              <td class="num">{pesos(p.amount)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          {(
            [
              ["Suerte principal", t.principal],
              ["Recargos", t.surcharges],
              ["Multas", t.fines],
              ["Gastos de ejecución", t.enforcement_costs],
              ["Total", t.balance],
            ] as [string, string][]
          ).map(([k, v]) => (
            <tr key={k}>
              <th colSpan={5} scope="row">
                {k}
              </th>
              <td class="num" data-testid={`pae-total-${k === "Total" ? "balance" : k}`}>
                {pesos(v)}
              </td>
            </tr>
          ))}
        </tfoot>
      </table>
    </div>
  );
}

function History({ d }: { d: Dossier }) {
  return (
    <>
      <h4>{T.notices}</h4>
      {d.notices.length === 0 && <p class="hint">{T.noHistory}</p>}
      <ul data-testid="pae-notices">
        {d.notices.map((n) => (
          <li key={n.folio}>
            <strong>{`${n.folio} · ${n.kind_label}`}</strong> {`(${dayLabel(n.issued_on)}, ${n.status_label})`}
            {n.visits.map((v) => (
              <p class="hint" key={v.date}>{`${dateTime(v.date)}: ${v.how_served}`}</p>
            ))}
          </li>
        ))}
      </ul>
      <h4>{T.agreements}</h4>
      {d.agreements.length === 0 && <p class="hint">{T.noHistory}</p>}
      <ul data-testid="pae-agreements">
        {d.agreements.map((a) => (
          <li key={a.folio} class={a.breached ? "pae-breached" : undefined}>{`${a.folio} · ${dayLabel(a.signed_on)} · ${pesos(a.agreed_debt)} en ${a.installments} parcialidades · ${a.status_label}`}</li>
        ))}
      </ul>
      <h4>{T.cutsTitle}</h4>
      {d.cuts.length === 0 && <p class="hint">{T.noHistory}</p>}
      <ul data-testid="pae-cuts">
        {d.cuts.map((c) => (
          <li key={c.folio}>{`${c.folio} · ${c.action_label} · ${dayLabel(c.issued_on)} · ${c.status_label}`}</li>
        ))}
      </ul>
      <h4>{T.referrals}</h4>
      {d.referrals.length === 0 && <p class="hint">{T.noHistory}</p>}
      <ul data-testid="pae-referrals">
        {d.referrals.map((r) => (
          <li key={r.id}>{`${r.mandate_number} · ${r.officer_name} · ${dayLabel(r.sent_on)} · ${pesos(r.debt_amount)} · ${r.status === "open" ? "Abierto" : `Cerrado: ${r.close_reason ?? ""}`}`}</li>
        ))}
      </ul>
    </>
  );
}

/** The manager closes the open referral (paid, agreement, returned by the officer) with a reason. */
function CloseReferral({ r, onDone }: { r: Referral; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!open)
    return (
      <button type="button" class="secondary" onClick={() => setOpen(true)} data-testid="pae-close">
        {T.close}
      </button>
    );
  const submit = async (e: Event) => {
    e.preventDefault();
    if (reason.trim().length < 3) {
      setError(T.needReason);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await closeReferral(r.id, reason.trim());
      onDone();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="pae-dialog" onSubmit={submit} data-testid="pae-close-form">
      <label for="pae-close-reason">{T.closeReason(r.mandate_number)}</label>
      <input id="pae-close-reason" type="text" value={reason} onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)} data-testid="pae-close-reason" />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="submit" disabled={busy} data-testid="pae-close-confirm">
          {busy ? <Spinner label={T.closing} /> : T.close}
        </button>
        <button type="button" class="secondary" onClick={() => setOpen(false)}>
          {T.cancel}
        </button>
      </div>
    </form>
  );
}

export default function DebtorPage({ accountId }: { accountId: string }) {
  const dossier = useLoad(() => loadDossier(accountId), [accountId]);
  const [pdfBusy, setPdfBusy] = useState(false);
  const [pdfError, setPdfError] = useState<string | null>(null);
  const d = dossier.data;
  const pdf = async () => {
    if (!d) return;
    setPdfBusy(true);
    setPdfError(null);
    try {
      await downloadAuthed(demandPath(d.account_id), `requerimiento-${d.account_number}.pdf`);
    } catch (e) {
      setPdfError((e as Error).message);
    } finally {
      setPdfBusy(false);
    }
  };
  return (
    <section class="pae" data-testid="pae-debtor">
      <a href="#/pae" data-testid="pae-back">
        {T.back}
      </a>
      {dossier.busy && <Spinner label={T.dossierLoading} />}
      {dossier.error && <Banner kind="bad">{dossier.error}</Banner>}
      {d && (
        <>
          <h2>{`${d.holder.name} · cuenta ${d.account_number}`}</h2>
          <p>
            <PrescriptionBadge status={d.prescription_status} />{" "}
            {d.prescription_date && <span class="hint">{`${T.horizon} ${dayLabel(d.prescription_date)}`}</span>}
            {d.totals.prescribed !== "0.00" && <span class="hint" data-testid="pae-prescribed-amount">{` · ${T.prescribedAmount}: ${pesos(d.totals.prescribed)}`}</span>}
          </p>
          <div class="actions">
            <button type="button" onClick={() => void pdf()} disabled={pdfBusy} data-testid="pae-pdf">
              {pdfBusy ? <Spinner label={T.pdfBusy} /> : T.pdf}
            </button>
            {d.referral && isManager.value && <CloseReferral r={d.referral} onDone={dossier.reload} />}
          </div>
          {pdfError && <p class="error">{pdfError}</p>}
          <h3>{T.identification}</h3>
          <Identification d={d} />
          <h3>{T.periods}</h3>
          <Periods d={d} />
          <h3>{T.history}</h3>
          <History d={d} />
        </>
      )}
    </section>
  );
}
