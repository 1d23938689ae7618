/** The state of an office decision on one row (approve/authorize, or reject with a reason): which step is open, the reason typed, busy and the error. */
import { useState } from "preact/hooks";

export interface Decision<M extends string> {
  mode: M | "idle";
  setMode: (m: M | "idle") => void;
  reason: string;
  setReason: (r: string) => void;
  busy: boolean;
  error: string | null;
  /** Runs `fn`; on success closes the step and reports `msg`, on failure keeps it open with the server's message. */
  run: (fn: () => Promise<unknown>, msg: string) => Promise<void>;
}

export function useDecision<M extends string>(onDone: (msg: string) => void): Decision<M> {
  const [mode, setMode] = useState<M | "idle">("idle");
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (fn: () => Promise<unknown>, msg: string) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      setMode("idle");
      onDone(msg);
    } catch (e) {
      setError((e as Error).message || "No se pudo guardar la decisión.");
    }
    setBusy(false);
  };
  return { mode, setMode, reason, setReason, busy, error, run };
}
