/**
 * One discount program as a form (program-form.ts): name, approving act, active, beneficiary
 * types, percentage, services, monthly m³ cap, property classes, for each chosen type its
 * documents (and the senior's minimum age), the current-or-agreement requirement, validity and
 * renewal notice. Each field's error under it; read-only (every input disabled, no "Guardar")
 * for the clerks and the director.
 */
import type { ComponentChildren } from "preact";
import { PROPERTY_CLASS_LABELS } from "../../domain/outcomes";
import { discountsEs } from "../../i18n/es-discounts";
import { Spinner } from "../../ui/components";
import { SERVICE_LABELS } from "../agreements/labels";
import { BENEFICIARY_TYPES, DOCUMENT_KINDS, PROGRAM_CLASSES, PROGRAM_SERVICES, toggle, type FieldErrors, type ProgramForm } from "./program-form";
import { typeLabel } from "./office-parts";

const P = discountsEs.programs;

/** The error keys this form shows by a field (the others go to the summary). */
export function shownFields(f: ProgramForm): string[] {
  const base = ["name", "approving_act", "active", "beneficiary_types", "pct", "services", "monthly_m3_cap", "property_classes", "requires_current_or_agreement", "validity_days", "renewal_notice_days"];
  const types = BENEFICIARY_TYPES.filter((t) => f.types.includes(t));
  return [...base, ...types.map((t) => `required_documents.${t}`), ...(types.includes("senior") ? ["min_age.senior"] : [])];
}

function FieldError({ field, errors }: { field: string; errors: FieldErrors }) {
  const text = errors[field];
  if (!text) return null;
  return (
    <p class="field-error" id={`program-err-${field.replace(/\W/g, "-")}`} data-testid="program-field-error" data-field={field}>
      {text}
    </p>
  );
}

const invalid = (field: string, errors: FieldErrors) => (errors[field] ? { "aria-invalid": true as const, "aria-describedby": `program-err-${field.replace(/\W/g, "-")}` } : {});

function Box(p: { id: string; label: string; checked: boolean; disabled: boolean; onChange: (on: boolean) => void }) {
  return (
    <label class="check" for={p.id}>
      <input id={p.id} type="checkbox" checked={p.checked} disabled={p.disabled} data-testid={p.id} onChange={(e) => p.onChange((e.currentTarget as HTMLInputElement).checked)} />
      <span>{p.label}</span>
    </label>
  );
}

function Group(p: { legend: string; field: string; errors: FieldErrors; children: ComponentChildren }) {
  return (
    <fieldset {...invalid(p.field, p.errors)}>
      <legend>{p.legend}</legend>
      <div class="program-checks">{p.children}</div>
      <FieldError field={p.field} errors={p.errors} />
    </fieldset>
  );
}

function Text(p: { id: string; field: string; label: string; value: string; hint?: string; errors: FieldErrors; disabled: boolean; inputMode?: "decimal" | "numeric"; onInput: (v: string) => void }) {
  return (
    <div>
      <label for={p.id}>{p.label}</label>
      <input id={p.id} type="text" value={p.value} disabled={p.disabled} inputMode={p.inputMode} autoComplete="off" data-testid={p.id} {...invalid(p.field, p.errors)} onInput={(e) => p.onInput((e.currentTarget as HTMLInputElement).value)} />
      {p.hint && <p class="hint">{p.hint}</p>}
      <FieldError field={p.field} errors={p.errors} />
    </div>
  );
}

export function ProgramEditor(props: {
  title: string;
  form: ProgramForm;
  errors: FieldErrors;
  readOnly: boolean;
  busy: boolean;
  /** The save's outcome (program-errors), shown by the buttons. */
  summary?: ComponentChildren;
  /** A change computed from the latest form (events may come faster than renders), and the error keys it clears. */
  onChange: (patch: (f: ProgramForm) => Partial<ProgramForm>, fields: string[]) => void;
  onSave: () => void;
  onClose: () => void;
}) {
  const { form: f, errors, readOnly: ro } = props;
  const set = (patch: (f: ProgramForm) => Partial<ProgramForm>, ...fields: string[]) => props.onChange(patch, fields);
  const types = BENEFICIARY_TYPES.filter((t) => f.types.includes(t));
  return (
    <form
      class="program-form"
      aria-labelledby="program-form-title"
      data-testid="program-form"
      data-readonly={ro ? "true" : "false"}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!ro) props.onSave();
      }}
    >
      <h4 id="program-form-title">{props.title}</h4>
      <div class="grid2">
        <Text id="program-name" field="name" label={P.name} value={f.name} errors={errors} disabled={ro} onInput={(v) => set(() => ({ name: v }), "name")} />
        <Text id="program-act" field="approving_act" label={P.act} hint={P.actHint} value={f.act} errors={errors} disabled={ro} onInput={(v) => set(() => ({ act: v }), "approving_act")} />
      </div>
      <Box id="program-active" label={P.active} checked={f.active} disabled={ro} onChange={(on) => set(() => ({ active: on }), "active")} />
      {!f.active && <p class="hint">{P.inactiveHint}</p>}

      <Group legend={P.types} field="beneficiary_types" errors={errors}>
        {BENEFICIARY_TYPES.map((t) => (
          <Box key={t} id={`program-type-${t}`} label={typeLabel(t)} checked={f.types.includes(t)} disabled={ro} onChange={(on) => set((x) => ({ types: toggle(x.types, t, on) }), "beneficiary_types", `required_documents.${t}`, `min_age.${t}`)} />
        ))}
      </Group>

      <div class="grid2">
        <Text id="program-pct" field="pct" label={P.pct} value={f.pct} errors={errors} disabled={ro} inputMode="decimal" onInput={(v) => set(() => ({ pct: v }), "pct")} />
        <Text id="program-cap" field="monthly_m3_cap" label={P.cap} hint={P.capHint} value={f.cap} errors={errors} disabled={ro} inputMode="numeric" onInput={(v) => set(() => ({ cap: v }), "monthly_m3_cap")} />
      </div>

      <Group legend={P.services} field="services" errors={errors}>
        {PROGRAM_SERVICES.map((s) => (
          <Box key={s} id={`program-service-${s}`} label={SERVICE_LABELS[s] ?? s} checked={f.services.includes(s)} disabled={ro} onChange={(on) => set((x) => ({ services: toggle(x.services, s, on) }), "services")} />
        ))}
      </Group>

      <Group legend={P.classes} field="property_classes" errors={errors}>
        {PROGRAM_CLASSES.map((c) => (
          <Box key={c} id={`program-class-${c}`} label={PROPERTY_CLASS_LABELS[c] ?? c} checked={f.classes.includes(c)} disabled={ro} onChange={(on) => set((x) => ({ classes: toggle(x.classes, c, on) }), "property_classes")} />
        ))}
      </Group>

      {types.map((t) => (
        <Group key={t} legend={P.documents(typeLabel(t))} field={`required_documents.${t}`} errors={errors}>
          {DOCUMENT_KINDS.map((k) => (
            <Box
              key={k}
              id={`program-doc-${t}-${k}`}
              label={discountsEs.documentKinds[k] ?? k}
              checked={(f.docs[t] ?? []).includes(k)}
              disabled={ro}
              onChange={(on) => set((x) => ({ docs: { ...x.docs, [t]: toggle(x.docs[t] ?? [], k, on) } }), `required_documents.${t}`)}
            />
          ))}
          {t === "senior" && (
            <Text
              id="program-min-age-senior"
              field="min_age.senior"
              label={P.minAgeSenior}
              hint={P.minAgeHint}
              value={f.minAge.senior ?? ""}
              errors={errors}
              disabled={ro}
              inputMode="numeric"
              onInput={(v) => set((x) => ({ minAge: { ...x.minAge, senior: v } }), "min_age.senior")}
            />
          )}
        </Group>
      ))}

      <Box id="program-current" label={P.current} checked={f.current} disabled={ro} onChange={(on) => set(() => ({ current: on }), "requires_current_or_agreement")} />
      <FieldError field="requires_current_or_agreement" errors={errors} />
      <div class="grid2">
        <Text id="program-validity" field="validity_days" label={P.validity} value={f.validity} errors={errors} disabled={ro} inputMode="numeric" onInput={(v) => set(() => ({ validity: v }), "validity_days", "renewal_notice_days")} />
        <Text id="program-renewal" field="renewal_notice_days" label={P.renewal} value={f.renewal} errors={errors} disabled={ro} inputMode="numeric" onInput={(v) => set(() => ({ renewal: v }), "renewal_notice_days")} />
      </div>

      {props.summary}
      <div class="actions">
        {!ro && (
          <button type="submit" disabled={props.busy} data-testid="program-save">
            {props.busy ? <Spinner label={P.saving} /> : P.save}
          </button>
        )}
        <button type="button" class="secondary" onClick={props.onClose} data-testid="program-close">
          {P.cancel}
        </button>
      </div>
    </form>
  );
}
