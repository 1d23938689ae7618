/** The sections of the account page (registry, flags, meter, balance, statement, collection history, audit). */
import { useState } from "preact/hooks";
import { money } from "../../domain/time";
import { Banner } from "../../ui/components";
import { conceptLabel, fmtDate, serviceLabel } from "../agreements/labels";
import { downloadAuthed } from "../disconnections/download";
import { statementPath, type Dossier, type Statement, type StatementLine } from "./api";
import { ACCOUNT_STATUS_LABELS, ACTION_TYPE_LABELS, AUDIT_ACTION_LABELS, BILLING_TYPE_LABELS, CREDIT_KIND_LABELS, FLAG_LABELS, METER_STATE_LABELS, PAYMENT_METHOD_LABELS, PROPERTY_CLASS_LABELS, mapHref } from "./labels";

const SERVICES = ["water", "sewer", "sanitation"];

export function RegistrySection({ d }: { d: Dossier }) {
  const a = d.account;
  const p = a.premises;
  const map = mapHref(p.latitude, p.longitude);
  const services = SERVICES.filter((s) => a.services[s]).map(serviceLabel);
  return (
    <section aria-labelledby="acc-registry" data-testid="account-registry">
      <h3 id="acc-registry">Titular y predio</h3>
      <dl class="facts">
        <dt>Titular</dt>
        <dd data-testid="account-holder">{a.holder.name}</dd>
        {a.holder.phone && (
          <>
            <dt>Teléfono</dt>
            <dd>{a.holder.phone}</dd>
          </>
        )}
        <dt>Domicilio</dt>
        <dd>
          {p.address}, {p.neighborhood}
          {p.postal_code ? `, C.P. ${p.postal_code}` : ""}{" "}
          {map && (
            <a href={map} target="_blank" rel="noopener" data-testid="account-map">
              Ver en el mapa
            </a>
          )}
        </dd>
        <dt>Clave catastral</dt>
        <dd>{p.cadastral_key || "—"}</dd>
        <dt>Clase</dt>
        <dd>
          {PROPERTY_CLASS_LABELS[a.property_class] ?? a.property_class}
          {a.class_subtype ? ` (${a.class_subtype})` : ""}
          {a.tariff_code ? ` · tarifa ${a.tariff_code}` : ""}
        </dd>
        <dt>Situación</dt>
        <dd>{ACCOUNT_STATUS_LABELS[a.status] ?? a.status}</dd>
        <dt>Servicios</dt>
        <dd>
          {services.join(", ") || "Ninguno"} · {BILLING_TYPE_LABELS[a.billing_type] ?? a.billing_type}
        </dd>
      </dl>
    </section>
  );
}

export function FlagsSection({ d }: { d: Dossier }) {
  const on = Object.entries(d.flags).filter(([, v]) => v);
  return (
    <section aria-labelledby="acc-flags" data-testid="account-flags">
      <h3 id="acc-flags">Indicadores</h3>
      {on.length ? (
        <ul class="list flags">
          {on.map(([k]) => (
            <li key={k} class="pill" data-flag={k}>
              {FLAG_LABELS[k] ?? k}
            </li>
          ))}
        </ul>
      ) : (
        <p>Sin indicadores.</p>
      )}
    </section>
  );
}

export function MeterSection({ d }: { d: Dossier }) {
  const meters = d.account.meters;
  return (
    <section aria-labelledby="acc-meter" data-testid="account-meter">
      <h3 id="acc-meter">Medidor y lecturas</h3>
      {meters.length === 0 ? (
        <p>Sin medidor registrado.</p>
      ) : (
        <ul class="list">
          {meters.map((m) => (
            <li key={m.id}>
              Medidor <strong>{m.serial}</strong>
              {m.brand ? ` (${m.brand})` : ""} · {METER_STATE_LABELS[m.state] ?? m.state}
              {m.installed_on ? ` · instalado el ${fmtDate(m.installed_on)}` : ""}
              {m.removed_on ? ` · retirado el ${fmtDate(m.removed_on)}` : ""}
            </li>
          ))}
        </ul>
      )}
      {d.readings.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption>Últimas lecturas</caption>
            <thead>
              <tr>
                <th>Periodo</th>
                <th>Leída el</th>
                <th>Medidor</th>
                <th class="num">Lectura (m³)</th>
                <th class="num">Consumo (m³)</th>
              </tr>
            </thead>
            <tbody>
              {d.readings.map((r) => (
                <tr key={`${r.meter_serial}-${r.period}`}>
                  <td>{r.period.slice(0, 7)}</td>
                  <td>{fmtDate(r.read_on)}</td>
                  <td>{r.meter_serial}</td>
                  <td class="num">{r.value_m3}</td>
                  <td class="num">{r.consumption_m3}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function BalanceSection({ d }: { d: Dossier }) {
  const b = d.balance;
  return (
    <section aria-labelledby="acc-balance" data-testid="account-balance">
      <h3 id="acc-balance">Saldo</h3>
      <p>
        Saldo: <strong data-testid="account-balance-total">{money(b.balance)}</strong> · Vencido: {money(b.overdue)} · Meses vencidos: {b.months_past_due} · Recargos y accesorios: {money(b.accessories)}
        {Number(b.unapplied_credit) > 0 ? ` · Saldo a favor: ${money(b.unapplied_credit)}` : ""}
      </p>
      <div class="balance-tables">
        <table>
          <caption>Por servicio</caption>
          <thead>
            <tr>
              <th>Servicio</th>
              <th class="num">Principal</th>
              <th class="num">Accesorios</th>
              <th class="num">Total</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(b.by_service).map(([s, v]) => (
              <tr key={s}>
                <td>{serviceLabel(s)}</td>
                <td class="num">{money(v.principal)}</td>
                <td class="num">{money(v.accessories)}</td>
                <td class="num">{money(v.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table>
          <caption>Por concepto</caption>
          <tbody>
            {Object.entries(b.by_concept).map(([c, v]) => (
              <tr key={c}>
                <td>{conceptLabel(c)}</td>
                <td class="num">{money(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table data-testid="account-aging">
          <caption>Antigüedad</caption>
          <tbody>
            {Object.entries(b.aging).map(([k, v]) => (
              <tr key={k}>
                <td>{k}</td>
                <td class="num">{money(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function lineLabel(l: StatementLine): string {
  if (l.kind === "payment") return `Pago${l.description ? ` (${PAYMENT_METHOD_LABELS[l.description] ?? l.description})` : ""}`;
  if (l.kind === "credit") return `Abono${l.description ? `: ${CREDIT_KIND_LABELS[l.description] ?? l.description}` : ""}`;
  const concept = conceptLabel(l.concept || l.kind);
  const service = l.service ? serviceLabel(l.service) : "";
  return `${concept}${service && service !== concept ? ` · ${service}` : ""}${l.period ? ` ${l.period.slice(0, 7)}` : ""}`;
}

export function StatementSection(props: {
  accountRef: string;
  number: string;
  statement: Statement | null;
  error: string;
  onRange: (from: string, to: string) => void;
}) {
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [note, setNote] = useState("");
  const st = props.statement;
  const download = async (ext: ".pdf" | ".xlsx") => {
    setNote("");
    try {
      await downloadAuthed(statementPath(props.accountRef, from, to, ext), `estado-${props.number}${ext}`);
    } catch (e) {
      setNote((e as Error).message);
    }
  };
  return (
    <section aria-labelledby="acc-statement" data-testid="account-statement">
      <h3 id="acc-statement">Estado de cuenta</h3>
      <form
        class="row statement-range"
        onSubmit={(e) => {
          e.preventDefault();
          props.onRange(from, to);
        }}
      >
        <label>
          Desde <input type="date" value={from} onInput={(e) => setFrom((e.currentTarget as HTMLInputElement).value)} data-testid="statement-from" />
        </label>
        <label>
          Hasta <input type="date" value={to} onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)} data-testid="statement-to" />
        </label>
        <button type="submit" class="secondary" data-testid="statement-apply">
          Aplicar
        </button>
        <button type="button" onClick={() => void download(".pdf")} data-testid="statement-pdf">
          Imprimir estado de cuenta
        </button>
        <button type="button" class="secondary" onClick={() => void download(".xlsx")} data-testid="statement-xlsx">
          Excel
        </button>
      </form>
      {(props.error || note) && <Banner kind="bad">{props.error || note}</Banner>}
      {st && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Fecha</th>
                <th>Concepto</th>
                <th>Referencia</th>
                <th class="num">Cargo</th>
                <th class="num">Abono</th>
                <th class="num">Saldo</th>
              </tr>
            </thead>
            <tbody>
              {st.opening_balance !== undefined && (
                <tr class="total">
                  <td colSpan={5}>Saldo inicial</td>
                  <td class="num">{money(st.opening_balance)}</td>
                </tr>
              )}
              {st.lines.map((l, i) => (
                <tr key={i} data-testid="statement-line">
                  <td>{fmtDate(l.date)}</td>
                  <td>{lineLabel(l)}</td>
                  <td>{l.reference ?? ""}</td>
                  <td class="num">{l.debit !== "0.00" ? money(l.debit) : ""}</td>
                  <td class="num">{l.credit !== "0.00" ? money(l.credit) : ""}</td>
                  <td class="num">{money(l.balance)}</td>
                </tr>
              ))}
              {st.lines.length === 0 && (
                <tr>
                  <td colSpan={6}>Sin movimientos en el periodo.</td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ActionsSection({ d }: { d: Dossier }) {
  const [note, setNote] = useState("");
  const view = async (url: string, sha: string) => {
    setNote("");
    try {
      await downloadAuthed(url, `evidencia-${sha.slice(0, 12)}`);
    } catch (e) {
      setNote((e as Error).message);
    }
  };
  return (
    <section aria-labelledby="acc-actions" data-testid="account-actions">
      <h3 id="acc-actions">Historial de cobranza</h3>
      {note && <Banner kind="bad">{note}</Banner>}
      {d.actions.length === 0 && <p>Sin acciones de cobranza.</p>}
      <ol class="list timeline">
        {d.actions.map((a) => (
          <li key={`${a.type}-${a.id}`} data-testid="account-action" data-type={a.type}>
            <strong>{fmtDate(a.date)}</strong> · {ACTION_TYPE_LABELS[a.type] ?? a.type}: {a.title}
            {a.folio ? ` ${a.folio}` : ""} · <span class="pill">{a.status_label}</span>
            {a.amount ? ` · ${money(a.amount)}` : ""}
            {a.visits.length > 0 && (
              <ul class="list visits">
                {a.visits.map((v) => (
                  <li key={v.id}>
                    Visita del {fmtDate(v.date)}: {v.outcome_label}
                    {v.notes ? ` — ${v.notes}` : ""}
                    {v.evidence.map((e, i) => (
                      <button key={e.sha256} type="button" class="link" onClick={() => void view(e.url, e.sha256)} data-testid="action-evidence">
                        {e.kind === "signature" ? "Firma" : `Foto ${i + 1}`}
                      </button>
                    ))}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function changeText(changes: Record<string, unknown>): string {
  return Object.entries(changes)
    .map(([k, v]) => {
      if (Array.isArray(v) && v.length === 2) return `${k}: ${String(v[0] ?? "—")} → ${String(v[1] ?? "—")}`;
      return `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`;
    })
    .join("; ");
}

export function AuditSection({ d }: { d: Dossier }) {
  return (
    <section aria-labelledby="acc-audit" data-testid="account-audit">
      <h3 id="acc-audit">Bitácora de cambios</h3>
      {d.audit.length === 0 ? (
        <p>Sin cambios registrados.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Fecha</th>
                <th>Acción</th>
                <th>Cambios</th>
                <th>Motivo</th>
              </tr>
            </thead>
            <tbody>
              {d.audit.map((e, i) => (
                <tr key={i}>
                  <td>{fmtDate(e.occurred_at)}</td>
                  <td>{AUDIT_ACTION_LABELS[e.action] ?? e.action}</td>
                  <td>{changeText(e.changes ?? {})}</td>
                  <td>{e.reason ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
