/**
 * "Descuentos → Programas" (office): the discount programs (name, active, percentage, services,
 * cap, validity, approving act). The manager opens one to edit it, or "Nuevo programa"; the
 * clerks and the director see the same form read-only. Checks run here first
 * (program-form.ts), then `POST /programs` or `PUT /programs/<id>` after a confirm that says
 * the change applies from the next posting and reaches every phone at its next sync; the
 * server's 422 messages show by their fields.
 */
import { useRef, useState } from "preact/hooks";
import type { ApiError } from "../../api/errors";
import { discountsEs } from "../../i18n/es-discounts";
import { Spinner } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { SERVICE_LABELS } from "../agreements/labels";
import { createProgram, listPrograms, updateProgram, type ProgramOut } from "./api";
import { ProgramEditor, shownFields } from "./ProgramEditor";
import { formFromProgram, newProgramForm, programFromForm, serverFieldErrors, type FieldErrors, type ProgramForm } from "./program-form";

const P = discountsEs.programs;

interface Editing {
  /** null: a new program. */
  id: string | null;
  title: string;
  form: ProgramForm;
}

type Outcome = { ok: boolean; text: string; more?: string[] } | null;

function ProgramRow({ p, manager, onOpen }: { p: ProgramOut; manager: boolean; onOpen: () => void }) {
  const r = p.rules as Record<string, unknown>;
  const services = Array.isArray(r.services) ? (r.services as string[]) : [];
  const cap = r.monthly_m3_cap;
  return (
    <tr data-testid="program-row" data-program-id={p.id} data-active={String(p.active)}>
      <th scope="row">{p.name}</th>
      <td>{p.active ? P.yes : P.no}</td>
      <td class="num" data-testid="program-row-pct">
        {String(r.pct ?? "")} %
      </td>
      <td>{services.map((s) => SERVICE_LABELS[s] ?? s).join(", ")}</td>
      <td class="num">{cap === null || cap === undefined ? P.noCap : `${String(cap)} m³`}</td>
      <td class="num">{P.days(String(r.validity_days ?? ""))}</td>
      <td>{p.approving_act ?? "—"}</td>
      <td>
        <button type="button" class="secondary" onClick={onOpen} data-testid="program-edit">
          {manager ? P.edit : P.view}
        </button>
      </td>
    </tr>
  );
}

export function ProgramsPanel({ manager }: { manager: boolean }) {
  const list = useLoad(listPrograms, []);
  const [editing, setEditingState] = useState<Editing | null>(null);
  // The form as last changed (events may come faster than renders: save reads this one).
  const latest = useRef<Editing | null>(null);
  const setEditing = (e: Editing | null) => {
    latest.current = e;
    setEditingState(e);
  };
  const [errors, setErrors] = useState<FieldErrors>({});
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLElement>(null);

  const focusInvalid = () =>
    requestAnimationFrame(() => {
      const el = box.current?.querySelector("[aria-invalid='true'] input, input[aria-invalid='true'], [data-testid='program-errors']") as HTMLElement | null;
      el?.focus?.();
      el?.scrollIntoView?.({ block: "center" });
    });

  const open = (next: Editing) => {
    setEditing(next);
    setErrors({});
    setOutcome(null);
    setSaved(null);
  };

  const change = (patch: (f: ProgramForm) => Partial<ProgramForm>, fields: string[]) => {
    const e = latest.current;
    if (e) setEditing({ ...e, form: { ...e.form, ...patch(e.form) } });
    setErrors((old) => {
      if (!fields.some((k) => k in old)) return old;
      const n = { ...old };
      for (const k of fields) delete n[k];
      return n;
    });
  };

  /** What the form shows nowhere by a field (an unknown key, another type's age...). */
  const unplaced = (form: ProgramForm, errs: FieldErrors) => {
    const shown = shownFields(form);
    return Object.entries(errs)
      .filter(([k]) => !shown.includes(k))
      .map(([, v]) => v);
  };

  const save = async () => {
    const editing = latest.current;
    if (!editing || !manager) return;
    const checked = programFromForm(editing.form);
    setErrors(checked.errors);
    if (!checked.body) {
      setOutcome({ ok: false, text: P.fix, more: unplaced(editing.form, checked.errors) });
      focusInvalid();
      return;
    }
    if (!confirm(P.confirm)) return;
    setBusy(true);
    setOutcome(null);
    try {
      const out = editing.id ? await updateProgram(editing.id, checked.body) : await createProgram(checked.body);
      setEditing(null);
      setSaved(`${P.saved} (${out.name})`);
      list.reload();
    } catch (e) {
      const err = e as ApiError;
      const server = serverFieldErrors(err.body);
      setErrors(server.errors);
      setOutcome({ ok: false, text: err.message, more: [...server.other, ...unplaced(editing.form, server.errors)] });
      focusInvalid();
    } finally {
      setBusy(false);
    }
  };

  const summary = outcome && (
    <div class="banner bad" role="alert" tabIndex={-1} data-testid="program-errors">
      <p>{outcome.text}</p>
      {(outcome.more ?? []).map((m, i) => (
        <p key={i}>{m}</p>
      ))}
    </div>
  );

  return (
    <section ref={box} aria-labelledby="discount-programs-title" data-testid="discount-programs">
      <h3 id="discount-programs-title">{P.title}</h3>
      <p class="hint">{P.hint}</p>
      {!manager && <p class="hint">{P.readOnly}</p>}
      {saved && (
        <p class="banner info" role="status" data-testid="program-saved">
          {saved}
        </p>
      )}
      {list.busy && !list.data && <Spinner />}
      {list.error && <p class="error">{list.error}</p>}
      {list.data && list.data.length === 0 && <p>{P.empty}</p>}
      {list.data && list.data.length > 0 && (
        <div class="table-wrap">
          <table data-testid="program-list">
            <thead>
              <tr>
                <th scope="col">{P.name}</th>
                <th scope="col">{P.activeCol}</th>
                <th scope="col" class="num">
                  {P.pctCol}
                </th>
                <th scope="col">{P.services}</th>
                <th scope="col" class="num">
                  {P.cap}
                </th>
                <th scope="col" class="num">
                  {P.validityCol}
                </th>
                <th scope="col">{P.act}</th>
                <th scope="col">
                  <span class="visually-hidden">{P.edit}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((p) => (
                <ProgramRow key={p.id} p={p} manager={manager} onOpen={() => open({ id: p.id, title: P.editTitle(p.name), form: formFromProgram(p) })} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {manager && !editing && (
        <div class="actions">
          <button type="button" onClick={() => open({ id: null, title: P.newTitle, form: newProgramForm() })} data-testid="program-new">
            {P.add}
          </button>
        </div>
      )}
      {editing && (
        <ProgramEditor
          title={editing.title}
          form={editing.form}
          errors={errors}
          readOnly={!manager}
          busy={busy}
          summary={summary}
          onChange={change}
          onSave={() => void save()}
          onClose={() => setEditing(null)}
        />
      )}
    </section>
  );
}
