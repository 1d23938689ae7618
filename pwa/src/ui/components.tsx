/** Small presentational pieces shared by screens. */
import type { ComponentChildren, JSX } from "preact";
import { ITEM_STATE_LABELS, type ItemState } from "../state/view";

/** A busy indicator with a text for screen readers. */
export function Spinner({ label = "Cargando…" }: { label?: string }) {
  return (
    <span role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" /> <span>{label}</span>
    </span>
  );
}

/** Per-item sync state: pendiente, enviado, evidencia pendiente, observado. */
export function StatePill({ state, testid }: { state: ItemState; testid?: string }) {
  return (
    <span class={`pill ${state}`} data-testid={testid ?? "item-state"} data-state={state}>
      {ITEM_STATE_LABELS[state]}
    </span>
  );
}

/** A labelled text field with its error. */
export function TextField(props: {
  id: string;
  label: string;
  value: string;
  onInput: (v: string) => void;
  error?: string;
  type?: string;
  testid?: string;
  required?: boolean;
  autoComplete?: string;
  placeholder?: string;
  multiline?: boolean;
  inputMode?: JSX.HTMLAttributes<HTMLInputElement>["inputMode"];
}) {
  const errId = `${props.id}-err`;
  const common = {
    id: props.id,
    value: props.value,
    "data-testid": props.testid,
    "aria-invalid": props.error ? true : undefined,
    "aria-describedby": props.error ? errId : undefined,
    required: props.required,
    placeholder: props.placeholder,
  };
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      {props.multiline ? (
        <textarea {...common} onInput={(e) => props.onInput((e.currentTarget as HTMLTextAreaElement).value)} />
      ) : (
        <input
          {...common}
          type={props.type ?? "text"}
          autoComplete={props.autoComplete}
          inputMode={props.inputMode}
          onInput={(e) => props.onInput((e.currentTarget as HTMLInputElement).value)}
        />
      )}
      {props.error && (
        <p class="field-error" id={errId}>
          {props.error}
        </p>
      )}
    </div>
  );
}

/** A checkbox with a big hit area. */
export function Check(props: { id: string; label: string; checked: boolean; onChange: (v: boolean) => void; testid?: string }) {
  return (
    <label class="check" for={props.id}>
      <input id={props.id} type="checkbox" checked={props.checked} data-testid={props.testid} onChange={(e) => props.onChange((e.currentTarget as HTMLInputElement).checked)} />
      <span>{props.label}</span>
    </label>
  );
}

/** A coloured notice strip. */
export function Banner({ kind, children, testid }: { kind: "info" | "warn" | "bad"; children: ComponentChildren; testid?: string }) {
  return (
    <div class={`banner ${kind}`} role={kind === "bad" ? "alert" : "status"} data-testid={testid}>
      {children}
    </div>
  );
}

/** "Anterior · Página p de n · Siguiente" under an office list (nothing when one page). */
export function Pager({ page, pages, onPage, testid }: { page: number; pages: number; onPage: (p: number) => void; testid: string }) {
  if (pages <= 1) return null;
  return (
    <div class="actions">
      <button type="button" class="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)} data-testid={`${testid}-prev`}>
        Anterior
      </button>
      <span>{`Página ${page} de ${pages}`}</span>
      <button type="button" class="secondary" disabled={page >= pages} onClick={() => onPage(page + 1)} data-testid={`${testid}-next`}>
        Siguiente
      </button>
    </div>
  );
}
