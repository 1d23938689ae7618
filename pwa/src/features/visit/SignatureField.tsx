/**
 * A signature (signature_pad): the receiver's on a visit, the customer's and the staff member's
 * on an agreement. A rotation or resize clears it and asks to sign again. Test ids default to
 * the visit's (`visit-signature-canvas`, `-clear`, `-resized`).
 */
import SignaturePad from "signature_pad";
import { useEffect, useRef, useState } from "preact/hooks";

export interface SignatureHandle {
  isEmpty(): boolean;
  canvas(): HTMLCanvasElement | null;
}

export function SignatureField(props: {
  onChange: (hasInk: boolean) => void;
  handle: { current: SignatureHandle | null };
  disabled?: boolean;
  error?: string;
  /** Test id of the canvas; the clear button and the resize notice take `<testid>-clear` / `-resized` unless it is the visit's. */
  testid?: string;
  /** What the canvas is for, for screen readers. */
  label?: string;
}) {
  const canvasId = props.testid ?? "visit-signature-canvas";
  const prefix = props.testid ? props.testid : "visit-signature";
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const padRef = useRef<SignaturePad | null>(null);
  const [resized, setResized] = useState(false);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const pad = new SignaturePad(canvas, { penColor: "#000", backgroundColor: "rgb(255,255,255)", minWidth: 1, maxWidth: 3 });
    padRef.current = pad;
    let lastW = 0;
    const fit = () => {
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      const w = canvas.offsetWidth;
      if (!w || w === lastW) return;
      const hadInk = !pad.isEmpty();
      lastW = w;
      canvas.width = w * ratio;
      canvas.height = canvas.offsetHeight * ratio;
      canvas.getContext("2d")?.scale(ratio, ratio);
      pad.clear(); // the strokes no longer fit: the receiver signs again
      if (hadInk) {
        setResized(true);
        onChange.current(false);
      }
    };
    fit();
    onChange.current(false); // a new pad is empty, whatever was signed on an earlier one
    const end = () => {
      setResized(false);
      onChange.current(!pad.isEmpty());
    };
    pad.addEventListener("endStroke", end);
    window.addEventListener("resize", fit);
    window.addEventListener("orientationchange", fit);
    props.handle.current = { isEmpty: () => pad.isEmpty(), canvas: () => canvasRef.current };
    return () => {
      pad.removeEventListener("endStroke", end);
      window.removeEventListener("resize", fit);
      window.removeEventListener("orientationchange", fit);
      pad.off();
      props.handle.current = null;
    };
  }, []);

  useEffect(() => {
    const pad = padRef.current;
    if (!pad) return;
    if (props.disabled) {
      pad.clear();
      pad.off();
      onChange.current(false);
    } else pad.on();
  }, [props.disabled]);

  return (
    <div>
      <div class="sig-wrap" style={{ opacity: props.disabled ? 0.4 : 1 }}>
        <canvas ref={canvasRef} data-testid={canvasId} aria-label={props.label ?? "Área para la firma de quien recibe"} role="img" />
      </div>
      {resized && (
        <p class="field-error" role="alert" data-testid={`${prefix}-resized`}>
          Se giró la pantalla y se borró la firma: pida que firme de nuevo.
        </p>
      )}
      {props.error && <p class="field-error">{props.error}</p>}
      <div class="actions">
        <button
          type="button"
          class="secondary"
          disabled={props.disabled}
          onClick={() => {
            padRef.current?.clear();
            onChange.current(false);
          }}
          data-testid={`${prefix}-clear`}
        >
          Borrar firma
        </button>
      </div>
    </div>
  );
}
