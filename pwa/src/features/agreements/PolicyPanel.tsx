/**
 * The agreement policy in force (every office role reads it) as a table: one row per property
 * class (minimum down payment, installments, grace days), the concepts that may be waived, how
 * much each role may waive, and whether a breach reinstates what was waived. The manager edits
 * it in place and saves a new version with its reason (`PUT /api/v1/agreements/policy {rules,
 * note}`); checks run here first, and the server's per-field errors show next to the fields.
 * Older versions stay: signed agreements keep theirs; phones receive the new one on their next pull.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { ApiError } from "../../api/errors";
import { hhmm, instant, localDate, money } from "../../domain/time";
import { es } from "../../i18n/es";
import { Check, Spinner } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { getPolicy, putPolicy } from "./api";
import { fmtDate } from "./Builder";
import {
  CLASS_FIELDS,
  CLASS_KEYS,
  CLASS_LABELS,
  classErrorKey,
  formFromRules,
  LIMIT_MODES,
  LIMIT_ROLES,
  policyFromForm,
  ROLE_LABELS,
  serverFieldErrors,
  sortRows,
  WAIVABLE_CONCEPTS,
  WAIVABLE_LABELS,
  type ClassRow,
  type FieldErrors,
  type LimitMode,
  type PolicyForm,
} from "./policy-form";

const O = es.agreements.office;
const P = O.policy;

type CellField = keyof typeof CLASS_FIELDS;
const CELLS: { field: CellField; col: string; testid: string; inputMode: "decimal" | "numeric" }[] = [
  { field: "pct", col: "pol-col-pct", testid: "policy-down-pct", inputMode: "decimal" },
  { field: "installments", col: "pol-col-installments", testid: "policy-max-installments", inputMode: "numeric" },
  { field: "grace", col: "pol-col-grace", testid: "policy-grace-days", inputMode: "numeric" },
];

const classLabel = (k: string) => CLASS_LABELS[k] ?? k;

/** A field's error under it (`aria-describedby` points here). */
function FieldError({ id, field, text }: { id: string; field: string; text?: string }) {
  if (!text) return null;
  return (
    <p class="field-error" id={id} data-testid="policy-field-error" data-field={field}>
      {text}
    </p>
  );
}

/** Props of an input that may carry an error. */
const invalid = (errId: string, text?: string) => ({ "aria-invalid": text ? true : undefined, "aria-describedby": text ? errId : undefined });

export function PolicyPanel({ manager }: { manager: boolean }) {
  const p = useLoad(getPolicy, []);
  const [form, setForm] = useState<PolicyForm | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [adding, setAdding] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string; more?: string[] } | null>(null);
  const box = useRef<HTMLElement>(null);

  useEffect(() => {
    if (p.data) {
      setForm(formFromRules(p.data.rules));
      setErrors({});
    }
  }, [p.data]);

  const pristine = useMemo(() => (p.data ? JSON.stringify(formFromRules(p.data.rules)) : ""), [p.data]);
  const dirty = !!form && JSON.stringify({ ...form, note: "" }) !== pristine;

  /** After the next paint, move the focus to `selector` inside the panel (first invalid field, a new row…). */
  const focusLater = (selector: string) =>
    requestAnimationFrame(() => {
      const el = box.current?.querySelector(selector) as HTMLElement | null;
      el?.focus();
      el?.scrollIntoView?.({ block: "center" });
    });

  const clear = (...keys: string[]) =>
    setErrors((e) => {
      if (!keys.some((k) => k in e)) return e;
      const n = { ...e };
      for (const k of keys) delete n[k];
      return n;
    });
  const patch = (fn: (f: PolicyForm) => PolicyForm) => setForm((f) => (f ? fn(f) : f));

  const setCell = (key: string, field: CellField, v: string) => {
    patch((f) => ({ ...f, classes: f.classes.map((r) => (r.key === key ? { ...r, [field]: v } : r)) }));
    clear(classErrorKey(key, field), `class.${key}`);
  };
  const addClass = () => {
    if (!form || !adding) return;
    const base = form.classes.find((r) => r.key === "default");
    const row: ClassRow = { key: adding, pct: base?.pct ?? "", installments: base?.installments ?? "", grace: base?.grace ?? "" };
    patch((f) => ({ ...f, classes: sortRows([...f.classes, row]) }));
    clear("classes");
    setAdding("");
    focusLater(`#pol-${adding}-pct`);
  };
  const removeClass = (key: string) => {
    patch((f) => ({ ...f, classes: f.classes.filter((r) => r.key !== key) }));
    clear(`class.${key}`, ...CELLS.map((c) => classErrorKey(key, c.field)));
    focusLater("#pol-add");
  };
  const setLimit = (role: string, v: Partial<{ mode: LimitMode; amount: string }>) => {
    patch((f) => ({ ...f, limits: { ...f.limits, [role]: { ...f.limits[role], ...v } } }));
    clear(`limit.${role}`, "limits");
  };
  const discard = () => {
    if (!p.data) return;
    setForm(formFromRules(p.data.rules));
    setErrors({});
    setMessage(null);
  };

  const save = async () => {
    if (!form) return;
    const checked = policyFromForm(form);
    setErrors(checked.errors);
    if (!checked.body) {
      setMessage({ ok: false, text: P.fix });
      focusLater("[aria-invalid='true']");
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const out = await putPolicy(checked.body.rules, checked.body.note);
      setMessage({ ok: true, text: O.policySaved(out.version) });
      p.reload();
    } catch (e) {
      const err = e as ApiError;
      const server = serverFieldErrors(err.body, form.classes.map((r) => r.key));
      setErrors(server.errors);
      setMessage({ ok: false, text: err.message, more: server.other });
      focusLater("[aria-invalid='true']");
    } finally {
      setBusy(false);
    }
  };

  if (p.busy && !p.data) return <Spinner />;
  if (p.error) return <p class="error">{p.error}</p>;
  if (!p.data || !form) return null;
  const edit = manager;
  const missing = CLASS_KEYS.filter((k) => !form.classes.some((r) => r.key === k));
  const since = `${fmtDate(localDate(instant(p.data.created_at)))} a las ${hhmm(p.data.created_at)}`;

  return (
    <section ref={box} aria-labelledby="agreement-policy-title" data-testid="agreement-policy" data-version={p.data.version} data-dirty={dirty ? "true" : "false"}>
      <h3 id="agreement-policy-title">{O.policyTitle(p.data.version)}</h3>
      <p data-testid="policy-since">{P.since(since)}</p>
      {p.data.note && <p class="hint">{P.reason(p.data.note)}</p>}
      {!edit && <p class="hint">{P.readOnly}</p>}

      <h4 id="pol-classes-title">{P.classesTitle}</h4>
      <div class="table-wrap">
        <table class="policy-table" aria-labelledby="pol-classes-title">
          <thead>
            <tr>
              <th scope="col" id="pol-col-class">
                {P.colClass}
              </th>
              <th scope="col" class="num" id="pol-col-pct">
                {P.colPct}
              </th>
              <th scope="col" class="num" id="pol-col-installments">
                {P.colInstallments}
              </th>
              <th scope="col" class="num" id="pol-col-grace">
                {P.colGrace}
              </th>
              {edit && (
                <th scope="col">
                  <span class="visually-hidden">{P.colRemove}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {form.classes.map((r) => {
              const rowErr = errors[`class.${r.key}`];
              return (
                <tr key={r.key} data-testid="policy-class-row" data-class={r.key}>
                  <th scope="row" id={`pol-class-${r.key}`}>
                    {classLabel(r.key)}
                    <FieldError id={`pol-${r.key}-err`} field={`class.${r.key}`} text={rowErr} />
                  </th>
                  {CELLS.map((c) => {
                    const key = classErrorKey(r.key, c.field);
                    const id = `pol-${r.key}-${c.field}`;
                    if (!edit)
                      return (
                        <td key={c.field} class="num" data-testid={c.testid} data-value={r[c.field]}>
                          {c.field === "pct" ? `${r.pct} %` : r[c.field]}
                        </td>
                      );
                    return (
                      <td key={c.field}>
                        <input
                          id={id}
                          type="text"
                          class="num"
                          inputMode={c.inputMode}
                          autoComplete="off"
                          value={r[c.field]}
                          aria-labelledby={`pol-class-${r.key} ${c.col}`}
                          {...invalid(`${id}-err`, errors[key])}
                          onInput={(e) => setCell(r.key, c.field, (e.currentTarget as HTMLInputElement).value)}
                          data-testid={c.testid}
                        />
                        <FieldError id={`${id}-err`} field={key} text={errors[key]} />
                      </td>
                    );
                  })}
                  {edit && (
                    <td>
                      {r.key === "default" ? (
                        <span class="hint">{P.defaultFixed}</span>
                      ) : (
                        <button type="button" class="secondary" aria-label={P.removeLabel(classLabel(r.key))} onClick={() => removeClass(r.key)} data-testid="policy-class-remove">
                          {P.remove}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <FieldError id="pol-classes-err" field="classes" text={errors.classes} />
      <p class="hint">{P.defaultHint}</p>
      {edit && missing.length > 0 && (
        <div class="policy-add">
          <div>
            <label for="pol-add">{P.addLabel}</label>
            <select id="pol-add" value={adding} onChange={(e) => setAdding((e.currentTarget as HTMLSelectElement).value)} data-testid="policy-class-add-select">
              <option value="">{P.addChoose}</option>
              {missing.map((k) => (
                <option key={k} value={k}>
                  {classLabel(k)}
                </option>
              ))}
            </select>
          </div>
          <button type="button" class="secondary" disabled={!adding} onClick={addClass} data-testid="policy-class-add">
            {P.add}
          </button>
          <p class="hint">{P.addHint}</p>
        </div>
      )}

      <fieldset aria-describedby={errors.waivable ? "pol-waivable-err" : undefined}>
        <legend>{P.waivableTitle}</legend>
        {edit ? (
          WAIVABLE_CONCEPTS.map((c) => (
            <Check
              key={c}
              id={`pol-waivable-${c}`}
              label={WAIVABLE_LABELS[c]}
              checked={form.waivable.includes(c)}
              onChange={(on) => {
                patch((f) => ({ ...f, waivable: on ? [...f.waivable, c] : f.waivable.filter((x) => x !== c) }));
                clear("waivable");
              }}
              testid={`policy-waivable-${c}`}
            />
          ))
        ) : (
          <ul>
            {WAIVABLE_CONCEPTS.map((c) => (
              <li key={c} data-testid={`policy-waivable-${c}`} data-checked={form.waivable.includes(c) ? "true" : "false"}>
                {WAIVABLE_LABELS[c]}: {form.waivable.includes(c) ? "sí" : "no"}
              </li>
            ))}
          </ul>
        )}
        <FieldError id="pol-waivable-err" field="waivable" text={errors.waivable} />
      </fieldset>

      <h4 id="pol-limits-title">{P.limitsTitle}</h4>
      <div class="table-wrap">
        <table class="policy-table" aria-labelledby="pol-limits-title">
          <thead>
            <tr>
              <th scope="col">{P.colRole}</th>
              <th scope="col" id="pol-col-mode">
                {P.colMode}
              </th>
              {edit && (
                <th scope="col" class="num" id="pol-col-amount">
                  {P.colAmount}
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {LIMIT_ROLES.map((role) => {
              const l = form.limits[role];
              const err = errors[`limit.${role}`];
              const errId = `pol-limit-${role}-err`;
              if (!edit)
                return (
                  <tr key={role}>
                    <th scope="row">{ROLE_LABELS[role]}</th>
                    <td data-testid={`policy-limit-${role}`} data-mode={l.mode} data-amount={l.mode === "amount" ? l.amount : undefined}>
                      {l.mode === "amount" ? P.upTo(money(l.amount)) : P.modes[l.mode]}
                    </td>
                  </tr>
                );
              return (
                <tr key={role}>
                  <th scope="row" id={`pol-role-${role}`}>
                    {ROLE_LABELS[role]}
                  </th>
                  <td>
                    <select
                      id={`pol-limit-${role}`}
                      value={l.mode}
                      aria-labelledby={`pol-role-${role} pol-col-mode`}
                      {...(l.mode === "amount" ? {} : invalid(errId, err))}
                      onChange={(e) => setLimit(role, { mode: (e.currentTarget as HTMLSelectElement).value as LimitMode })}
                      data-testid={`policy-limit-${role}`}
                    >
                      {LIMIT_MODES.map((m) => (
                        <option key={m} value={m}>
                          {P.modes[m]}
                        </option>
                      ))}
                    </select>
                    {l.mode !== "amount" && <FieldError id={errId} field={`limit.${role}`} text={err} />}
                  </td>
                  <td>
                    {l.mode === "amount" && (
                      <>
                        <input
                          id={`pol-limit-amount-${role}`}
                          type="text"
                          class="num"
                          inputMode="decimal"
                          autoComplete="off"
                          placeholder="2000.00"
                          value={l.amount}
                          aria-labelledby={`pol-role-${role} pol-col-amount`}
                          {...invalid(errId, err)}
                          onInput={(e) => setLimit(role, { amount: (e.currentTarget as HTMLInputElement).value })}
                          data-testid={`policy-limit-amount-${role}`}
                        />
                        <FieldError id={errId} field={`limit.${role}`} text={err} />
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <FieldError id="pol-limits-err" field="limits" text={errors.limits} />

      <fieldset>
        <legend>{P.breachTitle}</legend>
        {edit ? (
          <Check
            id="pol-reinstate"
            label={P.reinstate}
            checked={form.reinstate}
            onChange={(on) => {
              patch((f) => ({ ...f, reinstate: on }));
              clear("reinstate");
            }}
            testid="policy-reinstate"
          />
        ) : (
          <p data-testid="policy-reinstate" data-checked={form.reinstate ? "true" : "false"}>
            {form.reinstate ? P.reinstateYes : P.reinstateNo}
          </p>
        )}
        <FieldError id="pol-reinstate-err" field="reinstate" text={errors.reinstate} />
      </fieldset>

      {edit && (
        <fieldset>
          <legend>{P.editTitle}</legend>
          <label for="agreement-policy-note">{O.policyNote}</label>
          <input
            id="agreement-policy-note"
            type="text"
            value={form.note}
            maxLength={300}
            required
            {...invalid("agreement-policy-note-err", errors.note)}
            aria-describedby={errors.note ? "agreement-policy-note-err pol-note-hint" : "pol-note-hint"}
            onInput={(e) => {
              const note = (e.currentTarget as HTMLInputElement).value;
              patch((f) => ({ ...f, note }));
              clear("note");
            }}
            data-testid="agreement-policy-note"
          />
          <FieldError id="agreement-policy-note-err" field="note" text={errors.note} />
          <p class="hint" id="pol-note-hint">
            {P.noteHint}
          </p>
          <div class="actions">
            <button type="button" class="big" onClick={() => void save()} disabled={busy} data-testid="agreement-policy-save">
              {busy ? <Spinner label={P.saving} /> : O.policySave}
            </button>
            {dirty && (
              <button type="button" class="secondary" onClick={discard} disabled={busy} data-testid="policy-discard">
                {P.discard}
              </button>
            )}
          </div>
        </fieldset>
      )}
      {message && (
        <div class={message.ok ? "hint" : "error"} role={message.ok ? "status" : "alert"} data-testid="agreement-policy-message">
          <p>{message.text}</p>
          {!!message.more?.length && (
            <ul>
              {message.more.map((m, i) => (
                <li key={i}>{m}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
