/** The reason of a cancellation (office): a text of 3 letters or more, then "Confirmar cancelación". */
import { Spinner } from "./components";

/** Label, reason input (`<testid>-reason`) and confirm button (`<testid>-confirm`; a spinner while `busy` when `busyLabel` is given). */
export function CancelReason(props: { id: string; testid: string; reason: string; onReason: (v: string) => void; busy: boolean; busyLabel?: string; onConfirm: () => void }) {
  return (
    <>
      <label class="visually-hidden" for={props.id}>
        Motivo de la cancelación
      </label>
      <input id={props.id} type="text" placeholder="Motivo (p. ej. pagó en caja)" value={props.reason} onInput={(e) => props.onReason((e.currentTarget as HTMLInputElement).value)} data-testid={`${props.testid}-reason`} />
      <button type="button" class="danger" disabled={props.reason.trim().length < 3 || props.busy} onClick={props.onConfirm} data-testid={`${props.testid}-confirm`}>
        {props.busy && props.busyLabel ? <Spinner label={props.busyLabel} /> : "Confirmar cancelación"}
      </button>
    </>
  );
}
