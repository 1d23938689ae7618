/** The reason of a rejection (office): a text of 3 letters or more, then the confirm button. Used by charges and field corrections. */
import { useEffect, useRef } from "preact/hooks";
import { Spinner } from "../../ui/components";

export function ReasonPrompt(props: { id: string; testid: string; reason: string; onReason: (v: string) => void; busy: boolean; confirmLabel: string; onConfirm: () => void; onCancel: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  return (
    <div class="actions">
      <label class="visually-hidden" for={props.id}>
        Motivo del rechazo
      </label>
      <input
        id={props.id}
        ref={input}
        type="text"
        placeholder="Motivo del rechazo"
        value={props.reason}
        maxLength={500}
        onInput={(e) => props.onReason((e.currentTarget as HTMLInputElement).value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") props.onCancel();
          if (e.key === "Enter" && props.reason.trim().length >= 3 && !props.busy) props.onConfirm();
        }}
        data-testid={`${props.testid}-reason`}
      />
      <button type="button" class="danger" disabled={props.reason.trim().length < 3 || props.busy} onClick={props.onConfirm} data-testid={`${props.testid}-confirm`}>
        {props.busy ? <Spinner label="Enviando…" /> : props.confirmLabel}
      </button>
      <button type="button" class="secondary" onClick={props.onCancel}>
        Cancelar
      </button>
    </div>
  );
}
